/*
 * test_dp_ledger.c - differential privacy around the samplers: exact rationals, the
 * `privacy.differential_privacy` policy block (schema errors, write-back), the epsilon
 * ledger (allowed spends, overspend refused with the file untouched, commit, cancel, a
 * total that does not match, a ledger that is not ours, no temp file left, concurrent
 * releases that never overspend together) and the noise pass (same key same noise,
 * another key other noise, clamping as post-processing, counts checked at their
 * position, a column under small_cells too).
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <dirent.h>

#include <cmocka.h>

#include "dp.h"
#include "dp_noise.h"
#include "fs.h"
#include "keyring.h"
#include "ledger.h"
#include "odp/report.h"
#include "out.h"
#include "policy.h"
#include "rational.h"
#include "table.h"

static char dir[64];

static void
put(const char *name, const char *text, int mode)
{
    char *p = odp_path_join(dir, name);
    FILE *f;

    assert_non_null(p);
    unlink(p);
    f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    chmod(p, (mode_t)mode);
    free(p);
}

static char *
slurp(const char *name)
{
    char *p = odp_path_join(dir, name), *text = NULL;
    size_t len;

    assert_non_null(p);
    if (odp_read_file(p, 1 << 20, &text, &len, NULL) != ODP_OK) {
        text = NULL;
    }
    free(p);
    return text;
}

static int
setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/test_dp_ledger.XXXXXX");
    assert_non_null(mkdtemp(dir));
    put("noise.key", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n", 0600);
    put("other.key", "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210\n", 0600);
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    odp_rmtree(dir);
    return 0;
}

/* ---- exact rationals ------------------------------------------------------------- */

static void
test_rational(void **state)
{
    uint64_t n, d;
    char b[64];

    (void)state;
    assert_int_equal(odp_rational_parse("0.1", 3, &n, &d, NULL), ODP_OK);
    assert_true(n == 1 && d == 10);
    /* 0.1 + 0.2 is exactly 0.3 (a double would not be) */
    assert_int_equal(odp_rational_add(1, 10, 2, 10, &n, &d, NULL), ODP_OK);
    assert_true(n == 3 && d == 10);
    assert_int_equal(odp_rational_cmp(3, 10, 1, 3), -1);
    assert_int_equal(odp_rational_cmp(2, 4, 1, 2), 0);
    assert_int_equal(odp_rational_sub(2, 1, 3, 10, &n, &d, NULL), ODP_OK);
    assert_true(n == 17 && d == 10);
    assert_int_equal(odp_rational_sub(1, 10, 3, 10, &n, &d, NULL), ODP_EINVAL);
    assert_int_equal(odp_rational_format(17, 10, b, sizeof(b)), 3);
    assert_string_equal(b, "1.7");
    odp_rational_format(1, 1000000, b, sizeof(b));
    assert_string_equal(b, "0.000001");
    odp_rational_format(4, 1, b, sizeof(b));
    assert_string_equal(b, "4");
    odp_rational_format(1, 3, b, sizeof(b));
    assert_string_equal(b, "1/3");
    odp_rational_format(0, 1, b, sizeof(b));
    assert_string_equal(b, "0");
    assert_int_equal(odp_rational_add(UINT64_MAX, 1, UINT64_MAX, 1, &n, &d, NULL), ODP_ELIMIT);
}

/* odp_drbg_key_new + odp_drbg_derive give odp_drbg_new's stream, per context */
static void
test_drbg_derive(void **state)
{
    static const uint8_t key[32] = "0123456789abcdef0123456789abcdef";
    uint8_t a[80], b[80], c[80];
    struct odp_drbg_key *k;
    struct odp_drbg *d;

    (void)state;
    k = odp_drbg_key_new(key, sizeof(key), NULL);
    assert_non_null(k);
    d = odp_drbg_new(key, sizeof(key), "cell-1", 6, NULL);
    assert_int_equal(odp_drbg_bytes(d, a, sizeof(a), NULL), ODP_OK);
    odp_drbg_free(d);
    d = odp_drbg_derive(k, "cell-1", 6, NULL);
    assert_int_equal(odp_drbg_bytes(d, b, sizeof(b), NULL), ODP_OK);
    odp_drbg_free(d);
    d = odp_drbg_derive(k, "cell-2", 6, NULL);
    assert_int_equal(odp_drbg_bytes(d, c, sizeof(c), NULL), ODP_OK);
    odp_drbg_free(d);
    assert_memory_equal(a, b, sizeof(a));
    assert_memory_not_equal(a, c, sizeof(a));
    assert_null(odp_drbg_key_new(key, 8, NULL)); /* too short */
    odp_drbg_key_free(k);
}

