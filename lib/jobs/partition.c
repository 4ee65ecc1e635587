/*
 * partition.c - a release split over partitions that run in other processes or on other
 * machines (python/odpub/dask.py drives it on Dask; odp/api.h documents the requests).
 *
 * The input is DATA files with one header; the whole input is their concatenation (the
 * first file, then each other file's records). Every step is one run of release.c with
 * odp_part_hook set (release_par.c takes over its passes), so policy loading, lint,
 * keys, the plan, the checks and the package writer are exactly those of `odpub
 * release`:
 *
 *   partition_pass      one partition: imports the merged states it is given, then
 *                       counts its classes or cells (-> a partial state) or, when every
 *                       state is given, writes its rows to a part file (-> accounting);
 *   partition_merge     partial states of every partition -> one merged state;
 *   partition_assemble  the merged states, the parts and their accounting -> the package,
 *                       with the input's digest read from the concatenation, which a
 *                       thread here feeds through a FIFO named like the whole input.
 *
 * States and accounting travel as base64 in the JSON; they hold digests and counts,
 * never a cell value or a key. Secrets stay where the CLI reads them (key files, the
 * environment) and are read again by each step.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>

#include "chunk.h"
#include "fs.h"
#include "json.h"
#include "odp/release.h"
#include "partition.h"
#include "policy.h"
#include "release_int.h"
#include "table.h"

#define HEAD_MAX ((size_t)64 << 20) /* a header record longer than this: ODP_ELIMIT */
#define FEED_BLOCK ((size_t)1 << 20)
#define MAX_PARTS ((uint64_t)1 << 20) /* recno_base = index << 40 */

static const char *const stage_names[3] = {"classes", "cells", "write"};

/* ---------------------------------------------------------------- base64 */

static int
b64_decode(const char *s, const char *what, uint8_t **out, size_t *n, struct odp_err *err)
{
    size_t len = strlen(s), pad = 0;
    int r;

    *out = NULL;
    if (len % 4 != 0 || len > INT32_MAX) {
        return odp_errf(err, ODP_EINVAL, NULL, "option '%s' is not base64", what);
    }
    *out = malloc(len / 4 * 3 + 1);
    if (*out == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    r = EVP_DecodeBlock(*out, (const unsigned char *)s, (int)len);
    if (r < 0) {
        return odp_errf(err, ODP_EINVAL, NULL, "option '%s' is not base64", what);
    }
    pad = len >= 1 && s[len - 1] == '=' ? 1 + (len >= 2 && s[len - 2] == '=') : 0;
    *n = (size_t)r - pad;
    return ODP_OK;
}

/* Adds `name`: base64 of p[0..n). */
static int
b64_add(cJSON *o, const char *name, const uint8_t *p, size_t n, struct odp_err *err)
{
    char *s;
    int ok;

    if (n > (size_t)INT32_MAX / 4 * 3) {
        return odp_errf(err, ODP_ELIMIT, NULL, "partial state over 1.5 GB");
    }
    s = malloc((n + 2) / 3 * 4 + 1);
    if (s == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    EVP_EncodeBlock((unsigned char *)s, p, (int)n);
    ok = cJSON_AddStringToObject(o, name, s) != NULL;
    free(s);
    return ok ? ODP_OK : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
}

/* ---------------------------------------------------------------- a step's request */

struct step {
    struct odp_release_opts o;
    struct odp_part_hook h;
    struct odp_part_blob state[2]; /* the merged states given */
    struct odp_part_blob *list;    /* MERGE: partials; ASSEMBLE: accounting */
    size_t nlist;
    const char **parts;
    char *pass;
    size_t pass_len;
    char *rel_out; /* PASS: the (never published) release's output name */
};

static void
step_free(struct step *st)
{
    size_t i;

    free((void *)st->state[0].p);
    free((void *)st->state[1].p);
    for (i = 0; i < st->nlist; i++) {
        free((void *)st->list[i].p);
    }
    free(st->list);
    free(st->parts);
    free(st->h.out);
    free(st->rel_out);
    if (st->pass != NULL) {
        OPENSSL_cleanse(st->pass, st->pass_len);
        free(st->pass);
    }
}

/* Options every step takes: policy, policies_dir, epoch, threads, allow_weaker. */
static int
common_opts(const cJSON *req, struct step *st, struct odp_err *err)
{
    const cJSON *aw = cJSON_GetObjectItemCaseSensitive(req, "allow_weaker");
    uint64_t v = 0;
    int rc, has;

    odp_release_opts_init(&st->o);
    st->h.stopped = -1;
    rc = odp_api_str(req, "policy", 1, &st->o.policy, err);
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "policies_dir", 0, &st->o.policies_dir, err);
    }
    if (rc == ODP_OK) {
        has = odp_api_u64(req, "epoch", (uint64_t)INT64_MAX, &v, err);
        rc = has < 0 ? has : ODP_OK;
        if (has == 1) {
            st->o.epoch = (int64_t)v;
        }
    }
    v = 1;
    if (rc == ODP_OK) {
        has = odp_api_u64(req, "threads", 64, &v, err);
        rc = has < 0 ? has : ODP_OK;
    }
    st->o.threads = v == 0 ? 1 : (int)v;
    if (rc == ODP_OK && aw != NULL) {
        rc = cJSON_IsBool(aw)
                 ? ODP_OK
                 : odp_errf(err, ODP_EINVAL, NULL, "option 'allow_weaker' must be true or false");
        st->o.allow_weaker = cJSON_IsTrue(aw);
    }
    return rc;
}

