/*
 * fuzz_helpers.c - scratch files and error-record checks shared by the fuzz targets.
 *
 * The scratch directory is private (mkdtemp, 0700) and removed at exit; targets that
 * need a path (the table, policy and verify entry points open files by name) write
 * their input there. Nothing here is called per byte: one write per input.
 *
 * fuzz_table_diff is the one differential harness of the table readers (fuzz_csv.c,
 * fuzz_json.c): see fuzz.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/sha.h>

#include "fs.h"
#include "fuzz.h"
#include "table_int.h"

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

/* --- the table readers' differential harness --- */

struct odp_table *
fuzz_open_table(const char *path, enum odp_input_format fmt, size_t block, int plain,
                struct odp_err *err)
{
    return fuzz_open_table_tolerant(path, fmt, block, plain, 0, err);
}

struct odp_table *
fuzz_open_table_tolerant(const char *path, enum odp_input_format fmt, size_t block, int plain,
                         int tolerant, struct odp_err *err)
{
    struct odp_table_tune tune;

    memset(&tune, 0, sizeof(tune));
    tune.block = block;
    tune.plain = plain;
    tune.max_field = FUZZ_MAX_FIELD;
    tune.max_record = FUZZ_MAX_RECORD;
    tune.tolerant = tolerant;
    odp_err_clear(err);
    return odp_table_open_tuned(path, fmt, 1, &tune, err);
}

void
fuzz_same_err(const struct odp_err *a, const struct odp_err *b)
{
    FUZZ_CHECK(a->code == b->code);
    FUZZ_CHECK(a->line == b->line);
    FUZZ_CHECK(a->col == b->col);
    FUZZ_CHECK(strcmp(a->msg, b->msg) == 0);
}

static void
same_row(const struct odp_table *ta, const struct odp_row *a, const struct odp_table *tb,
         const struct odp_row *b)
{
    size_t i;

    FUZZ_CHECK(a->n == b->n);
    FUZZ_CHECK(a->line == b->line);
    FUZZ_CHECK(a->recno == b->recno);
    for (i = 0; i < a->n; i++) {
        uint64_t la, ca, lb, cb;

        FUZZ_CHECK(a->f[i].len == b->f[i].len);
        FUZZ_CHECK(a->f[i].len == 0 || memcmp(a->f[i].p, b->f[i].p, a->f[i].len) == 0);
        odp_table_locate(ta, i, &la, &ca);
        odp_table_locate(tb, i, &lb, &cb);
        FUZZ_CHECK(la == lb && ca == cb);
        FUZZ_CHECK(la >= a->line && ca >= 1);
    }
}

int
fuzz_table_diff(const uint8_t *data, size_t size, enum odp_input_format fmt, const char *name)
{
    struct odp_table *a = NULL, *b = NULL, *m = NULL, *s = NULL;
    struct odp_err ea, eb, em, es;
    struct odp_row ra, rb, rm, rs;
    const struct odp_row *ha, *hb;
    const char *path;
    uint8_t dig[32], want[32];
    uint64_t bytes, rows = 0, again = 0;
    size_t block = 1 + (size_t)(fuzz_hash(data, size) % 61);
    int rca, rcb, rcm, rcs;

    path = fuzz_write(name, data, size);
    a = fuzz_open_table(path, fmt, 0, -1, &ea);
    b = fuzz_open_table(path, fmt, block, 1, &eb);
    /* the SSE2 scanner too where the first one is AVX-512BW (the same otherwise) */
    s = fuzz_open_table(path, fmt, block, -2, &es);
    /* the same bytes from memory (verify reads a package's data dictionary so) */
    odp_err_clear(&em);
    m = odp_table_open_mem(name, (const char *)data, size, fmt, FUZZ_MAX_FIELD, FUZZ_MAX_RECORD,
                           &em);
    FUZZ_CHECK((a == NULL) == (b == NULL));
    FUZZ_CHECK((a == NULL) == (m == NULL));
    FUZZ_CHECK((a == NULL) == (s == NULL));
    if (a == NULL) {
        fuzz_check_err(&ea, ea.code);
        fuzz_same_err(&ea, &eb);
        fuzz_same_err(&ea, &em);
        fuzz_same_err(&ea, &es);
        goto out;
    }
    ha = odp_table_header(a);
    hb = odp_table_header(b);
    FUZZ_CHECK(ha->n >= 1);
    same_row(a, ha, b, hb);
    same_row(a, ha, m, odp_table_header(m));
    same_row(a, ha, s, odp_table_header(s));
    for (;;) {
        rca = odp_table_next(a, &ra, &ea);
        rcb = odp_table_next(b, &rb, &eb);
        rcm = odp_table_next(m, &rm, &em);
        rcs = odp_table_next(s, &rs, &es);
        FUZZ_CHECK(rca == rcb);
        FUZZ_CHECK(rca == rcm);
        FUZZ_CHECK(rca == rcs);
        if (rca != ODP_OK) {
            break;
        }
        FUZZ_CHECK(ra.n == ha->n);
        same_row(a, &ra, b, &rb);
        same_row(a, &ra, m, &rm);
        same_row(a, &ra, s, &rs);
        rows++;
    }
    if (rca < 0) {
        fuzz_check_err(&ea, rca);
        fuzz_same_err(&ea, &eb);
        fuzz_same_err(&ea, &em);
        fuzz_same_err(&ea, &es);
        FUZZ_CHECK(ea.line >= 1);
        goto out;
    }
    FUZZ_CHECK(rca == ODP_END);
    FUZZ_CHECK(odp_table_input_digest(a, dig, &bytes) == ODP_OK);
    FUZZ_CHECK(bytes == size);
    SHA256(data, size, want);
    FUZZ_CHECK(memcmp(dig, want, 32) == 0);
    FUZZ_CHECK(odp_table_input_digest(b, dig, &bytes) == ODP_OK);
    FUZZ_CHECK(memcmp(dig, want, 32) == 0);

    odp_err_clear(&ea);
    FUZZ_CHECK(odp_table_rewind(a, &ea) == ODP_OK);
    while ((rca = odp_table_next(a, &ra, &ea)) == ODP_OK) {
        again++;
    }
    FUZZ_CHECK(rca == ODP_END);
    FUZZ_CHECK(again == rows);
    FUZZ_CHECK(odp_table_rewind(m, &em) == ODP_OK);
    for (again = 0; (rcm = odp_table_next(m, &rm, &em)) == ODP_OK;) {
        again++;
    }
    FUZZ_CHECK(rcm == ODP_END);
    FUZZ_CHECK(again == rows);
out:
    odp_table_free(a);
    odp_table_free(b);
    odp_table_free(m);
    odp_table_free(s);
    return 0;
}