/* ---- the policy block ------------------------------------------------------------- */

static const char *pol_head = "odpub: 1\nname: dp-test\nkeys: {noise: file:noise.key}\n"
                              "default: drop\ncolumns:\n  g: {action: keep}\n"
                              "  grp: {action: keep}\n  part: {action: keep}\n"
                              "  count: {action: keep}\n";

static struct odp_policy *
load_dp(const char *block, struct odp_err *err)
{
    char text[2048];
    char *p = odp_path_join(dir, "p.yaml");
    struct odp_policy *pol;

    snprintf(text, sizeof(text), "%sprivacy:\n  differential_privacy:\n%s", pol_head, block);
    put("p.yaml", text, 0644);
    odp_err_clear(err);
    pol = odp_policy_load(p, NULL, err);
    free(p);
    return pol;
}

static void
test_policy_block(void **state)
{
    static const struct {
        const char *block;
        const char *msg; /* substring of the error */
    } bad[] = {
        {"    epsilon: 1\n", "needs 'columns'"},
        {"    columns: [count]\n", "needs 'epsilon'"},
        {"    columns: [count]\n    epsilon: 0\n", "positive decimal"},
        {"    columns: [count]\n    epsilon: -1\n", "positive decimal"},
        {"    columns: [count]\n    epsilon: lots\n", "positive decimal"},
        {"    columns: [count]\n    epsilon: 1\n    mechanism: discrete_gaussian\n",
         "needs 'delta'"},
        {"    columns: [count]\n    epsilon: 1\n    mechanism: discrete_gaussian\n    delta: 1\n",
         "below 1"},
        {"    columns: [count]\n    epsilon: 1\n    mechanism: laplace\n", "discrete_laplace or"},
        {"    columns: [count]\n    epsilon: 1\n    budget: {ledger: file:b.json}\n", "needs both"},
        {"    columns: [count]\n    epsilon: 1\n    budget: {ledger: b.json, total_epsilon: 1}\n",
         "file:PATH"},
        {"    columns: [count]\n    epsilon: 1\n    contribution: 0\n", "contribution"},
        {"    columns: [count]\n    epsilon: 1\n    sigma: 2\n", "sigma"},
        {"    columns: [count]\n    epsilon: 3\n    budget: {ledger: file:b.json, "
         "total_epsilon: 2.5}\n",
         "larger than the budget"},
    };
    struct odp_policy *p;
    struct odp_err err;
    struct odp_out o;
    const char *text;
    char *copy;
    size_t i, len;

    (void)state;
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        p = load_dp(bad[i].block, &err);
        if (p != NULL || strstr(err.msg, bad[i].msg) == NULL) {
            fail_msg("case %zu: expected '%s', got '%s'", i, bad[i].msg, err.msg);
        }
        assert_int_equal(err.code, ODP_ESCHEMA);
        assert_true(err.line > 0);
    }
    p = load_dp("    columns: [count]\n    epsilon: 0.25\n    mechanism: discrete_gaussian\n"
                "    delta: 1e-6\n    contribution: 2\n    clamp: false\n"
                "    budget: {ledger: file:b.json, total_epsilon: 2}\n",
                &err);
    assert_non_null(p);
    assert_non_null(p->dp);
    assert_int_equal(p->dp->mechanism, ODP_DP_GAUSSIAN);
    assert_true(p->dp->eps_num == 1 && p->dp->eps_den == 4);
    assert_true(p->dp->delta_num == 1 && p->dp->delta_den == 1000000);
    assert_int_equal(p->dp->contribution, 2);
    assert_int_equal(p->dp->cells_per_person, 1);
    assert_int_equal(p->dp->clamp, 0);
    assert_true(p->dp->total_num == 2 && p->dp->total_den == 1);
    /* write-back: the block survives, every default spelled out */
    assert_int_equal(odp_out_init(&o, -1, "mem", 0, &err), ODP_OK);
    assert_int_equal(odp_policy_write_effective(p, NULL, &o, &err), ODP_OK);
    text = odp_out_mem(&o, &len);
    copy = strndup(text, len); /* the stream's memory is not NUL-terminated */
    assert_non_null(copy);
    text = copy;
    assert_non_null(strstr(text, "  differential_privacy:\n    columns: [\"count\"]\n"
                                 "    contribution: 2\n    cells_per_person: 1\n"
                                 "    epsilon: 0.25\n    mechanism: discrete_gaussian\n"
                                 "    delta: 1e-6\n    clamp: false\n"));
    assert_non_null(strstr(text, "total_epsilon: 2\n"));
    /* ... and loads back to the same block */
    put("p.yaml", text, 0644);
    free(copy);
    odp_out_release(&o);
    odp_policy_free(p);
    {
        char *path = odp_path_join(dir, "p.yaml");

        p = odp_policy_load(path, NULL, &err);
        free(path);
    }
    if (p == NULL) {
        fail_msg("written-back policy does not load: %s:%llu: %s", err.path,
                 (unsigned long long)err.line, err.msg);
    }
    assert_non_null(p->dp);
    assert_true(p->dp->eps_num == 1 && p->dp->eps_den == 4 && p->dp->contribution == 2);
    odp_policy_free(p);
}

