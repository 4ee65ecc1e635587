/*
 * fuzz_helpers.c - scratch files and error-record checks shared by the fuzz targets.
 *
 * The scratch directory is private (mkdtemp, 0700) and removed at exit; targets that
 * need a path (the table, policy and verify entry points open files by name) write
 * their input there. Nothing here is called per byte: one write per input.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fs.h"
#include "fuzz.h"

static char g_dir[512];

static void
cleanup(void)
{
    if (g_dir[0] != '\0') {
        odp_rmtree(g_dir);
        g_dir[0] = '\0';
    }
}

const char *
fuzz_tmpdir(void)
{
    const char *base;
    int n;

    if (g_dir[0] != '\0') {
        return g_dir;
    }
    base = getenv("TMPDIR");
    if (base == NULL || base[0] == '\0') {
        base = "/tmp";
    }
    n = snprintf(g_dir, sizeof(g_dir), "%s/odpub-fuzz-XXXXXX", base);
    FUZZ_CHECK(n > 0 && (size_t)n < sizeof(g_dir));
    FUZZ_CHECK(mkdtemp(g_dir) != NULL);
    atexit(cleanup);
    return g_dir;
}

#define SLOTS 8

static char *
slot_path(const char *name)
{
    static char names[SLOTS][64];
    static char paths[SLOTS][640];
    size_t i;
    int n;

    for (i = 0; i < SLOTS; i++) {
        if (names[i][0] == '\0') {
            n = snprintf(names[i], sizeof(names[i]), "%s", name);
            FUZZ_CHECK(n > 0 && (size_t)n < sizeof(names[i]));
        }
        if (strcmp(names[i], name) == 0) {
            n = snprintf(paths[i], sizeof(paths[i]), "%s/%s", fuzz_tmpdir(), name);
            FUZZ_CHECK(n > 0 && (size_t)n < sizeof(paths[i]));
            return paths[i];
        }
    }
    FUZZ_CHECK(!"too many scratch names");
    return NULL;
}

const char *
fuzz_write(const char *name, const void *data, size_t size)
{
    const char *path = slot_path(name);
    const char *p = data;
    int fd;

    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    FUZZ_CHECK(fd >= 0);
    while (size > 0) {
        ssize_t w = write(fd, p, size);

        if (w < 0 && errno == EINTR) {
            continue;
        }
        FUZZ_CHECK(w > 0);
        p += w;
        size -= (size_t)w;
    }
    FUZZ_CHECK(close(fd) == 0);
    return path;
}

const char *
fuzz_fresh_dir(const char *name)
{
    const char *path = slot_path(name);

    odp_rmtree(path);
    FUZZ_CHECK(mkdir(path, 0700) == 0);
    return path;
}

void
fuzz_check_err(const struct odp_err *err, int rc)
{
    size_t i, n;

    FUZZ_CHECK(rc < 0);
    FUZZ_CHECK(err->code < 0);
    n = strnlen(err->msg, sizeof(err->msg));
    FUZZ_CHECK(n < sizeof(err->msg));
    FUZZ_CHECK(strnlen(err->path, sizeof(err->path)) < sizeof(err->path));
    for (i = 0; i < n; i++) {
        if ((unsigned char)err->msg[i] < 0x20 || err->msg[i] == 0x7f) {
            fprintf(stderr, "control byte 0x%02x at %zu of the message (code %d, line %llu)\n",
                    (unsigned char)err->msg[i], i, err->code, (unsigned long long)err->line);
            FUZZ_CHECK(!"control byte in an error message");
        }
    }
}

uint64_t
fuzz_hash(const uint8_t *data, size_t size)
{
    uint64_t h = 0xcbf29ce484222325ull;
    size_t i;

    for (i = 0; i < size; i++) {
        h ^= data[i];
        h *= 0x100000001b3ull;
    }
    return h;
}