/* "classes" and "cells": the merged states so far (present, even empty, means given). */
static int
state_opts(const cJSON *req, struct step *st, struct odp_err *err)
{
    const char *s;
    size_t i;
    int rc = ODP_OK;

    for (i = 0; rc == ODP_OK && i < 2; i++) {
        rc = odp_api_str(req, stage_names[i], 0, &s, err);
        if (rc == ODP_OK && s != NULL) {
            rc = b64_decode(s, stage_names[i], (uint8_t **)&st->state[i].p, &st->state[i].n, err);
            st->h.have[i] = 1;
            st->h.in[i] = &st->state[i];
            st->h.nin[i] = 1;
        }
    }
    return rc;
}

/* An array option of base64 strings into st->list. */
static int
blob_list(const cJSON *req, const char *name, struct step *st, struct odp_err *err)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(req, name), *it;
    int n, rc = ODP_OK;

    if (!cJSON_IsArray(a)) {
        return odp_errf(err, ODP_EINVAL, NULL, "option '%s' must be an array of strings", name);
    }
    n = cJSON_GetArraySize(a);
    st->list = calloc((size_t)n + 1, sizeof(*st->list));
    if (st->list == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    cJSON_ArrayForEach(it, a)
    {
        if (rc == ODP_OK && !cJSON_IsString(it)) {
            rc = odp_errf(err, ODP_EINVAL, NULL, "option '%s' must be an array of strings", name);
        }
        if (rc == ODP_OK) {
            rc = b64_decode(it->valuestring, name, (uint8_t **)&st->list[st->nlist].p,
                            &st->list[st->nlist].n, err);
            st->nlist++;
        }
    }
    return rc;
}

/* An array option of strings (borrowed from the request) into *out. */
static int
str_list(const cJSON *req, const char *name, const char ***out, size_t *n, struct odp_err *err)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(req, name), *it;

    *n = 0;
    if (!cJSON_IsArray(a) || cJSON_GetArraySize(a) < 1) {
        return odp_errf(err, ODP_EINVAL, NULL, "option '%s' must be a non-empty array of paths",
                        name);
    }
    *out = calloc((size_t)cJSON_GetArraySize(a) + 1, sizeof(**out));
    if (*out == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    cJSON_ArrayForEach(it, a)
    {
        if (!cJSON_IsString(it) || it->valuestring[0] == '\0') {
            return odp_errf(err, ODP_EINVAL, NULL, "option '%s' must be an array of paths", name);
        }
        (*out)[(*n)++] = it->valuestring;
    }
    return ODP_OK;
}

/* One release.c run with the hook set on this thread. */
static int
run_step(struct step *st, struct odp_release_result *res, struct odp_err *err)
{
    int rc;

    odp_part_hook = &st->h;
    rc = odp_release(&st->o, res, err);
    odp_part_hook = NULL;
    return rc;
}

/* ---------------------------------------------------------------- header records */

/* The offset just past the first LF outside quotes in p[0..n), or n + 1 if none;
 * *inq carries the quote state from block to block. */