/* ---- the ledger -------------------------------------------------------------------- */

static struct odp_dp_policy *
budget(const char *eps, const char *total)
{
    static struct odp_dp_policy d;
    static char e[32], t[32];

    memset(&d, 0, sizeof(d));
    snprintf(e, sizeof(e), "%s", eps);
    snprintf(t, sizeof(t), "%s", total);
    d.epsilon = e;
    d.total_epsilon = t;
    assert_int_equal(odp_rational_parse(e, strlen(e), &d.eps_num, &d.eps_den, NULL), ODP_OK);
    assert_int_equal(odp_rational_parse(t, strlen(t), &d.total_num, &d.total_den, NULL), ODP_OK);
    d.mechanism = ODP_DP_LAPLACE;
    d.path = "policy.yaml";
    return &d;
}

/* Entries in the temp dir other than the ledger, its lock and the keys. */
static int
stray_files(void)
{
    DIR *dd = opendir(dir);
    struct dirent *e;
    int n = 0;

    assert_non_null(dd);
    while ((e = readdir(dd)) != NULL) {
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            strncmp(e->d_name, "budget.json", 11) != 0 && strstr(e->d_name, ".key") == NULL &&
            strcmp(e->d_name, "p.yaml") != 0 && strcmp(e->d_name, "d.csv") != 0) {
            n++;
        }
    }
    closedir(dd);
    return n;
}

