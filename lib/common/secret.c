/*
 * secret.c - secret keys read from "env:VAR" or "file:PATH", held and generated.
 *
 * A key is its bytes less ONE final "\n" (so a file written by `echo` or by
 * odp_secret_generate_file works, and a key that really ends in a newline can still be
 * expressed with two). Refused, each as ODP_EKEY at the key spec's line/col in the
 * policy: a missing variable or file, a symlink (O_NOFOLLOW), anything but a regular
 * file, a file with any group/other permission bit (the message says `chmod 600`), a
 * key shorter than 32 bytes, and a guessable one (one byte repeated, an even run, a short
 * pattern: weak_key).
 *
 * Promises: key bytes live only in OPENSSL_secure_malloc memory (a small secure arena is
 * set up on first use; when mlock is not possible OpenSSL falls back to the normal heap
 * and we still cleanse) and are OPENSSL_cleanse'd on free; read buffers on the stack
 * are cleansed too; core dumps are switched off (RLIMIT_CORE 0) before a key is read.
 * No error message or log ever holds key bytes.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "fs.h"
#include "odp/keys.h"
#include "secret.h"

#define KEY_MIN_LEN 32u
#define KEY_MAX_LEN 65536u
#define SECURE_ARENA (64u * 1024u)

static void
secure_init(void)
{
    static int tried;

    if (!tried) {
        tried = 1;
        if (!CRYPTO_secure_malloc_initialized()) {
            /* 0 means "not possible here" (no mlock): OpenSSL then uses the heap. */
            (void)CRYPTO_secure_malloc_init(SECURE_ARENA, 32);
        }
    }
}

static void
no_core_dumps(void)
{
    struct rlimit rl;

    if (getrlimit(RLIMIT_CORE, &rl) == 0 && rl.rlim_cur != 0) {
        rl.rlim_cur = 0;
        (void)setrlimit(RLIMIT_CORE, &rl);
    }
}

void
odp_secret_free(uint8_t *p, size_t len)
{
    if (p != NULL) {
        OPENSSL_secure_clear_free(p, len + 1);
    }
}

/*
 * Why a key of the right length is still guessable, or NULL. A key that is one byte
 * repeated ("000..."), a run of evenly spaced bytes ("abcdef..."), or a short pattern
 * repeated ("abab...") is found by trying a handful of guesses: each guess is checked
 * offline against the published pseudonyms (and its 32-bit key id). The estimate is the
 * length of the key's shortest repeating unit times log2 of the number of distinct bytes
 * in it (rounded down); under 64 bits is refused. odpub's own keys are 32 random bytes.
 */
static const char *
weak_key(const uint8_t *k, size_t n)
{
    unsigned char seen[256] = {0};
    unsigned distinct = 0, lg = 0;
    size_t p, i;

    for (i = 2; i < n && (uint8_t)(k[i] - k[i - 1]) == (uint8_t)(k[1] - k[0]); i++) {
    }
    if (i >= n) {
        return k[1] == k[0] ? "one byte repeated" : "a run of evenly spaced bytes";
    }
    for (p = 1; p < n; p++) {
        for (i = p; i < n && k[i] == k[i - p]; i++) {
        }
        if (i == n) {
            break;
        }
    }
    for (i = 0; i < p; i++) {
        distinct += !seen[k[i]];
        seen[k[i]] = 1;
    }
    while ((distinct >> (lg + 1)) != 0) {
        lg++;
    }
    return (uint64_t)p * lg < 64 ? "a short pattern repeated, or too few distinct bytes" : NULL;
}