static size_t
head_end(const char *p, size_t n, int *inq)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if (p[i] == '"') {
            *inq ^= 1;
        } else if (p[i] == '\n' && !*inq) {
            return i + 1;
        }
    }
    return n + 1;
}

/*
 * The header record of a CSV file: its bytes after a UTF-8 BOM and before its line end
 * (*rec, caller frees; *len) and the line end ("\n", "\r\n", "" when the file is one line).
 */
static int
head_record(const char *path, char **rec, size_t *len, const char **term, struct odp_err *err)
{
    size_t cap = 65536, n = 0, e = 0, from = 0;
    int inq = 0, fd, rc = ODP_OK;
    ssize_t r = 1;
    char *nb;

    *rec = NULL;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return odp_err_sys(err, path, "cannot open");
    }
    *rec = malloc(cap);
    while (rc == ODP_OK && *rec != NULL) {
        if (n == cap) {
            nb = cap < HEAD_MAX ? realloc(*rec, cap * 2) : NULL;
            if (nb == NULL) {
                rc = cap < HEAD_MAX ? odp_errf(err, ODP_ENOMEM, NULL, "out of memory")
                                    : odp_errf(err, ODP_ELIMIT, &(struct odp_loc){path, 1, 1},
                                               "the header record is longer than 64 MiB");
                break;
            }
            *rec = nb;
            cap *= 2;
        }
        do {
            r = read(fd, *rec + n, cap - n);
        } while (r < 0 && errno == EINTR);
        if (r < 0) {
            rc = odp_err_sys(err, path, "cannot read");
            break;
        }
        n += (size_t)r;
        e = head_end(*rec + from, n - from, &inq);
        if (e <= n - from || r == 0) {
            break;
        }
        from = n;
    }
    close(fd);
    if (*rec == NULL && rc == ODP_OK) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (rc < 0) {
        free(*rec);
        *rec = NULL;
        return rc;
    }
    *term = "";
    if (e <= n - from) {
        n = from + e - 1; /* at the LF */
        *term = n > 0 && (*rec)[n - 1] == '\r' ? "\r\n" : "\n";
        n -= (*term)[0] == '\r';
    }
    if (n >= 3 && memcmp(*rec, "\xEF\xBB\xBF", 3) == 0) {
        memmove(*rec, *rec + 3, n - 3);
        n -= 3;
    }
    *len = n;
    return ODP_OK;
}

/* Every partition has the first one's header (names and line end). */
static int
same_header(const char *first, const char *data, struct odp_err *err)
{
    char *a = NULL, *b = NULL;
    size_t na = 0, nb = 0;
    const char *ta = "", *tb = "";
    int rc = head_record(first, &a, &na, &ta, err);

    if (rc == ODP_OK) {
        rc = head_record(data, &b, &nb, &tb, err);
    }
    if (rc == ODP_OK && (na != nb || memcmp(a, b, na) != 0)) {
        rc = odp_errf(err, ODP_ESCHEMA, &(struct odp_loc){data, 1, 1},
                      "the header differs from the first partition's (%s); every partition "
                      "must have the same columns in the same order",
                      odp_basename(first));
    }
    if (rc == ODP_OK && ta[0] != '\0' && tb[0] != '\0' && strcmp(ta, tb) != 0) {
        rc = odp_errf(err, ODP_ESYNTAX, &(struct odp_loc){data, 1, na + 1},
                      "the header ends its line with %s, the first partition's (%s) with %s",
                      tb[0] == '\r' ? "CRLF" : "LF", odp_basename(first),
                      ta[0] == '\r' ? "CRLF" : "LF");
    }
    free(a);
    free(b);
    return rc;
}

/* ---------------------------------------------------------------- the input feed */

/*
 * A thread writes the whole input into a FIFO that the assembling release reads as its
 * input: the first file, then for each other file the bytes after its header record,
 * with the first file's line end put between two files when the bytes so far do not end
 * with a line feed. It opens the FIFO without blocking (polling) so that it can always be
 * told to stop, and SIGPIPE is blocked in it (a reader that went away is EPIPE).
 */
struct feed {
    const char *fifo;
    const char *const *parts;
    size_t nparts;
    const char *term;
    pthread_t th;
    int started, joined;
    atomic_int quit;
    int rc;
    struct odp_err err;
};