static void
test_ledger(void **state)
{
    char *path = odp_path_join(dir, "budget.json");
    struct odp_ledger_state st;
    struct odp_err err;
    char id1[33], id2[33], id3[33];
    char *before, *after;

    (void)state;
    unlink(path);
    odp_err_clear(&err);
    assert_int_equal(odp_ledger_reserve(path, budget("0.5", "1.2"), "ds", "ds-2026-01-01",
                                        "2026-01-01", id1, &st, &err),
                     ODP_OK);
    assert_string_equal(st.spent_before, "0");
    assert_string_equal(st.spent_after, "0.5");
    assert_string_equal(st.remaining, "0.7");
    assert_int_equal(st.releases_before, 0);
    assert_int_equal(odp_ledger_commit(path, id1, "ab", &err), ODP_OK);
    assert_int_equal(odp_ledger_reserve(path, budget("0.7", "1.2"), "ds", "ds-2026-02-01",
                                        "2026-02-01", id2, &st, &err),
                     ODP_OK);
    assert_string_equal(st.spent_before, "0.5");
    assert_string_equal(st.remaining, "0");
    assert_int_equal(st.releases_before, 1);
    /* a reserved (uncommitted) entry counts: the third is refused, file untouched */
    before = slurp("budget.json");
    assert_non_null(before);
    assert_int_equal(odp_ledger_reserve(path, budget("0.1", "1.2"), "ds", "ds-2026-03-01",
                                        "2026-03-01", id3, &st, &err),
                     ODP_EVERIFY);
    assert_non_null(strstr(err.msg, "budget exceeded"));
    after = slurp("budget.json");
    assert_string_equal(before, after);
    free(after);
    /* cancelling the reservation gives its epsilon back */
    assert_int_equal(odp_ledger_cancel(path, id2, &err), ODP_OK);
    odp_err_clear(&err);
    assert_int_equal(odp_ledger_reserve(path, budget("0.1", "1.2"), "ds", "ds-2026-03-01",
                                        "2026-03-01", id3, &st, &err),
                     ODP_OK);
    assert_string_equal(st.spent_after, "0.6");
    after = slurp("budget.json");
    assert_non_null(strstr(after, "\"status\": \"published\""));
    assert_non_null(strstr(after, "\"package_sha256\": \"ab\""));
    assert_non_null(strstr(after, "\"status\": \"reserved\""));
    assert_null(strstr(after, id2));
    free(after);
    free(before);
    /* the policy's total must be the ledger's */
    odp_err_clear(&err);
    assert_int_equal(odp_ledger_reserve(path, budget("0.1", "5"), "ds", "r", "d", id2, &st, &err),
                     ODP_EPOLICY);
    /* every update replaced the file whole: no temp file is left */
    assert_int_equal(stray_files(), 0);
    /* a file that is not a ledger is never overwritten */
    put("budget.json", "{\"entries\": []}", 0644);
    odp_err_clear(&err);
    assert_int_equal(odp_ledger_reserve(path, budget("0.1", "1.2"), "ds", "r", "d", id2, &st, &err),
                     ODP_ESCHEMA);
    put("budget.json", "{not json", 0644);
    odp_err_clear(&err);
    assert_int_equal(odp_ledger_reserve(path, budget("0.1", "1.2"), "ds", "r", "d", id2, &st, &err),
                     ODP_ESYNTAX);
    before = slurp("budget.json");
    assert_string_equal(before, "{not json");
    free(before);
    unlink(path);
    free(path);
}

/* 12 processes each try to spend 0.3 of a total of 1 at once: exactly 3 succeed. */
static void
test_ledger_concurrent(void **state)
{
    char *path = odp_path_join(dir, "budget.json");
    pid_t pids[12];
    int ok = 0, refused = 0, i, status;
    struct odp_ledger_state st;
    char id[33];

    (void)state;
    unlink(path);
    for (i = 0; i < 12; i++) {
        pids[i] = fork();
        assert_true(pids[i] >= 0);
        if (pids[i] == 0) {
            int rc = odp_ledger_reserve(path, budget("0.3", "1"), "ds", "r", "d", id, &st, NULL);

            _exit(rc == ODP_OK ? 0 : rc == ODP_EVERIFY ? 1 : 2);
        }
    }
    for (i = 0; i < 12; i++) {
        assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
        assert_true(WIFEXITED(status));
        ok += WEXITSTATUS(status) == 0;
        refused += WEXITSTATUS(status) == 1;
    }
    assert_int_equal(ok, 3);
    assert_int_equal(refused, 9);
    /* the ledger holds exactly the three */
    assert_int_equal(odp_ledger_reserve(path, budget("0.1", "1"), "ds", "r", "d", id, &st, NULL),
                     ODP_OK);
    assert_string_equal(st.spent_before, "0.9");
    assert_int_equal(st.releases_before, 3);
    unlink(path);
    free(path);
}

/* ---- the noise pass ------------------------------------------------------------------ */

struct run {
    char out[8192];
    uint64_t clamped;
    uint64_t groups;
    int rc;
    char err[2048];
};