/* Copies n bytes less one final newline into fresh secure memory. */
static int
take_key(const uint8_t *src, size_t n, const struct odp_loc *loc, const char *spec,
         uint8_t **out, size_t *len, struct odp_err *err)
{
    const char *why;
    uint8_t *k;

    if (n > 0 && src[n - 1] == '\n') {
        n--;
    }
    if (n < KEY_MIN_LEN) {
        return odp_errf(err, ODP_EKEY, loc,
                        "key '%s' is shorter than %u bytes; make one with `odpub keygen "
                        "--pseudonym FILE`",
                        spec, KEY_MIN_LEN);
    }
    if ((why = weak_key(src, n)) != NULL) {
        return odp_errf(err, ODP_EKEY, loc,
                        "key '%s' is guessable (%s); make one with `odpub keygen --pseudonym "
                        "FILE`",
                        spec, why);
    }
    k = OPENSSL_secure_malloc(n + 1);
    if (k == NULL) {
        return odp_errf(err, ODP_ENOMEM, loc, "out of memory");
    }
    memcpy(k, src, n);
    k[n] = 0;
    *out = k;
    *len = n;
    return ODP_OK;
}

static int
read_env(const char *var, const char *spec, const struct odp_loc *loc, uint8_t **out,
         size_t *len, struct odp_err *err)
{
    const char *v;

    if (var[0] == '\0') {
        return odp_errf(err, ODP_EKEY, loc, "key '%s' names no environment variable", spec);
    }
    v = secure_getenv(var);
    if (v == NULL) {
        return odp_errf(err, ODP_EKEY, loc, "key '%s': environment variable %s is not set",
                        spec, var);
    }
    return take_key((const uint8_t *)v, strlen(v), loc, spec, out, len, err);
}

static int
read_file(const char *path, const char *spec, const struct odp_loc *loc, uint8_t **out,
          size_t *len, struct odp_err *err)
{
    struct stat st;
    uint8_t *buf = NULL;
    size_t got = 0, cap;
    ssize_t r;
    int fd, rc;

    fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        int e = errno;

        if (e == ELOOP) {
            return odp_errf(err, ODP_EKEY, loc,
                            "key file '%s' is a symbolic link; point the policy at the file "
                            "itself",
                            path);
        }
        if (e == ENOENT) {
            return odp_errf(err, ODP_EKEY, loc,
                            "key file '%s' does not exist (key '%s'); make one with `odpub "
                            "keygen --pseudonym FILE`",
                            path, spec);
        }
        return odp_errf(err, ODP_EKEY, loc, "cannot open key file '%s': %s", path, strerror(e));
    }
    if (fstat(fd, &st) != 0) {
        rc = odp_errf(err, ODP_EKEY, loc, "cannot stat key file '%s': %s", path,
                      strerror(errno));
        goto out;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = odp_errf(err, ODP_EKEY, loc, "key file '%s' is not a regular file", path);
        goto out;
    }
    if ((st.st_mode & 077) != 0) {
        rc = odp_errf(err, ODP_EKEY, loc,
                      "key file '%s' is accessible by group or others (mode %03o); run "
                      "`chmod 600 %s`",
                      path, (unsigned)(st.st_mode & 0777), path);
        goto out;
    }
    if (st.st_size < 0 || (uint64_t)st.st_size > KEY_MAX_LEN) {
        rc = odp_errf(err, ODP_EKEY, loc, "key file '%s' is larger than %u bytes", path,
                      KEY_MAX_LEN);
        goto out;
    }
    /* Read straight into secure memory; one spare byte shows a file that grew. */
    cap = (size_t)st.st_size + 1;
    buf = OPENSSL_secure_malloc(cap + 1);
    if (buf == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, loc, "out of memory");
        goto out;
    }
    for (;;) {
        r = read(fd, buf + got, cap - got);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            rc = odp_errf(err, ODP_EKEY, loc, "cannot read key file '%s': %s", path,
                          strerror(errno));
            goto out;
        }
        if (r == 0) {
            break;
        }
        got += (size_t)r;
        if (got == cap) {
            rc = odp_errf(err, ODP_EKEY, loc, "key file '%s' changed while being read", path);
            goto out;
        }
    }
    rc = take_key(buf, got, loc, spec, out, len, err);
