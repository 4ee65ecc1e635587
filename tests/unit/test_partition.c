/*
 * test_partition.c - the partitioned release's steps through odp_call_json, in process
 * (so the sanitizer build covers partition.c, the hook in release_par.c and the input
 * feed thread): partition_pass on every partition, partition_merge, again until "write",
 * then partition_assemble give the package of odp_release on the concatenation (its
 * manifests, hence every file, equal) for 1, 2 and 3 partitions with k-anonymity and
 * small cells; a header that differs and a missing state are errors with a position.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>
#include <cmocka.h>

#include "fs.h"
#include "odp/api.h"
#include "odp/release.h"

#define EPOCH 1795392000
#define NROWS 60

static char dir[256];

static char *
path_of(const char *name)
{
    char *p = odp_path_join(dir, name);

    assert_non_null(p);
    return p;
}

static void
put_file(const char *name, const char *text)
{
    char *p = path_of(name);

    unlink(p);
    assert_int_equal(odp_write_file(p, text, strlen(text), NULL, NULL), ODP_OK);
    free(p);
}

/* Row r of the input: a quasi-identifier (class 'rare' has 2 rows, in different
 * partitions for any split below: kept at k=2 only in total), a group, a count. */
static void
row_text(int r, char *buf, size_t n)
{
    const char *q = r == 5 || r == 50 ? "rare" : r == 33 ? "alone" : r % 2 ? "odd" : "even";

    snprintf(buf, n, "%s,g%d,%d\n", q, r % 4, r % 9 == 0 ? 2 : 10 + (r * 7) % 13);
}

/* Partitions: rows [cut[i], cut[i+1]) each with the header; "all.csv" the whole. */
static void
make_inputs(const int *cut, int nparts)
{
    char line[64], name[32];
    size_t cap = 65536;
    char *all = calloc(1, cap), *part = calloc(1, cap);
    int p, r;

    assert_non_null(all);
    assert_non_null(part);
    strcpy(all, "q,g,c\n");
    for (p = 0; p < nparts; p++) {
        strcpy(part, "q,g,c\n");
        for (r = cut[p]; r < cut[p + 1]; r++) {
            row_text(r, line, sizeof(line));
            strcat(part, line);
            strcat(all, line);
        }
        snprintf(name, sizeof(name), "p%d.csv", p);
        put_file(name, part);
    }
    put_file("all.csv", all);
    free(all);
    free(part);
}

/* Calls the library; returns the parsed response (ok must be `want_ok`). */
static cJSON *
call(cJSON *req, int want_ok)
{
    char *text = cJSON_PrintUnformatted(req), *resp;
    cJSON *r;

    assert_non_null(text);
    resp = odp_call_json(text);
    free(text);
    assert_non_null(resp);
    r = cJSON_Parse(resp);
    assert_non_null(r);
    if (cJSON_IsTrue(cJSON_GetObjectItem(r, "ok")) != want_ok) {
        fprintf(stderr, "response: %s\n", resp);
        fail();
    }
    odp_free(resp);
    cJSON_Delete(req);
    return r;
}

static cJSON *
step(const char *cmd, cJSON *state)
{
    cJSON *q = cJSON_CreateObject(), *it;
    char *pol = path_of("policy.yaml");

    cJSON_AddStringToObject(q, "command", cmd);
    cJSON_AddStringToObject(q, "policy", pol);
    cJSON_AddNumberToObject(q, "epoch", EPOCH);
    cJSON_ArrayForEach(it, state)
    {
        cJSON_AddStringToObject(q, it->string, it->valuestring);
    }
    free(pol);
    return q;
}

static char *
read_all(const char *rel_dir, const char *name)
{
    char *d = path_of(rel_dir), *p = odp_path_join(d, name), *text = NULL;
    size_t n;

    assert_int_equal(odp_read_file(p, 1 << 20, &text, &n, NULL), ODP_OK);
    free(d);
    free(p);
    return text;
}