/* Loads p.yaml (+ block), opens d.csv, runs check pass + bind + apply; out as "g=v\n". */
static void
noise_run(const char *block, const char *csv, const char *release, struct run *r)
{
    char *pp = odp_path_join(dir, "p.yaml"), *dp = odp_path_join(dir, "d.csv");
    struct odp_policy *p;
    struct odp_keyring *kr = NULL;
    struct odp_table *t = NULL;
    struct odp_dp_noise *dn = NULL;
    struct odp_err err;
    struct odp_row row;
    const struct odp_field *f;
    const struct odp_row *h;
    cJSON *rep;
    size_t used = 0;
    int rc;

    memset(r, 0, sizeof(*r));
    put("d.csv", csv, 0644);
    p = load_dp(block, &err);
    assert_non_null(p);
    kr = odp_keyring_load(p, &err);
    assert_non_null(kr);
    t = odp_table_open(dp, ODP_FMT_CSV, 0, &err);
    assert_non_null(t);
    h = odp_table_header(t);
    dn = odp_dp_noise_new(p, kr, t, h->f, h->n, &err);
    rc = dn == NULL ? err.code : odp_dp_noise_bind(dn, release, &err);
    do {
        while (rc == ODP_OK && (rc = odp_table_next(t, &row, &err)) == ODP_OK) {
            rc = odp_dp_noise_check(dn, t, &row, row.f, &err);
        }
        if (rc == ODP_END) {
            rc = odp_table_rewind(t, &err);
        }
    } while (rc == ODP_OK && odp_dp_noise_next_pass(dn));
    while (rc == ODP_OK && (rc = odp_table_next(t, &row, &err)) == ODP_OK) {
        rc = odp_dp_noise_apply(dn, t, &row, row.f, &f, &err);
        for (size_t k = 0; rc == ODP_OK && k < row.n; k++) {
            used += (size_t)snprintf(r->out + used, sizeof(r->out) - used, "%.*s%s", (int)f[k].len,
                                     f[k].p,
                                     k + 2 < row.n   ? "|"
                                     : k + 1 < row.n ? "="
                                                     : "\n");
            assert_true(used < sizeof(r->out));
        }
    }
    r->rc = rc == ODP_END ? ODP_OK : rc;
    if (r->rc != ODP_OK) {
        snprintf(r->err, sizeof(r->err), "%s:%llu:%llu: %s", odp_basename(err.path),
                 (unsigned long long)err.line, (unsigned long long)err.col, err.msg);
    }
    if (dn != NULL && r->rc == ODP_OK) {
        rep = odp_dp_noise_report(dn, NULL, "abcd");
        assert_non_null(rep);
        r->clamped = strtoull(cJSON_GetObjectItem(rep, "cells_clamped")->valuestring, NULL, 10);
        {
            /* report.json's reader gives the same facts back (odp/report.h) */
            cJSON *root = cJSON_CreateObject(), *priv;
            struct odp_report *pr = NULL;
            char *text;

            assert_non_null(root);
            cJSON_AddStringToObject(root, "package", "p");
            cJSON_AddObjectToObject(root, "rows");
            cJSON_AddArrayToObject(root, "columns");
            priv = cJSON_AddObjectToObject(root, "privacy");
            cJSON_AddItemToObject(priv, "differential_privacy", cJSON_Duplicate(rep, 1));
            text = cJSON_Print(root);
            assert_non_null(text);
            assert_int_equal(odp_report_parse(text, strlen(text), "r", &pr, &err), ODP_OK);
            assert_non_null(pr->dp);
            assert_string_equal(pr->dp->mechanism,
                                cJSON_GetObjectItem(rep, "mechanism")->valuestring);
            assert_non_null(pr->dp->scale);
            assert_non_null(pr->dp->epsilon_spent);
            assert_null(pr->dp->epsilon_left); /* no ledger */
            assert_true(pr->dp->cells_noised > 0);
            odp_report_free(pr);
            free(text);
            cJSON_Delete(root);
        }
        if (cJSON_GetObjectItem(rep, "groups_made_consistent") != NULL) {
            r->groups =
                strtoull(cJSON_GetObjectItem(rep, "groups_made_consistent")->valuestring, NULL, 10);
        }
        cJSON_Delete(rep);
    }
    odp_dp_noise_free(dn);
    odp_table_free(t);
    odp_keyring_free(kr);
    odp_policy_free(p);
    free(pp);
    free(dp);
}

