/*
 * arlib.c - loads libarchive on first use (arlib.h says why).
 *
 * dlopen with RTLD_NOW: a symbol missing from the installed library is reported at load
 * time, naming it, not as a crash at the first call. RTLD_LOCAL: nothing of libarchive
 * leaks into the global namespace of a program that embeds libodp.
 */
#define ODP_ARLIB_IMPL
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "arlib.h"

#define ODP_ARLIB_DEF(f) __typeof__(f) *odp_la_##f;
ODP_ARLIB_FUNCS(ODP_ARLIB_DEF)
#undef ODP_ARLIB_DEF

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int loaded;
static char why[512]; /* the loader's reason when loading failed */

/* dlsym returns an object pointer; POSIX guarantees it converts to a function pointer. */
static int
sym(void *h, const char *name, void *fp, size_t fpsize)
{
    void *s;

    (void)dlerror();
    s = dlsym(h, name);
    if (s == NULL || fpsize != sizeof(s)) {
        snprintf(why, sizeof(why), "%s has no symbol %s", ODP_LIBARCHIVE_SONAME, name);
        return -1;
    }
    memcpy(fp, &s, sizeof(s));
    return 0;
}

static void
load_once(void)
{
    void *h = dlopen(ODP_LIBARCHIVE_SONAME, RTLD_NOW | RTLD_LOCAL);
    const char *e;

    if (h == NULL) {
        e = dlerror();
        snprintf(why, sizeof(why), "%s", e != NULL ? e : ODP_LIBARCHIVE_SONAME ": not found");
        return;
    }
#define ODP_ARLIB_SYM(f)                                                                           \
    if (sym(h, #f, (void *)&odp_la_##f, sizeof(odp_la_##f)) != 0) {                                \
        dlclose(h);                                                                                \
        return;                                                                                    \
    }
    ODP_ARLIB_FUNCS(ODP_ARLIB_SYM)
#undef ODP_ARLIB_SYM
    loaded = 1; /* the handle stays open for the life of the process */
}

int
odp_arlib_load(const char *path, struct odp_err *err)
{
    (void)pthread_once(&once, load_once);
    if (loaded) {
        return ODP_OK;
    }
    return odp_errf(err, ODP_EIO, path != NULL ? &(struct odp_loc){path, 0, 0} : NULL,
                    "archive packages need libarchive, which could not be loaded (%s); "
                    "install it (Debian: libarchive13) or use a directory package",
                    why);
}