static int
feed_file(struct feed *f, int out, size_t i, char *buf, char *last, struct odp_err *err)
{
    int in = open(f->parts[i], O_RDONLY | O_CLOEXEC), inq = 0, skipping = i > 0, sep = i > 0;
    size_t off;
    ssize_t r;
    int rc = ODP_OK;

    if (in < 0) {
        return odp_err_sys(err, f->parts[i], "cannot open");
    }
    while (rc == ODP_OK && !atomic_load(&f->quit)) {
        do {
            r = read(in, buf, FEED_BLOCK);
        } while (r < 0 && errno == EINTR);
        if (r <= 0) {
            rc = r < 0 ? odp_err_sys(err, f->parts[i], "cannot read") : ODP_OK;
            break;
        }
        off = 0;
        if (skipping) {
            off = head_end(buf, (size_t)r, &inq);
            if (off > (size_t)r) {
                continue;
            }
            skipping = 0;
        }
        if (off == (size_t)r) {
            continue;
        }
        if (sep && *last != '\n' && odp_write_all(out, f->term, strlen(f->term)) != 0) {
            rc = odp_err_sys(err, f->fifo, "cannot write");
            break;
        }
        sep = 0;
        if (odp_write_all(out, buf + off, (size_t)r - off) != 0) {
            rc = odp_err_sys(err, f->fifo, "cannot write");
            break;
        }
        *last = buf[r - 1];
    }
    close(in);
    return rc;
}