static void
release_in_parts(int nparts, const char *out_name, const cJSON *ranges)
{
    cJSON *state = cJSON_CreateObject(), *res[4], *q, *arr, *acc, *data, *r;
    char name[64], *p, *out = path_of(out_name), *part;
    char stage[16];
    int i, rounds = 0;

    for (;;) {
        for (i = 0; i < nparts; i++) {
            q = step("partition_pass", state);
            snprintf(name, sizeof(name), "p%d.csv", i);
            p = path_of(ranges != NULL ? "all.csv" : name);
            cJSON_AddStringToObject(q, "data", p);
            free(p);
            if (ranges != NULL) {
                cJSON_AddItemToObject(q, "range",
                                      cJSON_Duplicate(cJSON_GetArrayItem(ranges, i), 1));
            } else {
                p = path_of("p0.csv");
                cJSON_AddStringToObject(q, "first", p);
                free(p);
            }
            cJSON_AddNumberToObject(q, "index", i);
            snprintf(name, sizeof(name), "%s.part%d", out_name, i);
            part = path_of(name);
            cJSON_AddStringToObject(q, "part_out", part);
            free(part);
            if (i == 1) {
                cJSON_AddNumberToObject(q, "threads", 2);
            }
            res[i] = call(q, 1);
        }
        rounds++;
        snprintf(stage, sizeof(stage), "%s",
                 cJSON_GetObjectItem(cJSON_GetObjectItem(res[0], "result"), "stage")->valuestring);
        if (strcmp(stage, "write") == 0) {
            break;
        }
        q = step("partition_merge", state);
        p = path_of("p0.csv");
        cJSON_AddStringToObject(q, "data", p);
        free(p);
        cJSON_AddStringToObject(q, "out", out);
        cJSON_AddStringToObject(q, "stage", stage);
        arr = cJSON_AddArrayToObject(q, "partials");
        for (i = 0; i < nparts; i++) {
            r = cJSON_GetObjectItem(res[i], "result");
            cJSON_AddItemToArray(arr,
                                 cJSON_CreateString(cJSON_GetObjectItem(r, "state")->valuestring));
            cJSON_Delete(res[i]);
        }
        r = call(q, 1);
        cJSON_AddStringToObject(
            state, stage,
            cJSON_GetObjectItem(cJSON_GetObjectItem(r, "result"), "state")->valuestring);
        cJSON_Delete(r);
    }
    assert_int_equal(rounds, 3); /* classes, cells, write */
    q = step("partition_assemble", state);
    cJSON_AddStringToObject(q, "out", out);
    cJSON_AddStringToObject(q, "input_name", "all.csv");
    data = cJSON_AddArrayToObject(q, "data");
    arr = cJSON_AddArrayToObject(q, "parts");
    acc = cJSON_AddArrayToObject(q, "accounting");
    for (i = 0; i < nparts; i++) {
        r = cJSON_GetObjectItem(res[i], "result");
        snprintf(name, sizeof(name), "p%d.csv", i);
        p = path_of(ranges != NULL ? "all.csv" : name);
        if (ranges == NULL || i == 0) {
            cJSON_AddItemToArray(data, cJSON_CreateString(p));
        }
        free(p);
        cJSON_AddItemToArray(arr, cJSON_CreateString(cJSON_GetObjectItem(r, "part")->valuestring));
        cJSON_AddItemToArray(acc,
                             cJSON_CreateString(cJSON_GetObjectItem(r, "accounting")->valuestring));
        cJSON_Delete(res[i]);
    }
    r = call(q, 1);
    cJSON_Delete(r);
    cJSON_Delete(state);
    free(out);
}

static void
compare(const char *a, const char *b)
{
    static const char *const files[] = {"manifest-sha256.txt", "tagmanifest-sha256.txt",
                                        "report.json", "data/t.csv"};
    size_t i;

    for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        char *x = read_all(a, files[i]), *y = read_all(b, files[i]);

        assert_string_equal(x, y);
        free(x);
        free(y);
    }
}

static void
test_same_package(void **state)
{
    static const int cuts[3][4] = {{0, NROWS}, {0, 20, NROWS}, {0, 10, 40, NROWS}};
    struct odp_release_opts o;
    struct odp_release_result res;
    char *all = path_of("all.csv"), *pol = path_of("policy.yaml"), name[32], refname[32], *ref;
    int n;

    (void)state;
    for (n = 1; n <= 3; n++) {
        make_inputs(cuts[n - 1], n);
        snprintf(refname, sizeof(refname), "ref%d", n);
        ref = path_of(refname);
        odp_release_opts_init(&o);
        o.data = all;
        o.policy = pol;
        o.out = ref;
        o.epoch = EPOCH;
        o.threads = 1;
        assert_int_equal(odp_release(&o, &res, NULL), ODP_OK);
        assert_true(res.rows_suppressed > 0);
        odp_release_result_free(&res);
        free(ref);
        snprintf(name, sizeof(name), "parts%d", n);
        release_in_parts(n, name, NULL);
        compare(name, refname);
    }
    free(all);
    free(pol);
}