static void
test_noise(void **state)
{
    static const char *lap = "    columns: [count]\n    epsilon: 0.1\n";
    char csv[4096];
    size_t used, i;
    struct run *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b)), *c = malloc(sizeof(*c));
    char *e;
    long v;
    int negative = 0;

    (void)state;
    assert_true(a != NULL && b != NULL && c != NULL);
    used = (size_t)snprintf(csv, sizeof(csv), "g,count\n");
    for (i = 0; i < 200; i++) {
        used += (size_t)snprintf(csv + used, sizeof(csv) - used, "g%zu,%zu\n", i, i % 3);
    }
    /* same key, same release: the same noise, byte for byte */
    noise_run(lap, csv, "r1", a);
    assert_int_equal(a->rc, ODP_OK);
    noise_run(lap, csv, "r1", b);
    assert_string_equal(a->out, b->out);
    /* clamp (the default): counts 0..2 at scale 10 go below 0 often; none is published */
    assert_null(strstr(a->out, "=-"));
    assert_true(a->clamped > 30);
    /* another release id: other noise */
    noise_run(lap, csv, "r2", c);
    assert_string_not_equal(a->out, c->out);
    /* another noise key: other noise */
    put("noise.key", "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210\n", 0600);
    noise_run(lap, csv, "r1", c);
    put("noise.key", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n", 0600);
    assert_string_not_equal(a->out, c->out);
    /* clamp: false publishes negative noisy counts as they are */
    noise_run("    columns: [count]\n    epsilon: 0.1\n    clamp: false\n", csv, "r1", b);
    assert_int_equal(b->rc, ODP_OK);
    assert_int_equal(b->clamped, 0);
    for (e = b->out; (e = strchr(e, '=')) != NULL; e++) {
        v = strtol(e + 1, NULL, 10);
        negative += v < 0;
    }
    assert_true(negative > 30);
    /* clamping is max(0, x) of the same draw: where b is >= 0, a equals b */
    {
        char *pa = a->out, *pb = b->out;

        while ((pa = strchr(pa, '=')) != NULL && (pb = strchr(pb, '=')) != NULL) {
            long x = strtol(pa + 1, NULL, 10), y = strtol(pb + 1, NULL, 10);

            assert_int_equal(x, y < 0 ? 0 : y);
            pa++;
            pb++;
        }
    }
    /* a count that is not one: error at its line and column, value not quoted */
    noise_run(lap, "g,count\na,1\nb,x7q\n", "r1", c);
    assert_int_equal(c->rc, ODP_EDATA);
    assert_non_null(strstr(c->err, "d.csv:3:3: column 'count': a count is not"));
    assert_null(strstr(c->err, "x7q"));
    noise_run(lap, "g,count\na,\n", "r1", c);
    assert_int_equal(c->rc, ODP_EDATA);
    /* a column that is not published */
    noise_run("    columns: [nope]\n    epsilon: 1\n", "g,count\na,1\n", "r1", c);
    assert_int_equal(c->rc, ODP_EPOLICY);
    free(a);
    free(b);
    free(c);
}

/* Checks that in r->out ("grp|part=v" lines) every group's details add up to its TOTAL. */
static void
check_totals(const struct run *r, int nonneg)
{
    long sum[64] = {0}, total[64] = {0};
    int seen[64] = {0};
    const char *p = r->out;
    int g, n = 0;
    char part[16];
    long v;

    while (sscanf(p, "g%d|%15[^=]=%ld\n", &g, part, &v) == 3) {
        assert_true(g >= 0 && g < 64);
        if (nonneg) {
            assert_true(v >= 0);
        }
        if (strcmp(part, "TOTAL") == 0) {
            total[g] = v;
            seen[g]++;
        } else {
            sum[g] += v;
        }
        p = strchr(p, '\n') + 1;
        n++;
    }
    assert_int_equal(n, 50 * 5);
    for (g = 0; g < 50; g++) {
        assert_int_equal(seen[g], 1);
        assert_int_equal(sum[g], total[g]);
    }
}