static void *
feed_main(void *arg)
{
    struct feed *f = arg;
    sigset_t set;
    char *buf = malloc(FEED_BLOCK), last = '\n';
    struct timespec ms = {0, 1000000};
    size_t i;
    int out = -1;

    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    f->rc = buf != NULL ? ODP_OK : odp_errf(&f->err, ODP_ENOMEM, NULL, "out of memory");
    while (f->rc == ODP_OK && out < 0 && !atomic_load(&f->quit)) {
        out = open(f->fifo, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
        if (out < 0 && errno == ENXIO) { /* no reader yet */
            nanosleep(&ms, NULL);
        } else if (out < 0) {
            f->rc = odp_err_sys(&f->err, f->fifo, "cannot open");
        } else if (fcntl(out, F_SETFL, 0) != 0) {
            f->rc = odp_err_sys(&f->err, f->fifo, "cannot set blocking mode");
        }
    }
    for (i = 0; f->rc == ODP_OK && out >= 0 && i < f->nparts && !atomic_load(&f->quit); i++) {
        f->rc = feed_file(f, out, i, buf, &last, &f->err);
    }
    if (f->rc == ODP_OK && atomic_load(&f->quit)) {
        f->rc = odp_errf(&f->err, ODP_EIO, NULL, "the input feed was stopped");
    }
    if (out >= 0) {
        close(out);
    }
    free(buf);
    return NULL;
}

static int
feed_join(struct feed *f)
{
    if (f->started && !f->joined) {
        pthread_join(f->th, NULL);
        f->joined = 1;
    }
    return f->rc;
}

/* The hook's feed_done: the reader saw the end, so the thread is done; its verdict. */
static int
feed_done(void *ctx, struct odp_err *err)
{
    struct feed *f = ctx;
    int rc = feed_join(f);

    if (rc < 0 && err != NULL && err->code == ODP_OK) {
        *err = f->err;
    }
    return rc;
}

static void
feed_stop(struct feed *f)
{
    atomic_store(&f->quit, 1);
    (void)feed_join(f);
}

/* ---------------------------------------------------------------- steps */

static int
pass_result(struct step *st, cJSON **result, struct odp_err *err)
{
    cJSON *r = cJSON_CreateObject();
    int rc = r != NULL ? ODP_OK : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");

    *result = r;
    if (rc == ODP_OK && cJSON_AddStringToObject(r, "stage", stage_names[st->h.stopped]) == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (rc == ODP_OK && st->h.stopped == 2) {
        if (cJSON_AddStringToObject(r, "part", st->h.part_path) == NULL ||
            odp_json_add_u64(r, "bytes", st->h.part_bytes) != ODP_OK) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
    }
    if (rc == ODP_OK) {
        rc = b64_add(r, st->h.stopped == 2 ? "accounting" : "state", st->h.out, st->h.nout, err);
    }
    return rc;
}

/* What a step's run returned: the hook's stop is the result; anything else an error. */
static int
stopped(struct step *st, int rc, struct odp_release_result *res, struct odp_err *err)
{
    if (rc == ODP_PART_STOP && st->h.stopped >= 0) {
        return ODP_OK;
    }
    odp_release_result_free(res);
    if (rc >= 0) { /* cannot happen: every pass and merge stops before publishing */
        return odp_errf(err, ODP_EINTERNAL, NULL, "partitioned release: the step ran through");
    }
    return rc;
}

/* Refuses (before reading any data) a policy or input that a partitioned release does
 * not cover; the error names the policy. */
static int
check_fits(struct step *st, struct odp_err *err)
{
    struct odp_policy *p = odp_policy_load(st->o.policy, st->o.policies_dir, err);
    const char *why = NULL;
    int rc = ODP_OK;

    if (p == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EPOLICY;
    }
    if (!odp_rel_part_fits(p, odp_input_format_of_path(st->o.data), &why)) {
        rc = odp_errf(err, ODP_EPOLICY, &(struct odp_loc){st->o.policy, 0, 0},
                      "a partitioned release covers CSV input with row rules, k-anonymity and "
                      "small cells; %s",
                      why);
    }
    odp_policy_free(p);
    return rc;
}

/* "range": {"start", "end", "line", "recno"} from partition_split (optional). */
static int
range_opt(const cJSON *req, struct odp_part_hook *h, struct odp_err *err)
{
    const cJSON *r = cJSON_GetObjectItemCaseSensitive(req, "range");
    uint64_t *v[4] = {&h->start, &h->end, &h->line, &h->recno};
    static const char *const names[4] = {"start", "end", "line", "recno"};
    size_t i;
    int has;

    if (r == NULL || cJSON_IsNull(r)) {
        return ODP_OK;
    }
    if (!cJSON_IsObject(r)) {
        return odp_errf(err, ODP_EINVAL, NULL, "option 'range' must be an object");
    }
    for (i = 0; i < 4; i++) {
        has = odp_api_u64(r, names[i], (uint64_t)INT64_MAX, v[i], err);
        if (has <= 0) {
            return has < 0 ? has
                           : odp_errf(err, ODP_EINVAL, NULL, "option 'range' needs '%s'", names[i]);
        }
    }
    if (h->start > h->end || h->line == 0) {
        return odp_errf(err, ODP_EINVAL, NULL, "option 'range': start after end, or line 0");
    }
    h->ranged = 1;
    return ODP_OK;
}

/* Adds {"start", "line", "recno"} to the ranges. */
static cJSON *
range_new(cJSON *arr, uint64_t start, uint64_t line, uint64_t recno)
{
    cJSON *o = cJSON_CreateObject();

    if (o == NULL || !cJSON_AddItemToArray(arr, o)) {
        cJSON_Delete(o);
        return NULL;
    }
    if (odp_json_add_u64(o, "start", start) != ODP_OK ||
        odp_json_add_u64(o, "line", line) != ODP_OK ||
        odp_json_add_u64(o, "recno", recno) != ODP_OK) {
        return NULL;
    }
    return o;
}

/*
 * partition_split: one CSV file cut into about `parts` ranges of records, at the record
 * boundaries a quote-aware scan of the whole file finds (the chunker of the
 * chunk-parallel release), each with its first record's line and record number.
 */
static int
do_split(const cJSON *req, cJSON **result, struct odp_err *err)
{
    static const char *const keys[] = {"data", "parts", NULL};
    struct odp_table *t = NULL;
    struct odp_chunker *k = NULL;
    const char *data = NULL, *term = "";
    char *buf = NULL, *hrec = NULL;
    size_t cap = 0, len = 0, hlen = 0;
    uint64_t parts = 0, pos, size, next = 0, at = 0, cl = 0, cr = 0, step;
    unsigned char bom[3] = {0, 0, 0};
    struct stat sb;
    cJSON *arr, *last = NULL;
    int rc, fd, has;

    rc = odp_api_known(req, keys, err);
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "data", 1, &data, err);
    }
    if (rc == ODP_OK) {
        has = odp_api_u64(req, "parts", 4096, &parts, err);
        rc = has < 0      ? has
             : parts == 0 ? odp_errf(err, ODP_EINVAL, NULL, "option 'parts' must be 1..4096")
                          : ODP_OK;
    }
    if (rc == ODP_OK) {
        rc = head_record(data, &hrec, &hlen, &term, err);
        free(hrec);
    }
    if (rc < 0) {
        return rc;
    }
    fd = open(data, O_RDONLY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, &sb) != 0) {
        rc = odp_err_sys(err, data, "cannot open");
        if (fd >= 0) {
            close(fd);
        }
        return rc;
    }
    size = (uint64_t)sb.st_size;
    /* the header's raw length: a BOM, the names, the line end */
    hlen += strlen(term) + (read(fd, bom, 3) == 3 && memcmp(bom, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0);
    close(fd);
    *result = cJSON_CreateObject();
    arr = *result != NULL ? cJSON_AddArrayToObject(*result, "ranges") : NULL;
    t = arr != NULL ? odp_table_open(data, ODP_FMT_CSV, 0, err) : NULL;
    /* chunks of about an eighth of a range (64 bytes to 1 MiB): the cuts land near
       equal shares even in a small file */
    step = (size > hlen ? size - hlen : 0) / (parts * 8);
    step = step < 64 ? 64 : step > ((uint64_t)1 << 20) ? (uint64_t)1 << 20 : step;
    k = t != NULL ? odp_chunks_begin(t, (size_t)step, ODP_CSV_MAX_RECORD, err) : NULL;
    if (k == NULL) {
        odp_table_free(t);
        return err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
    }
    pos = hlen;
    while ((rc = odp_chunks_next(k, &buf, &cap, &len, &cl, &cr, err)) == ODP_OK) {
        if (pos >= next) { /* a range starts at this chunk */
            if (last != NULL && odp_json_add_u64(last, "end", pos) != ODP_OK) {
                rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
                break;
            }
            last = range_new(arr, pos, cl, cr);
            if (last == NULL) {
                rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
                break;
            }
            at++;
            next = hlen + (size - hlen) * at / parts;
        }
        pos += len;
    }
    if (rc == ODP_END && last == NULL) { /* no records: one empty range */
        last = range_new(arr, pos, 2, 0);
        rc = last != NULL ? ODP_END : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (rc == ODP_END) {
        rc = odp_json_add_u64(last, "end", pos) == ODP_OK
                 ? ODP_OK
                 : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    if (rc == ODP_OK && pos != size) {
        rc = odp_errf(err, ODP_EIO, &(struct odp_loc){data, 0, 0}, "the file changed while read");
    }
    free(buf);
    odp_chunks_end(k);
    odp_table_free(t);
    return rc;
}

static int
do_pass(const cJSON *req, struct step *st, cJSON **result, struct odp_err *err)
{
    static const char *const keys[] = {
        "data",         "first",   "index", "policy",   "policies_dir", "epoch", "threads",
        "allow_weaker", "classes", "cells", "part_out", "range",        NULL};
    struct odp_release_result res;
    const char *first = NULL;
    uint64_t index = 0;
    size_t n;
    int rc;

    memset(&res, 0, sizeof(res));
    rc = odp_api_known(req, keys, err);
    if (rc == ODP_OK) {
        rc = common_opts(req, st, err);
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "data", 1, &st->o.data, err);
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "first", 0, &first, err);
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "part_out", 1, &st->h.part_path, err);
    }
    if (rc == ODP_OK) {
        int has = odp_api_u64(req, "index", MAX_PARTS - 1, &index, err);

        rc = has < 0 ? has : ODP_OK;
    }
    if (rc == ODP_OK) {
        rc = state_opts(req, st, err);
    }
    if (rc == ODP_OK) {
        rc = range_opt(req, &st->h, err);
    }
    if (rc == ODP_OK && strcmp(st->o.data, "-") == 0) {
        rc = odp_errf(err, ODP_EINVAL, NULL, "a partition is a file, not stdin");
    }
    if (rc < 0) {
        return rc;
    }
    /* the release's own output (never published: every pass stops before) */
    n = strlen(st->h.part_path) + sizeof(".release");
    st->rel_out = malloc(n);
    if (st->rel_out == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    snprintf(st->rel_out, n, "%s.release", st->h.part_path);
    st->o.out = st->rel_out;
    st->h.mode = ODP_PART_PASS;
    st->h.recno_base = index << 40;
    if (first != NULL && strcmp(first, st->o.data) != 0) {
        rc = same_header(first, st->o.data, err);
    }
    if (rc == ODP_OK && !st->h.have[0] && !st->h.have[1]) {
        rc = check_fits(st, err);
    }
    if (rc == ODP_OK) {
        rc = stopped(st, run_step(st, &res, err), &res, err);
    }
    if (rc == ODP_OK) {
        rc = pass_result(st, result, err);
    }
    if (rc < 0 && st->h.stopped == 2) {
        unlink(st->h.part_path);
    }
    return rc;
}