out:
    if (buf != NULL) {
        OPENSSL_secure_clear_free(buf, cap + 1);
    }
    close(fd);
    return rc;
}

int
odp_secret_read(const char *spec, const char *base_dir, const struct odp_loc *loc,
                uint8_t **out, size_t *len, struct odp_err *err)
{
    int rc;

    if (spec == NULL || out == NULL || len == NULL) {
        return odp_errf(err, ODP_EINVAL, loc, "odp_secret_read: bad argument");
    }
    *out = NULL;
    *len = 0;
    secure_init();
    no_core_dumps();
    if (strncmp(spec, "env:", 4) == 0) {
        return read_env(spec + 4, spec, loc, out, len, err);
    }
    if (strncmp(spec, "file:", 5) == 0) {
        const char *path = spec + 5;
        char *full = NULL;

        if (path[0] == '\0') {
            return odp_errf(err, ODP_EKEY, loc, "key '%s' names no file", spec);
        }
        if (path[0] != '/' && base_dir != NULL && base_dir[0] != '\0') {
            full = odp_path_join(base_dir, path);
            if (full == NULL) {
                return odp_errf(err, ODP_ENOMEM, loc, "out of memory");
            }
            path = full;
        }
        rc = read_file(path, spec, loc, out, len, err);
        free(full);
        return rc;
    }
    if (strncmp(spec, "keyid:", 6) == 0) {
        return odp_errf(err, ODP_EKEY, loc,
                        "key '%s' is only a key id (an effective policy); give env:VAR or "
                        "file:PATH",
                        spec);
    }
    return odp_errf(err, ODP_EKEY, loc, "key source must be env:VAR or file:PATH");
}

/* ---------------------------------------------------------------- generate */

int
odp_secret_generate_file(const char *path, int force, struct odp_err *err)
{
    uint8_t raw[32];
    char hex[66];
    char *tmp = NULL;
    const char *target;
    int fd = -1, rc = ODP_OK;
    size_t plen;

    if (path == NULL || path[0] == '\0') {
        return odp_errf(err, ODP_EINVAL, NULL, "no key file name given");
    }
    if (RAND_bytes(raw, sizeof(raw)) != 1) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "the random number generator failed");
    }
    odp_hex(raw, sizeof(raw), hex);
    OPENSSL_cleanse(raw, sizeof(raw));
    hex[64] = '\n';
    hex[65] = '\0';
    target = path;
    if (force) {
        /* Build beside the target and rename over it: never a half-written key. */
        plen = strlen(path);
        tmp = malloc(plen + 32);
        if (tmp == NULL) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            goto out;
        }
        snprintf(tmp, plen + 32, "%s.tmp-%ld", path, (long)getpid());
        (void)unlink(tmp);
        target = tmp;
    }
    fd = open(target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST && !force) {
            rc = odp_errf(err, ODP_EIO, &(struct odp_loc){path, 0, 0},
                          "key file '%s' already exists (use --force to replace it)", path);
        } else {
            rc = odp_err_sys(err, path, "cannot create key file '%s'", path);
        }
        goto out;
    }
    if (fchmod(fd, 0600) != 0 || odp_write_all(fd, hex, 65) != 0 || fsync(fd) != 0) {
        rc = odp_err_sys(err, path, "cannot write key file '%s'", path);
        goto out;
    }
    if (close(fd) != 0) {
        fd = -1;
        rc = odp_err_sys(err, path, "cannot write key file '%s'", path);
        goto out;
    }
    fd = -1;
    if (force && rename(tmp, path) != 0) {
        rc = odp_err_sys(err, path, "cannot replace key file '%s'", path);
        goto out;
    }
out:
    OPENSSL_cleanse(hex, sizeof(hex));
    if (fd >= 0) {
        close(fd);
    }
    if (rc < 0 && tmp != NULL) {
        (void)unlink(tmp);
    }
    free(tmp);
    return rc;
}