/* totals: the noisy detail rows add up exactly to their group's total row */
static void
test_totals(void **state)
{
    static const char *blk = "    columns: [count]\n    epsilon: 0.2\n"
                             "    totals: {column: part, value: TOTAL, by: [grp]}\n";
    static char csv[16384];
    struct run *a = malloc(sizeof(*a)), *b = malloc(sizeof(*b));
    size_t used, g, k;
    unsigned x = 12345;

    (void)state;
    assert_true(a != NULL && b != NULL);
    used = (size_t)snprintf(csv, sizeof(csv), "grp,part,count\n");
    for (g = 0; g < 50; g++) {
        unsigned tot = 0, v[4];

        for (k = 0; k < 4; k++) {
            x = x * 1103515245u + 12345u;
            v[k] = (x >> 16) % 20;
            tot += v[k];
        }
        /* the total row first in half the groups, last in the others */
        if (g % 2 == 0) {
            used += (size_t)snprintf(csv + used, sizeof(csv) - used, "g%zu,TOTAL,%u\n", g, tot);
        }
        for (k = 0; k < 4; k++) {
            used += (size_t)snprintf(csv + used, sizeof(csv) - used, "g%zu,p%zu,%u\n", g, k, v[k]);
        }
        if (g % 2 == 1) {
            used += (size_t)snprintf(csv + used, sizeof(csv) - used, "g%zu,TOTAL,%u\n", g, tot);
        }
    }
    noise_run(blk, csv, "r1", a);
    assert_int_equal(a->rc, ODP_OK);
    assert_int_equal(a->groups, 50);
    check_totals(a, 1);
    noise_run(blk, csv, "r1", b);
    assert_string_equal(a->out, b->out);
    /* without clamp they add up too, negative cells included */
    noise_run("    columns: [count]\n    epsilon: 0.2\n    clamp: false\n"
              "    totals: {column: part, value: TOTAL, by: [grp]}\n",
              csv, "r1", b);
    assert_int_equal(b->rc, ODP_OK);
    check_totals(b, 0);
    /* two total rows in one group */
    noise_run(blk, "grp,part,count\ng1,TOTAL,3\ng1,TOTAL,4\n", "r1", b);
    assert_int_equal(b->rc, ODP_EDATA);
    assert_non_null(strstr(b->err, "second total row"));
    /* the totals column must be published and not noised */
    noise_run("    columns: [count]\n    epsilon: 1\n    totals: {column: count, value: T}\n",
              "grp,part,count\ng1,a,1\n", "r1", b);
    assert_int_equal(b->rc, ODP_EPOLICY);
    free(a);
    free(b);
}

/* Without keys.noise the keyring refuses to load, naming the block and the fix. */
static void
test_no_noise_key(void **state)
{
    char text[1024];
    char *pp = odp_path_join(dir, "p.yaml");
    struct odp_policy *p;
    struct odp_err err;

    (void)state;
    snprintf(text, sizeof(text),
             "odpub: 1\nname: dp-test\ncolumns:\n  g: {action: keep}\n  count: {action: keep}\n"
             "privacy:\n  differential_privacy: {columns: [count], epsilon: 1}\n");
    put("p.yaml", text, 0644);
    odp_err_clear(&err);
    p = odp_policy_load(pp, NULL, &err);
    assert_non_null(p);
    assert_null(odp_keyring_load(p, &err));
    assert_int_equal(err.code, ODP_EKEY);
    assert_non_null(strstr(err.msg, "needs a secret noise key"));
    assert_int_equal(err.line, 7);
    odp_policy_free(p);
    free(pp);
}

/* An aggregate: table (dp_agg.c): per-measure sensitivity and scale, the selection
   threshold, and the same group key giving the same noise. */
static void
agg_policy(const char *mech)
{
    char text[2048];

    snprintf(text, sizeof(text),
             "odpub: 1\nname: dp-test\nkeys: {noise: file:noise.key}\ndefault: drop\n"
             "columns:\n  grp: {action: keep}\n  count: {action: keep}\n"
             "aggregate:\n  by: [grp]\n  measures:\n    n: count\n"
             "    s: {sum: count, bounds: [-5, 20]}\n"
             "privacy:\n  differential_privacy:\n    columns: [n, s]\n    contribution: 2\n"
             "    cells_per_person: 3\n    epsilon: 1/2\n    delta: 1e-6\n    mechanism: %s\n",
             mech);
    put("p.yaml", text, 0644);
}