static int
do_merge(const cJSON *req, struct step *st, cJSON **result, struct odp_err *err)
{
    static const char *const keys[] = {"data",  "out",     "policy",       "policies_dir",
                                       "epoch", "threads", "allow_weaker", "classes",
                                       "cells", "stage",   "partials",     NULL};
    struct odp_release_result res;
    const char *stage = NULL;
    int rc;

    memset(&res, 0, sizeof(res));
    rc = odp_api_known(req, keys, err);
    if (rc == ODP_OK) {
        rc = common_opts(req, st, err);
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "data", 1, &st->o.data, err);
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "out", 1, &st->o.out, err);
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "stage", 1, &stage, err);
    }
    if (rc == ODP_OK) {
        st->h.target = strcmp(stage, "classes") == 0 ? 0 : strcmp(stage, "cells") == 0 ? 1 : -1;
        if (st->h.target < 0) {
            rc = odp_errf(err, ODP_EINVAL, NULL, "option 'stage' must be classes or cells");
        }
    }
    if (rc == ODP_OK) {
        rc = state_opts(req, st, err);
    }
    if (rc == ODP_OK && st->h.have[st->h.target]) {
        rc = odp_errf(err, ODP_EINVAL, NULL, "option '%s' and stage '%s' together", stage, stage);
    }
    if (rc == ODP_OK) {
        rc = blob_list(req, "partials", st, err);
    }
    if (rc < 0) {
        return rc;
    }
    st->h.mode = ODP_PART_MERGE;
    st->h.in[st->h.target] = st->list;
    st->h.nin[st->h.target] = st->nlist;
    rc = stopped(st, run_step(st, &res, err), &res, err);
    if (rc == ODP_OK && st->h.stopped != st->h.target) {
        rc = odp_errf(err, ODP_EINTERNAL, NULL, "partition merge: stopped at the wrong pass");
    }
    if (rc == ODP_OK) {
        rc = pass_result(st, result, err);
    }
    return rc;
}