/* One file cut by partition_split: 1..4 ranges, the same package. */
static void
test_split(void **state)
{
    static const int cut[2] = {0, NROWS};
    struct odp_release_opts o;
    struct odp_release_result res;
    char *all = path_of("all.csv"), *pol = path_of("policy.yaml"), *ref = path_of("sref");
    char name[32];
    cJSON *q, *r, *ranges;
    int n;

    (void)state;
    make_inputs(cut, 1);
    odp_release_opts_init(&o);
    o.data = all;
    o.policy = pol;
    o.out = ref;
    o.epoch = EPOCH;
    assert_int_equal(odp_release(&o, &res, NULL), ODP_OK);
    odp_release_result_free(&res);
    for (n = 1; n <= 4; n++) {
        q = cJSON_CreateObject();
        cJSON_AddStringToObject(q, "command", "partition_split");
        cJSON_AddStringToObject(q, "data", all);
        cJSON_AddNumberToObject(q, "parts", n);
        r = call(q, 1);
        ranges = cJSON_GetObjectItem(cJSON_GetObjectItem(r, "result"), "ranges");
        assert_int_equal(cJSON_GetArraySize(ranges), n);
        snprintf(name, sizeof(name), "split%d", n);
        release_in_parts(n, name, ranges);
        compare(name, "sref");
        cJSON_Delete(r);
    }
    free(all);
    free(pol);
    free(ref);
}

static void
test_errors(void **state)
{
    static const int cut[3] = {0, 20, NROWS};
    cJSON *q, *r, *e;
    char *p;

    (void)state;
    make_inputs(cut, 2);
    put_file("other.csv", "g,q,c\nodd,g1,12\n");
    q = step("partition_pass", NULL);
    p = path_of("other.csv");
    cJSON_AddStringToObject(q, "data", p);
    free(p);
    p = path_of("p0.csv");
    cJSON_AddStringToObject(q, "first", p);
    free(p);
    p = path_of("other.part");
    cJSON_AddStringToObject(q, "part_out", p);
    free(p);
    r = call(q, 0);
    e = cJSON_GetObjectItem(r, "error");
    assert_non_null(strstr(cJSON_GetObjectItem(e, "path")->valuestring, "other.csv"));
    assert_int_equal(cJSON_GetObjectItem(e, "line")->valueint, 1);
    assert_non_null(strstr(cJSON_GetObjectItem(e, "message")->valuestring, "header differs"));
    cJSON_Delete(r);
    /* assemble without the merged states it needs */
    q = step("partition_assemble", NULL);
    p = path_of("never");
    cJSON_AddStringToObject(q, "out", p);
    free(p);
    p = path_of("p0.csv");
    cJSON_AddItemToObject(q, "data", cJSON_CreateStringArray((const char *[]){p}, 1));
    free(p);
    cJSON_AddItemToObject(q, "parts", cJSON_CreateStringArray((const char *[]){"y"}, 1));
    cJSON_AddItemToObject(q, "accounting", cJSON_CreateStringArray((const char *[]){""}, 1));
    r = call(q, 0);
    e = cJSON_GetObjectItem(r, "error");
    assert_non_null(strstr(cJSON_GetObjectItem(e, "message")->valuestring, "state is missing"));
    cJSON_Delete(r);
    p = path_of("never");
    assert_int_not_equal(access(p, F_OK), 0);
    free(p);
}

static int
setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "%s", "/tmp/odpub-test-partition-XXXXXX");
    assert_non_null(mkdtemp(dir));
    put_file("policy.yaml",
             "odpub: 1\nname: t\ndataset: {title: \"T\", agency: \"Test\", license: "
             "\"CC0-1.0\"}\ncolumns:\n  q: {action: keep}\n  g: {action: keep}\n"
             "  c: {action: keep, type: integer}\nprivacy:\n  quasi_identifiers: [q]\n"
             "  k: 2\n  on_violation: suppress\n"
             "  small_cells: {columns: [c], threshold: 3, complementary: true, by: [g]}\n");
    return 0;
}

static int
teardown(void **state)
{
    (void)state;
    odp_rmtree(dir);
    return 0;
}

int
main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_same_package),
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_errors),
    };

    return cmocka_run_group_tests(tests, setup, teardown);
}