static void
test_agg_noise(void **state)
{
    char *pp = odp_path_join(dir, "p.yaml"), *dp = odp_path_join(dir, "d.csv");
    static const char *mechs[] = {"discrete_laplace", "discrete_gaussian"};
    size_t mi;

    (void)state;
    put("d.csv", "grp,count\nA,1\n", 0644);
    for (mi = 0; mi < 2; mi++) {
        struct odp_err err;
        struct odp_policy *p;
        struct odp_keyring *kr;
        struct odp_table *t;
        struct odp_dp_noise *dn;
        const struct odp_row *h;
        struct odp_field by = {"A", 1}, by2 = {"B", 1};
        int64_t v1[2] = {50, 300}, v2[2] = {50, 300}, v3[2] = {50, 300}, v0[2] = {0, 0};
        int keep1 = 0, keep2 = 0, keep3 = 0, keep0 = 1;
        uint64_t num, den, M = 0;
        cJSON *rep;
        char *js, want[160];

        agg_policy(mechs[mi]);
        odp_err_clear(&err);
        p = odp_policy_load(pp, NULL, &err);
        assert_non_null(p);
        kr = odp_keyring_load(p, &err);
        assert_non_null(kr);
        t = odp_table_open(dp, ODP_FMT_CSV, 0, &err);
        assert_non_null(t);
        h = odp_table_header(t);
        dn = odp_dp_noise_new(p, kr, t, h->f, h->n, &err);
        assert_non_null(dn);
        assert_int_equal(odp_dp_noise_bind(dn, "rel-1", &err), ODP_OK);
        rep = odp_dp_noise_report(dn, NULL, "abcd");
        assert_non_null(rep);
        js = cJSON_PrintUnformatted(rep);
        assert_non_null(js);
        if (mi == 0) {
            /* count: c B m q = 2*1*3*2 = 12, t = 12 / (1/2) = 24; sum: B = 20: 240, 480 */
            assert_non_null(strstr(js, "\"name\":\"n\",\"kind\":\"count\",\"bound\":1,"
                                       "\"sensitivity_l1\":12,\"scale\":\"24\""));
            assert_non_null(strstr(js, "\"name\":\"s\",\"kind\":\"sum\",\"bound\":20,"
                                       "\"sensitivity_l1\":240,\"scale\":\"480\""));
            /* threshold: c + 1 + M, P(|X| > M) <= 2 delta / m */
            assert_int_equal(odp_dp_laplace_margin(24, 1, 1.0 - 2e-6 / 3, &M, &err), ODP_OK);
        } else {
            /* squared L2: c^2 B^2 m q = 4*1*3*2 = 24 (count), 4*400*3*2 = 9600 (sum); the
               Gaussian gets delta / 2 */
            assert_non_null(strstr(js, "\"sensitivity_l2_squared\":24,"));
            assert_non_null(strstr(js, "\"sensitivity_l2_squared\":9600,"));
            assert_int_equal(odp_dp_gaussian_sigma2(1, 2, 1, 2000000, 24, &num, &den, &err),
                             ODP_OK);
            assert_int_equal(odp_dp_gaussian_margin(num, den, 1.0 - 1e-6 / 3, &M, &err), ODP_OK);
        }
        snprintf(want, sizeof(want), "\"threshold\":%llu,", (unsigned long long)(2 + 1 + M));
        assert_non_null(strstr(js, want));
        free(js);
        cJSON_Delete(rep);
        /* same key, release and group: same noise; another group: its own stream */
        assert_int_equal(odp_dp_agg_noise(dn, &by, 1, v1, &keep1, &err), ODP_OK);
        assert_int_equal(odp_dp_agg_noise(dn, &by, 1, v2, &keep2, &err), ODP_OK);
        assert_int_equal(odp_dp_agg_noise(dn, &by2, 1, v3, &keep3, &err), ODP_OK);
        assert_true(v1[0] == v2[0] && v1[1] == v2[1] && keep1 == keep2);
        assert_true(v1[0] != v3[0] || v1[1] != v3[1]);
        /* an empty group is (all but surely) not published: noise would have to pass tau */
        assert_int_equal(odp_dp_agg_noise(dn, &by2, 1, v0, &keep0, &err), ODP_OK);
        assert_int_equal(keep0, 0);
        odp_dp_noise_free(dn);
        odp_table_free(t);
        odp_keyring_free(kr);
        odp_policy_free(p);
    }
    free(pp);
    free(dp);
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rational),
        cmocka_unit_test(test_drbg_derive),
        cmocka_unit_test(test_policy_block),
        cmocka_unit_test(test_ledger),
        cmocka_unit_test(test_ledger_concurrent),
        cmocka_unit_test(test_noise),
        cmocka_unit_test(test_totals),
        cmocka_unit_test(test_no_noise_key),
        cmocka_unit_test(test_agg_noise),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