/* The input's name: no directory part, not empty, not "." or "..". */
static int
check_name(const char *name, struct odp_err *err)
{
    if (name[0] == '\0' || strchr(name, '/') != NULL || strcmp(name, ".") == 0 ||
        strcmp(name, "..") == 0 || strlen(name) > 255) {
        return odp_errf(err, ODP_EINVAL, NULL,
                        "option 'input_name' must be a file name (no directory)");
    }
    return ODP_OK;
}

static int
do_assemble(const cJSON *req, struct step *st, cJSON **result, struct odp_err *err)
{
    static const char *const keys[] = {"data",  "input_name",      "out",          "format",
                                       "key",   "passphrase_file", "policy",       "policies_dir",
                                       "epoch", "threads",         "allow_weaker", "classes",
                                       "cells", "parts",           "accounting",   NULL};
    struct odp_release_result res;
    struct feed f;
    const char *name = NULL, *fmt = NULL, *pass_file = NULL, *data_term = "";
    const char **data = NULL;
    char *tmp = NULL, *fifo = NULL, *hrec = NULL;
    size_t ndata = 0, nparts = 0, hlen = 0;
    int rc;

    memset(&res, 0, sizeof(res));
    memset(&f, 0, sizeof(f));
    rc = odp_api_known(req, keys, err);
    if (rc == ODP_OK) {
        rc = common_opts(req, st, err);
    }
    if (rc == ODP_OK) {
        rc = str_list(req, "data", &data, &ndata, err);
    }
    if (rc == ODP_OK) {
        rc = str_list(req, "parts", &st->parts, &nparts, err);
    }
    if (rc == ODP_OK) {
        rc = blob_list(req, "accounting", st, err);
    }
    if (rc == ODP_OK && st->nlist != nparts) {
        rc = odp_errf(err, ODP_EINVAL, NULL,
                      "'parts' and 'accounting' must have one entry per partition");
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "out", 1, &st->o.out, err);
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "input_name", 0, &name, err);
    }
    if (rc == ODP_OK) {
        name = name != NULL ? name : odp_basename(data[0]);
        rc = check_name(name, err);
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "key", 0, &st->o.key, err);
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "format", 0, &fmt, err);
    }
    if (rc == ODP_OK && fmt != NULL) {
        int v = odp_pkg_format_from_name(fmt);

        rc = v >= 0 ? ODP_OK
                    : odp_errf(err, ODP_EINVAL, NULL, "format: unknown (" ODP_PKG_FORMAT_LIST ")");
        st->o.format = v >= 0 ? (enum odp_pkg_format)v : st->o.format;
    }
    if (rc == ODP_OK) {
        rc = odp_api_str(req, "passphrase_file", 0, &pass_file, err);
    }
    if (rc == ODP_OK && pass_file != NULL) {
        rc = odp_api_passphrase(pass_file, &st->pass, &st->pass_len, err);
        st->o.passphrase = st->pass;
    }
    if (rc == ODP_OK) {
        rc = state_opts(req, st, err);
    }
    if (rc == ODP_OK) { /* the line end put between files that lack one at the end */
        rc = head_record(data[0], &hrec, &hlen, &data_term, err);
        free(hrec);
    }
    if (rc < 0) {
        free(data);
        return rc;
    }
    /* the whole input, fed through a FIFO named like it, in a private dir beside OUT */
    tmp = odp_tmpdir_beside(st->o.out, err);
    fifo = tmp != NULL ? odp_path_join(tmp, name) : NULL;
    if (tmp == NULL) {
        rc = err != NULL && err->code != ODP_OK ? err->code : ODP_EIO;
    } else if (fifo == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    } else if (mkfifo(fifo, 0600) != 0) {
        rc = odp_err_sys(err, fifo, "cannot create a FIFO");
    }
    if (rc == ODP_OK) {
        f.fifo = fifo;
        f.parts = data;
        f.nparts = ndata;
        f.term = data_term[0] != '\0' ? data_term : "\n";
        atomic_init(&f.quit, 0);
        if (pthread_create(&f.th, NULL, feed_main, &f) != 0) {
            rc = odp_errf(err, ODP_EINTERNAL, NULL, "cannot start the input feed thread");
        }
        f.started = rc == ODP_OK;
    }
    if (rc == ODP_OK) {
        st->o.data = fifo;
        st->h.mode = ODP_PART_ASSEMBLE;
        st->h.parts = st->parts;
        st->h.acct = st->list;
        st->h.nparts = nparts;
        st->h.feed_done = feed_done;
        st->h.feed_ctx = &f;
        rc = run_step(st, &res, err);
        if (rc == ODP_OK && !st->h.have[0] && (st->h.passes & 1)) {
            rc = odp_errf(err, ODP_EINTERNAL, NULL, "partition assemble: no classes state");
        }
    }
    if (f.started) {
        feed_stop(&f);
    }
    if (rc == ODP_OK) {
        *result = cJSON_Parse(res.report_json);
        rc = *result != NULL ? ODP_OK : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    odp_release_result_free(&res);
    if (tmp != NULL) {
        odp_rmtree(tmp);
    }
    free(tmp);
    free(fifo);
    free(data);
    return rc;
}

int
odp_part_call(const char *cmd, const cJSON *req, cJSON **result, struct odp_err *err)
{
    struct step st;
    int rc;

    memset(&st, 0, sizeof(st));
    *result = NULL;
    if (strcmp(cmd, "partition_pass") == 0) {
        rc = do_pass(req, &st, result, err);
    } else if (strcmp(cmd, "partition_merge") == 0) {
        rc = do_merge(req, &st, result, err);
    } else if (strcmp(cmd, "partition_assemble") == 0) {
        rc = do_assemble(req, &st, result, err);
    } else if (strcmp(cmd, "partition_split") == 0) {
        rc = do_split(req, result, err);
    } else {
        rc = odp_errf(err, ODP_EINVAL, NULL,
                      "unknown command (partition_pass, partition_merge, partition_assemble)");
    }
    if (rc < 0) {
        cJSON_Delete(*result);
        *result = NULL;
    }
    step_free(&st);
    return rc;
}
