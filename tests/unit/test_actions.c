/*
 * test_actions.c - per-column actions: every action on normal, empty, multi-byte,
 * quoted and multi-line values, every error path, and known vectors (Python hmac /
 * openssl dgst, ISO weeks, leap days, printf rounding).
 *
 * Extra mode for tests/e2e/pseudonym_vector.sh:
 *   test_actions --hmac KEYFILE VALUE [DOMAIN]  prints the 64-hex pseudonym and exits.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "actions_int.h"
#include "detect.h"
#include "keyring.h"
#include "secret.h"

#define REF_KEY "bench-hmac-key-0123456789abcdef!"
#define EMAIL_RE "[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}"
#define PHONE_RE "[(]?[0-9]{3}[)]?[-. ]?[0-9]{3}[-. ][0-9]{4}"

/* ---------------------------------------------------------------- helpers */

static struct odp_keyring *g_keys;
static struct odp_policy g_pol;
static struct odp_keyspec g_keyspec;
static struct odp_colrule g_keyrule;

static struct odp_colrule
rule(enum odp_action a)
{
    struct odp_colrule r;

    memset(&r, 0, sizeof(r));
    r.name = (char *)"col";
    r.action = a;
    r.path = "policy.yaml";
    r.line = 7;
    r.col = 3;
    r.length = 16;
    r.max_days = 30;
    return r;
}

static struct odp_op *
mkop(const struct odp_colrule *r)
{
    struct odp_err err;
    struct odp_op *op;

    odp_err_clear(&err);
    op = odp_op_new(r, g_keys, 1, &err);
    if (op == NULL) {
        fprintf(stderr, "odp_op_new: %s\n", err.msg);
    }
    assert_non_null(op);
    return op;
}

/* Result of the last apply, NUL-terminated. */
static char g_out[4096];
static size_t g_outlen;
static struct odp_err g_err;

/* Applies op to `v` (with `by` as column 1 of the row). Returns apply's rc. */
static int
apply2(struct odp_op *op, const char *v, size_t n, const char *by)
{
    struct odp_field f[2];
    struct odp_row row;
    struct odp_field out;
    struct odp_buf scratch;
    int rc;

    f[0].p = v;
    f[0].len = n;
    f[1].p = by != NULL ? by : "";
    f[1].len = by != NULL ? strlen(by) : 0;
    row.n = 2;
    row.f = f;
    row.line = 2;
    row.recno = 1;
    odp_buf_init(&scratch, 1u << 20);
    odp_err_clear(&g_err);
    out.p = NULL;
    out.len = 0;
    rc = odp_op_apply(op, &row, 0, &out, &scratch, &g_err);
    g_outlen = 0;
    g_out[0] = '\0';
    if (rc >= 0) {
        assert_true(out.len < sizeof(g_out));
        assert_true(out.p != NULL || out.len == 0);
        if (out.len > 0) {
            memcpy(g_out, out.p, out.len);
        }
        g_outlen = out.len;
        g_out[out.len] = '\0';
    }
    odp_buf_release(&scratch);
    return rc;
}

static int
apply(struct odp_op *op, const char *v)
{
    return apply2(op, v, strlen(v), NULL);
}

/* apply and expect: rc (1 changed / 0 same) and output */
static void
expect(struct odp_op *op, const char *v, int rc, const char *want)
{
    int got = apply(op, v);

    if (got != rc || strcmp(g_out, want) != 0) {
        fprintf(stderr, "input [%s]: rc %d (want %d) out [%s] (want [%s]) err [%s]\n", v, got, rc,
                g_out, want, g_err.msg);
    }
    assert_int_equal(got, rc);
    assert_string_equal(g_out, want);
}

/* apply and expect an error code whose message does not contain the value */
static void
expect_err(struct odp_op *op, const char *v, int code, const char *msgpart)
{
    int got = apply(op, v);

    if (got != code) {
        fprintf(stderr, "input [%s]: rc %d, want %d (out [%s])\n", v, got, code, g_out);
    }
    assert_int_equal(got, code);
    assert_int_equal(g_err.code, code);
    assert_non_null(strstr(g_err.msg, "column 'col'"));
    if (msgpart != NULL) {
        if (strstr(g_err.msg, msgpart) == NULL) {
            fprintf(stderr, "msg [%s] lacks [%s]\n", g_err.msg, msgpart);
        }
        assert_non_null(strstr(g_err.msg, msgpart));
    }
    if (strlen(v) >= 3) {
        assert_null(strstr(g_err.msg, v));
    }
}

static int
setup_keys(void **state)
{
    struct odp_err err;

    (void)state;
    setenv("ODP_TEST_ACTIONS_KEY", REF_KEY, 1);
    memset(&g_pol, 0, sizeof(g_pol));
    g_keyspec.name = (char *)"pseudonym";
    g_keyspec.spec = (char *)"env:ODP_TEST_ACTIONS_KEY";
    g_keyspec.path = "policy.yaml";
    g_keyspec.line = 3;
    g_keyspec.col = 14;
    g_keyrule = rule(ODP_ACT_PSEUDONYMIZE);
    g_pol.path = (char *)"policy.yaml";
    g_pol.keys = &g_keyspec;
    g_pol.nkeys = 1;
    g_pol.cols = &g_keyrule;
    g_pol.ncols = 1;
    odp_err_clear(&err);
    g_keys = odp_keyring_load(&g_pol, &err);
    if (g_keys == NULL) {
        fprintf(stderr, "keyring: %s\n", err.msg);
    }
    return g_keys == NULL ? -1 : 0;
}

static int
teardown_keys(void **state)
{
    (void)state;
    odp_keyring_free(g_keys);
    g_keys = NULL;
    return 0;
}

/* ---------------------------------------------------------------- keep, drop, redact */

static void
test_keep_drop_redact(void **state)
{
    struct odp_colrule r = rule(ODP_ACT_KEEP);
    struct odp_op *op;
    struct odp_err err;

    (void)state;
    op = mkop(&r);
    expect(op, "anything \"quoted\"\nx", 0, "anything \"quoted\"\nx");
    expect(op, "", 0, "");
    odp_op_free(op);

    r = rule(ODP_ACT_DROP);
    odp_err_clear(&err);
    assert_null(odp_op_new(&r, g_keys, 0, &err));
    assert_int_equal(err.code, ODP_EINTERNAL);
    assert_int_equal(err.line, 7);

    r = rule(ODP_ACT_REDACT);
    op = mkop(&r);
    expect(op, "1234 MAIN ST", 1, "REDACTED");
    expect(op, "a \"b\"\nc", 1, "REDACTED");
    expect(op, "", 0, "");
    expect(op, "REDACTED", 0, "REDACTED"); /* same bytes: not counted as a change */
    odp_op_free(op);
    r.replacement = (char *)"[removed]";
    op = mkop(&r);
    expect(op, "José", 1, "[removed]");
    odp_op_free(op);
    odp_op_free(NULL);
}

/* ---------------------------------------------------------------- mask */

static void
test_mask(void **state)
{
    struct odp_colrule r = rule(ODP_ACT_MASK);
    struct odp_op *op;

    (void)state;
    r.keep_last = 4;
    op = mkop(&r);
    expect(op, "123456789", 1, "*****6789");
    expect(op, "", 0, "");
    expect(op, "abc", 1, "***");   /* shorter than N: all masked */
    expect(op, "abcd", 1, "****"); /* exactly N: all masked */
    expect(op, "abcde", 1, "*bcde");
    expect(op, "ñandú-ñu", 1, "****ú-ñu"); /* 8 code points, not 11 bytes */
    expect(op, "a\"b\nc,d", 1, "***\nc,d");
    odp_op_free(op);

    r = rule(ODP_ACT_MASK);
    r.keep_first = 2;
    r.mask_char = (char *)"•"; /* multi-byte mask character */
    op = mkop(&r);
    expect(op, "José García", 1, "Jo•••••••••");
    expect(op, "日本語テキスト", 1, "日本•••••");
    expect(op, "ab", 1, "••");
    odp_op_free(op);

    r = rule(ODP_ACT_MASK); /* no keep: everything */
    op = mkop(&r);
    expect(op, "x", 1, "*");
    expect(op, "éé", 1, "**");
    expect(op, "**", 0, "**");
    odp_op_free(op);

    r = rule(ODP_ACT_MASK);
    r.keep_first = 1;
    r.keep_last = 1;
    op = mkop(&r);
    expect(op, "abcdef", 1, "a****f");
    expect(op, "ab", 1, "**");
    odp_op_free(op);
}

/* ---------------------------------------------------------------- pseudonymize */

static const struct {
    const char *v;
    const char *hex;
} ref_vectors[] = {
    /* Python: hmac.new(b"bench-hmac-key-0123456789abcdef!", v, "sha256").hexdigest() */
    {"12345678", "2004f4135224eace46442ffc02b74fbd425181820e7ac5476b500730e8f981cc"},
    {"a", "14fe5be3a1c160ac7be0424eba1ca635520d719b3f18dcd67750aaa3241b9a0b"},
    {"john.doe@example.com", "a32e0471c2176f78cd1fda8fe1562c6ead70c2f0fe33e0020ab20ba59be5b130"},
    {"(212) 555-0100", "ace1b5f7ce811f1bee981bcd3c3d728a480d05075e859acf5664613720b4f606"},
    {"Jos\xc3\xa9 \"Q\"\nX", "7e55d50005ad810ae06c6f977a2d772f3931b2e5d4d4c63f5bc12eba6f52abd6"},
};

static void
test_pseudonymize(void **state)
{
    struct odp_colrule r = rule(ODP_ACT_PSEUDONYMIZE);
    struct odp_op *op, *op64, *opd, *opd2;
    char want[65], first[65];
    size_t i;

    (void)state;
    op = mkop(&r);
    r.length = 64;
    op64 = mkop(&r);
    for (i = 0; i < sizeof(ref_vectors) / sizeof(ref_vectors[0]); i++) {
        memcpy(want, ref_vectors[i].hex, 16);
        want[16] = '\0';
        expect(op, ref_vectors[i].v, 1, want);
        expect(op64, ref_vectors[i].v, 1, ref_vectors[i].hex);
    }
    expect(op, "", 0, "");
    odp_op_free(op64);

    /* domain: HMAC(key, "person" 0x00 value) (Python vector), and it separates */
    r.domain = (char *)"person";
    r.length = 64;
    opd = mkop(&r);
    expect(opd, "john.doe@example.com", 1,
           "91d0e7320c0f75a54c6a733e2a30705a3323ce10038582bb292645a9ffd166b9");
    memcpy(first, g_out, 65);
    expect(opd, "john.doe@example.com", 1, first); /* deterministic */
    r.domain = (char *)"vehicle";
    opd2 = mkop(&r);
    assert_int_equal(apply(opd2, "john.doe@example.com"), 1);
    assert_string_not_equal(g_out, first);
    odp_op_free(opd2);
    /* empty domain == no domain */
    r.domain = (char *)"";
    opd2 = mkop(&r);
    expect(opd2, "12345678", 1, ref_vectors[0].hex);
    odp_op_free(opd2);
    odp_op_free(opd);
    odp_op_free(op);

    /* bad length and unknown key */
    {
        struct odp_err err;

        r = rule(ODP_ACT_PSEUDONYMIZE);
        r.length = 65;
        odp_err_clear(&err);
        assert_null(odp_op_new(&r, g_keys, 0, &err));
        assert_int_equal(err.code, ODP_ESCHEMA);
        r.length = 16;
        r.key = (char *)"other";
        odp_err_clear(&err);
        assert_null(odp_op_new(&r, g_keys, 0, &err));
        assert_int_equal(err.code, ODP_EKEY);
        assert_int_equal(err.line, 7);
        assert_non_null(strstr(err.msg, "'other'"));
        odp_err_clear(&err);
        r.key = NULL;
        assert_null(odp_op_new(&r, NULL, 0, &err));
        assert_int_equal(err.code, ODP_EKEY);
    }
}

/* The state-copy HMAC equals OpenSSL's one-shot HMAC for random keys and values. */
static void
test_pseudo_vs_openssl(void **state)
{
    uint8_t key[200], val[300], mac[32], ref[32];
    unsigned int rl;
    int i;

    (void)state;
    for (i = 0; i < 2000; i++) {
        size_t kl = 1 + (size_t)(i % 150), vl = (size_t)((i * 7) % 300);
        struct odp_pseudo *ps;
        struct odp_err err;

        assert_int_equal(RAND_bytes(key, (int)kl), 1);
        assert_int_equal(RAND_bytes(val, (int)(vl + 1)), 1);
        odp_err_clear(&err);
        ps = odp_pseudo_new(key, kl, NULL, &err);
        assert_non_null(ps);
        assert_int_equal(odp_pseudo_mac(ps, (const char *)val, vl, mac, &err), ODP_OK);
        assert_non_null(HMAC(EVP_sha256(), key, (int)kl, val, vl, ref, &rl));
        assert_memory_equal(mac, ref, 32);
        odp_pseudo_free(ps);
    }
}

/* The one-block fast path equals the Update/Final path and OpenSSL's HMAC() for every
 * value length around the block edge (0..130), with and without a domain. */
static void
test_pseudo_fast_vs_plain(void **state)
{
    static const char *const domains[] = {NULL, "d", "person", "a-domain-of-forty-bytes-......."};
    uint8_t key[100], val[140], msg[200], mac[32], ref[32], ref2[32];
    unsigned int rl;
    size_t d, vl;

    (void)state;
    for (d = 0; d < sizeof(domains) / sizeof(domains[0]); d++) {
        size_t dl = domains[d] != NULL ? strlen(domains[d]) + 1 : 0;

        for (vl = 0; vl <= 130; vl++) {
            size_t kl = 1 + (vl * 13) % 99;
            struct odp_pseudo *ps;
            struct odp_err err;

            assert_int_equal(RAND_bytes(key, (int)kl), 1);
            assert_int_equal(RAND_bytes(val, (int)(vl + 1)), 1);
            odp_err_clear(&err);
            ps = odp_pseudo_new(key, kl, domains[d], &err);
            assert_non_null(ps);
            assert_int_equal(odp_pseudo_mac(ps, (const char *)val, vl, mac, &err), ODP_OK);
            assert_int_equal(odp_pseudo_mac_plain(ps, (const char *)val, vl, ref, &err), ODP_OK);
            assert_memory_equal(mac, ref, 32);
            if (dl > 0) {
                memcpy(msg, domains[d], dl); /* with its NUL */
            }
            memcpy(msg + dl, val, vl);
            assert_non_null(HMAC(EVP_sha256(), key, (int)kl, msg, dl + vl, ref2, &rl));
            assert_memory_equal(mac, ref2, 32);
            {
                /* every hex length (odd ones end on a high nibble) is a prefix */
                static const char dg[] = "0123456789abcdef";
                char hex[65], full[65];
                unsigned h, b;

                for (b = 0; b < 32; b++) {
                    full[2 * b] = dg[mac[b] >> 4];
                    full[2 * b + 1] = dg[mac[b] & 15];
                }
                for (h = 1; h <= 64; h += (vl % 7) + 1) {
                    memset(hex, '#', sizeof(hex));
                    assert_int_equal(odp_pseudo_hex(ps, (const char *)val, vl, h, hex, &err),
                                     ODP_OK);
                    assert_memory_equal(hex, full, h);
                    assert_int_equal(hex[h], '#');
                }
            }
            odp_pseudo_free(ps);
        }
    }
}

/* Two pseudonyms at once equal two single ones, for different keys and domains, every
 * length pair around the one-block edge (both fast, one or both too long: the fallback),
 * and hex lengths odd and even. */
static void
test_pseudo_hex2(void **state)
{
    static const char *const domains[] = {NULL, "person", "a-domain-of-forty-bytes-......."};
    uint8_t ka[40], kb[70], va[80], vb[80];
    size_t d, na, nb;

    (void)state;
    assert_int_equal(RAND_bytes(ka, sizeof(ka)), 1);
    assert_int_equal(RAND_bytes(kb, sizeof(kb)), 1);
    assert_int_equal(RAND_bytes(va, sizeof(va)), 1);
    assert_int_equal(RAND_bytes(vb, sizeof(vb)), 1);
    for (d = 0; d < sizeof(domains) / sizeof(domains[0]); d++) {
        struct odp_err err;
        struct odp_pseudo *pa, *pb;

        odp_err_clear(&err);
        pa = odp_pseudo_new(ka, sizeof(ka), domains[d], &err);
        pb = odp_pseudo_new(kb, sizeof(kb), domains[(d + 1) % 3], &err);
        assert_non_null(pa);
        assert_non_null(pb);
        for (na = 0; na <= 70; na += 3) {
            for (nb = 1; nb <= 70; nb += 5) {
                char ha[65], hb[65], ra[65], rb[65];
                unsigned la = 1 + (unsigned)(na + nb) % 64, lb = 64 - (unsigned)na % 7;

                memset(ha, '#', sizeof(ha));
                memset(hb, '#', sizeof(hb));
                assert_int_equal(odp_pseudo_hex2(pa, (const char *)va, na, la, ha, pb,
                                                 (const char *)vb, nb, lb, hb, &err),
                                 ODP_OK);
                assert_int_equal(odp_pseudo_hex(pa, (const char *)va, na, la, ra, &err), ODP_OK);
                assert_int_equal(odp_pseudo_hex(pb, (const char *)vb, nb, lb, rb, &err), ODP_OK);
                assert_memory_equal(ha, ra, la);
                assert_memory_equal(hb, rb, lb);
                assert_int_equal(ha[la], '#');
                assert_int_equal(hb[lb], '#');
            }
        }
        /* the same state twice (two columns under one key and domain) */
        {
            char ha[64], hb[64], ra[64];

            assert_int_equal(
                odp_pseudo_hex2(pa, "555-0100", 8, 64, ha, pa, "555-0101", 8, 64, hb, &err),
                ODP_OK);
            assert_int_equal(odp_pseudo_hex(pa, "555-0101", 8, 64, ra, &err), ODP_OK);
            assert_memory_equal(hb, ra, 64);
            assert_memory_not_equal(ha, hb, 64);
        }
        assert_int_equal(
            odp_pseudo_hex2(pa, "x", 1, 0, (char[64]){0}, pb, "y", 1, 8, (char[64]){0}, &err),
            ODP_EINVAL);
        odp_pseudo_free(pa);
        odp_pseudo_free(pb);
    }
}

/* Three at once: the bytes of three odp_pseudo_hex calls, the one-block path and the
 * long values alike, with three keys and domains (one state used twice as well). */
static void
test_pseudo_hex3(void **state)
{
    static const char *const domains[] = {NULL, "person", "a-domain-of-forty-bytes-......."};
    uint8_t key[3][48], val[3][90];
    struct odp_pseudo *ps[3];
    struct odp_err err;
    size_t d, i, n0, n1;

    (void)state;
    odp_err_clear(&err);
    for (i = 0; i < 3; i++) {
        assert_int_equal(RAND_bytes(key[i], sizeof(key[i])), 1);
        assert_int_equal(RAND_bytes(val[i], sizeof(val[i])), 1);
        ps[i] = odp_pseudo_new(key[i], 16 + 16 * i, domains[i], &err);
        assert_non_null(ps[i]);
    }
    for (d = 0; d < 2; d++) {
        struct odp_pseudo *const use[3] = {ps[0], ps[1], d == 0 ? ps[2] : ps[0]};

        for (n0 = 0; n0 <= 80; n0 += 7) {
            for (n1 = 1; n1 <= 80; n1 += 11) {
                const char *const v[3] = {(const char *)val[0], (const char *)val[1],
                                          (const char *)val[2]};
                const size_t n[3] = {n0, n1, (n0 * 3 + n1) % 60};
                const unsigned hex[3] = {1 + (unsigned)(n0 + n1) % 64, 64 - (unsigned)n0 % 9, 16};
                char got[3][65], want[65];
                char *const out[3] = {got[0], got[1], got[2]};

                memset(got, '#', sizeof(got));
                assert_int_equal(odp_pseudo_hex3(use, v, n, hex, out, &err), ODP_OK);
                for (i = 0; i < 3; i++) {
                    assert_int_equal(odp_pseudo_hex(use[i], v[i], n[i], hex[i], want, &err),
                                     ODP_OK);
                    assert_memory_equal(got[i], want, hex[i]);
                    assert_int_equal(got[i][hex[i]], '#');
                }
            }
        }
    }
    {
        const char *const v[3] = {"x", "y", "z"};
        const size_t n[3] = {1, 1, 1};
        const unsigned hex[3] = {8, 0, 8};
        char a[64], b[64], c[64];
        char *const out[3] = {a, b, c};

        assert_int_equal(odp_pseudo_hex3(ps, v, n, hex, out, &err), ODP_EINVAL);
    }
    for (i = 0; i < 3; i++) {
        odp_pseudo_free(ps[i]);
    }
}

/* ---------------------------------------------------------------- dates */

static void
test_generalize_date(void **state)
{
    struct odp_colrule r = rule(ODP_ACT_GENERALIZE);
    struct odp_op *op;
    static const struct {
        enum odp_date_unit u;
        const char *in, *out;
    } v[] = {
        {ODP_DATE_MONTH, "01/15/2020 03:04:05 PM", "2020-01"},
        {ODP_DATE_MONTH, "12/31/2019 11:59:59 AM", "2019-12"},
        {ODP_DATE_MONTH, "07/04/2021", "2021-07"},
        {ODP_DATE_MONTH, "07/04/2021 23:10:00", "2021-07"},
        {ODP_DATE_MONTH, "2021-07-04T10:00:00.123+02:00", "2021-07"},
        {ODP_DATE_YEAR, "02/29/2020", "2020"},
        {ODP_DATE_DAY, "02/29/2020 12:00:00 AM", "2020-02-29"},
        {ODP_DATE_DAY, "2000-02-29T23:59", "2000-02-29"},
        {ODP_DATE_HOUR, "01/15/2020 12:30:00 AM", "2020-01-15T00"},
        {ODP_DATE_HOUR, "01/15/2020 12:30:00 PM", "2020-01-15T12"},
        {ODP_DATE_HOUR, "01/15/2020 01:30:00 PM", "2020-01-15T13"},
        {ODP_DATE_HOUR, "2020-01-15T07:30Z", "2020-01-15T07"},
        {ODP_DATE_HOUR, "01/15/2020 21:30:00", "2020-01-15T21"},
        {ODP_DATE_WEEK, "2020-12-31", "2020-W53"},
        {ODP_DATE_WEEK, "2021-01-03", "2020-W53"},
        {ODP_DATE_WEEK, "2021-01-04", "2021-W01"},
        {ODP_DATE_WEEK, "02/29/2016", "2016-W09"},
        {ODP_DATE_WEEK, "12/31/2015", "2015-W53"},
        {ODP_DATE_WEEK, "2027-01-01", "2026-W53"},
        {ODP_DATE_WEEK, "2010-01-03", "2009-W53"},
        {ODP_DATE_WEEK, "2019-12-30", "2020-W01"},
        {ODP_DATE_WEEK, "2008-12-29", "2009-W01"},
        {ODP_DATE_QUARTER, "2023-01-01", "2023-Q1"},
        {ODP_DATE_QUARTER, "03/31/2023 11:59:59 PM", "2023-Q1"},
        {ODP_DATE_QUARTER, "2023-04-01T00:00", "2023-Q2"},
        {ODP_DATE_QUARTER, "06/30/2023", "2023-Q2"},
        {ODP_DATE_QUARTER, "2023-07-01", "2023-Q3"},
        {ODP_DATE_QUARTER, "09/30/2024", "2024-Q3"},
        {ODP_DATE_QUARTER, "2024-10-01", "2024-Q4"},
        {ODP_DATE_QUARTER, "12/31/2019 11:59:59 AM", "2019-Q4"},
    };
    size_t i;

    (void)state;
    r.gen = ODP_GEN_DATE;
    for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        r.date_unit = v[i].u;
        op = mkop(&r);
        expect(op, v[i].in, 1, v[i].out);
        expect(op, "", 0, "");
        odp_op_free(op);
    }
    r.date_unit = ODP_DATE_MONTH;
    op = mkop(&r);
    expect_err(op, "02/30/2020", ODP_EDATA, "is not a date in format");
    expect_err(op, "02/29/2019", ODP_EDATA, NULL);
    expect_err(op, "2100-02-29", ODP_EDATA, NULL); /* not a leap year */
    expect_err(op, "13/01/2020", ODP_EDATA, NULL);
    expect_err(op, "00/10/2020", ODP_EDATA, NULL);
    expect_err(op, "01/15/2020 00:30:00 AM", ODP_EDATA, NULL); /* 12-hour clock: 01..12 */
    expect_err(op, "01/15/2020 13:30:00 PM", ODP_EDATA, NULL);
    expect_err(op, "01/15/2020 24:00:00", ODP_EDATA, NULL);
    expect_err(op, "01/15/2020 10:60:00 AM", ODP_EDATA, NULL);
    /* the looser formats agencies export (issue 14) generalize under format: auto */
    expect(op, "1/5/2020", 1, "2020-01");
    expect(op, "2020-01-15 10:00", 1, "2020-01");
    expect(op, "2024/10/03 00:00:00+00", 1, "2024-10");
    expect(op, "09-JAN-17", 1, "2017-01");
    expect_err(op, "2020-01-15T10", ODP_EDATA, NULL);
    expect_err(op, "2020-01-15T10:00:00+5", ODP_EDATA, NULL);
    expect_err(op, "2020-01-15T10:00:00.1234567890", ODP_EDATA, NULL);
    expect_err(op, "not \"a\"\ndate", ODP_EDATA, NULL);
    expect_err(op, "0000-01-01", ODP_EDATA, NULL);
    odp_op_free(op);

    /* hour of a date without time is refused, not invented */
    r.date_unit = ODP_DATE_HOUR;
    op = mkop(&r);
    expect_err(op, "2020-01-15", ODP_EDATA, "no time of day");
    odp_op_free(op);

    /* an explicit format accepts only that format */
    r.date_unit = ODP_DATE_YEAR;
    r.date_fmt = ODP_DFMT_US_DATE;
    op = mkop(&r);
    expect(op, "03/01/1999", 1, "1999");
    expect_err(op, "1999-03-01", ODP_EDATA, "format MM/DD/YYYY");
    expect_err(op, "03/01/1999 10:00:00 AM", ODP_EDATA, NULL);
    odp_op_free(op);
    r.date_fmt = ODP_DFMT_ISO;
    op = mkop(&r);
    expect(op, "1999-03-01", 1, "1999");
    expect_err(op, "03/01/1999", ODP_EDATA, NULL);
    odp_op_free(op);
    /* day first: the day may pass 12, the month may not; one separator, twice */
    r.date_fmt = ODP_DFMT_DMY_DATE;
    r.date_unit = ODP_DATE_MONTH;
    op = mkop(&r);
    expect(op, "31/07/1981", 1, "1981-07");
    expect(op, "03/01/1999", 1, "1999-01");
    expect(op, "3.1.1999", 1, "1999-01");
    expect(op, "29-02-2000", 1, "2000-02");
    expect_err(op, "07/31/1981", ODP_EDATA, "format DD/MM/YYYY");
    expect_err(op, "29/02/1999", ODP_EDATA, NULL);
    expect_err(op, "31/07-1981", ODP_EDATA, NULL);
    expect_err(op, "1981-07-31", ODP_EDATA, NULL);
    odp_op_free(op);
}

/* ISO weeks against a brute-force count over 1990..2040. */
static void
test_iso_week_sweep(void **state)
{
    int y, m, d, wy, wk, exp_wy = 1990, exp_wk;
    int64_t day, monday;

    (void)state;
    /* 1990-01-01 was a Monday: week 1 of 1990 */
    monday = odp_days_from_civil(1990, 1, 1);
    exp_wk = 1;
    for (day = monday; day < odp_days_from_civil(2041, 1, 1); day++) {
        if (day > monday && (day - monday) % 7 == 0) {
            int ty, tm, td;

            /* a new week belongs to the year of its Thursday */
            odp_civil_from_days(day + 3, &ty, &tm, &td);
            if (ty != exp_wy) {
                exp_wy = ty;
                exp_wk = 1;
            } else {
                exp_wk++;
            }
        }
        odp_civil_from_days(day, &y, &m, &d);
        assert_int_equal(odp_days_from_civil(y, m, d), day);
        odp_iso_week(y, m, d, &wy, &wk);
        assert_int_equal(wy, exp_wy);
        assert_int_equal(wk, exp_wk);
    }
}

/* ---------------------------------------------------------------- ZIP, numbers, block */

static void
test_generalize_zip(void **state)
{
    struct odp_colrule r = rule(ODP_ACT_GENERALIZE);
    struct odp_op *op;
    struct odp_err err;

    (void)state;
    r.gen = ODP_GEN_ZIP;
    r.digits = 3;
    op = mkop(&r);
    expect(op, "11201", 1, "112");
    expect(op, "11201-1234", 1, "112");
    expect(op, "", 0, "");
    expect_err(op, "1120", ODP_EDATA, "5-digit ZIP");
    expect_err(op, "1120a", ODP_EDATA, NULL);
    expect_err(op, "112011", ODP_EDATA, NULL);
    expect_err(op, "11201 1234", ODP_EDATA, NULL);
    expect_err(op, "11201-123", ODP_EDATA, NULL);
    expect_err(op, "N/A", ODP_EDATA, NULL);
    odp_op_free(op);
    r.digits = 5;
    op = mkop(&r);
    expect(op, "11201", 0, "11201");
    expect(op, "11201-1234", 1, "11201");
    odp_op_free(op);
    r.digits = 6;
    odp_err_clear(&err);
    assert_null(odp_op_new(&r, g_keys, 0, &err));
    assert_int_equal(err.code, ODP_ESCHEMA);
}

static void
test_generalize_number(void **state)
{
    struct odp_colrule r = rule(ODP_ACT_GENERALIZE);
    struct odp_op *op;
    double bands[] = {0, 18, 65};
    double fbands[] = {-2.5, 0.1, 1e6};

    (void)state;
    r.gen = ODP_GEN_NUMBER;
    r.bands = bands;
    r.nbands = 3;
    op = mkop(&r);
    expect(op, "-1", 1, "<0");
    expect(op, "0", 1, "[0,18)");
    expect(op, "17.99", 1, "[0,18)");
    expect(op, "18", 1, "[18,65)");
    expect(op, "64", 1, "[18,65)");
    expect(op, "65", 1, ">=65");
    expect(op, "1e3", 1, ">=65");
    expect(op, "", 0, "");
    expect_err(op, "abc", ODP_EDATA, "not a number");
    expect_err(op, "inf", ODP_EDATA, NULL);
    expect_err(op, "nan", ODP_EDATA, NULL);
    expect_err(op, "0x10", ODP_EDATA, NULL);
    expect_err(op, " 5", ODP_EDATA, NULL);
    expect_err(op, "5 ", ODP_EDATA, NULL);
    expect_err(op, "1,000", ODP_EDATA, NULL);
    expect_err(op, "1e999", ODP_EDATA, NULL);
    expect_err(op, "-", ODP_EDATA, NULL);
    expect_err(op, ".", ODP_EDATA, NULL);
    expect_err(op, "1e", ODP_EDATA, NULL);
    odp_op_free(op);

    r.bands = fbands;
    op = mkop(&r);
    expect(op, "-3", 1, "<-2.5");
    expect(op, "0", 1, "[-2.5,0.1)");
    expect(op, "0.1", 1, "[0.1,1000000)");
    expect(op, "2000000", 1, ">=1000000");
    odp_op_free(op);

    /* width with top/bottom coding (applied first) */
    r.bands = NULL;
    r.nbands = 0;
    r.width = 10;
    r.has_top = 1;
    r.top = 90;
    r.has_bottom = 1;
    r.bottom = -20;
    op = mkop(&r);
    expect(op, "25", 1, "[20,30)");
    expect(op, "20", 1, "[20,30)");
    expect(op, "-5", 1, "[-10,0)");
    expect(op, "-0", 1, "[0,10)");
    expect(op, "89.999", 1, "[80,90)");
    expect(op, "90", 1, ">=90");
    expect(op, "-20", 1, "[-20,-10)");
    expect(op, "-20.5", 1, "<-20");
    odp_op_free(op);

    r.width = 0.1;
    r.has_top = r.has_bottom = 0;
    op = mkop(&r);
    expect(op, "0.25", 1, "[0.2,0.3)");
    expect(op, "1.05", 1, "[1,1.1)");
    odp_op_free(op);

    /* top coding only: values below the top are left as they are */
    r.width = 0;
    r.has_top = 1;
    r.top = 89.5;
    op = mkop(&r);
    expect(op, "42", 0, "42");
    expect(op, "89.5", 1, ">=89.5");
    odp_op_free(op);
}

static void
test_num_format(void **state)
{
    static const struct {
        double d;
        const char *s;
    } v[] = {{0, "0"},
             {-0.0, "0"},
             {1, "1"},
             {-18, "-18"},
             {0.1, "0.1"},
             {2.5, "2.5"},
             {1e6, "1000000"},
             {1e-7, "0.0000001"},
             {123.456, "123.456"},
             {1e21, "1000000000000000000000"},
             {0.30000000000000004, "0.30000000000000004"}};
    char out[ODP_NUM_TXT];
    size_t i;

    (void)state;
    for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
        odp_num_format(v[i].d, 17, out);
        assert_string_equal(out, v[i].s);
    }
    odp_num_format(0.30000000000000004, 15, out);
    assert_string_equal(out, "0.3");
}

static void
test_generalize_block(void **state)
{
    struct odp_colrule r = rule(ODP_ACT_GENERALIZE);
    struct odp_op *op;

    (void)state;
    r.gen = ODP_GEN_BLOCK;
    op = mkop(&r);
    expect(op, "1234 MAIN ST", 1, "1200 BLOCK MAIN ST");
    expect(op, "123-45 QUEENS BLVD", 1, "123-00 BLOCK QUEENS BLVD");
    expect(op, "12-105 JAMAICA AVE", 1, "12-100 BLOCK JAMAICA AVE");
    expect(op, "99 WEST ST", 1, "0 BLOCK WEST ST");
    expect(op, "0 PARK AVE", 1, "0 BLOCK PARK AVE");
    expect(op, "12A BAY ST", 1, "0 BLOCK BAY ST");
    expect(op, "100 \"X\" ST\nAPT 4", 1, "100 BLOCK \"X\" ST\nAPT 4");
    expect(op, "BROADWAY & W 42 ST", 0, "BROADWAY & W 42 ST");
    expect(op, "1ST AVE", 0, "1ST AVE");
    expect(op, "1234", 0, "1234");
    expect(op, "1234567890 X ST", 0, "1234567890 X ST");
    expect(op, "", 0, "");
    odp_op_free(op);
}

/* ---------------------------------------------------------------- round */

static void
slow_round(const char *v, unsigned dec, char *out, size_t cap)
{
    double d;

    assert_true(odp_num_parse(v, strlen(v), &d));
    snprintf(out, cap, "%.*f", (int)dec, d);
}

static void
check_fast(const char *v, unsigned dec)
{
    char fast[256], slow[512];
    size_t n = odp_round_fast(v, strlen(v), dec, fast);

    if (n == 0) {
        return;
    }
    fast[n] = '\0';
    slow_round(v, dec, slow, sizeof(slow));
    if (strcmp(fast, slow) != 0) {
        fprintf(stderr, "round %s to %u: fast %s, printf %s\n", v, dec, fast, slow);
    }
    assert_string_equal(fast, slow);
}

static void
test_round(void **state)
{
    struct odp_colrule r = rule(ODP_ACT_ROUND);
    struct odp_op *op;
    char out[64];

    (void)state;
    r.decimals = 3;
    op = mkop(&r);
    /* values of Python "%.3f" % float(v) */
    expect(op, "-73.792258595295393", 1, "-73.792");
    expect(op, "40.70000000000001", 1, "40.700");
    expect(op, "2.675", 0, "2.675"); /* same bytes: no change */
    expect(op, "0.0005", 1, "0.001");
    expect(op, "0.0015", 1, "0.002");
    expect(op, "-0.0001", 1, "-0.000");
    expect(op, "-0", 1, "-0.000");
    expect(op, "1e20", 1, "100000000000000000000.000");
    expect(op, "9.9996", 1, "10.000");
    expect(op, "+5", 1, "5.000");
    expect(op, "007.5", 1, "7.500");
    expect(op, ".5", 1, "0.500");
    expect(op, "5.", 1, "5.000");
    expect(op, "1.000", 0, "1.000");
    expect(op, "", 0, "");
    expect_err(op, "40.7N", ODP_EDATA, "not a number");
    expect_err(op, "nan", ODP_EDATA, NULL);
    expect_err(op, "-inf", ODP_EDATA, NULL);
    expect_err(op, "0x1p3", ODP_EDATA, NULL);
    odp_op_free(op);
    r.decimals = 2;
    op = mkop(&r);
    expect(op, "2.675", 1, "2.67"); /* binary value is below the tie */
    expect(op, "0.125", 1, "0.12"); /* exact tie: half to even */
    expect(op, "0.375", 1, "0.38");
    odp_op_free(op);
    r.decimals = 0;
    op = mkop(&r);
    expect(op, "2.5", 1, "2");
    expect(op, "3.5", 1, "4");
    expect(op, "-0.4", 1, "-0");
    odp_op_free(op);

    /* the fast path refuses what it cannot prove */
    assert_int_equal(odp_round_fast("0.125", 5, 2, out), 0);
    assert_int_equal(odp_round_fast("1e5", 3, 2, out), 0);
    assert_int_equal(odp_round_fast("123456789012.34567", 18, 3, out), 0);
    assert_true(odp_round_fast("-73.792258595295393", 19, 3, out) > 0);
}

/*
 * Fast path vs snprintf on every numeric token of the real NYC extracts (coordinates,
 * state-plane x/y, counts, BBLs): maximal runs of [0-9.+-] between separators.
 */
static void
test_round_fast_nyc_real(void **state)
{
    static const char *files[] = {
        "311-service-requests-2013-12-25", "311-service-requests-2022-05-01-sample",
        "dob-job-application-filings-sample", "dob-now-build-job-filings-sample",
        "nypd-complaint-data-historic-sample"};
    size_t f, tokens = 0, fractions = 0;

    (void)state;
    for (f = 0; f < sizeof(files) / sizeof(files[0]); f++) {
        char path[2048], tok[64];
        FILE *fp;
        int c;
        size_t n = 0;

        snprintf(path, sizeof(path), "%s/conformance/nyc-real/%s.csv", ODP_SHARED, files[f]);
        fp = fopen(path, "rb");
        if (fp == NULL) {
            fail_msg("missing conformance file %s", path);
        }
        do {
            c = fgetc(fp);
            if (c != EOF && (strchr("0123456789.+-", c) != NULL) && c != '\0') {
                if (n < sizeof(tok) - 1) {
                    tok[n] = (char)c;
                }
                n++;
                continue;
            }
            if (n > 0 && n < sizeof(tok) &&
                (c == ',' || c == '"' || c == '\n' || c == '\r' || c == EOF)) {
                double d;

                tok[n] = '\0';
                if (odp_num_parse(tok, n, &d)) {
                    unsigned dec;
                    char out[256];

                    for (dec = 0; dec <= 6; dec++) {
                        check_fast(tok, dec);
                    }
                    tokens++;
                    fractions += strchr(tok, '.') != NULL && odp_round_fast(tok, n, 3, out) > 0;
                }
            }
            n = 0;
        } while (c != EOF);
        fclose(fp);
    }
    /* the extracts hold thousands of numbers, hundreds of coordinates the fast path takes */
    assert_true(tokens > 1000);
    assert_true(fractions > 100);
}

/* Fast path vs snprintf on edge cases and millions of random literals. */
static void
test_round_fast_random(void **state)
{
    static const char *edge[] = {"0",
                                 "-0",
                                 "0.0005",
                                 "0.00049999999999",
                                 "0.00050000000001",
                                 "1.0005",
                                 "2.675",
                                 "1.4999999999999999",
                                 "0.9995",
                                 "-0.9995",
                                 "999.9995",
                                 "99999999.99949",
                                 "0.000",
                                 "123",
                                 "-73.7",
                                 "40.123449999999999",
                                 "40.1234500000000001",
                                 "1.5",
                                 "2.5",
                                 ".9999",
                                 "00000.00001",
                                 "4503599627370496.5",
                                 "1.05"};
    uint64_t s = 0x9E3779B97F4A7C15ull;
    char v[64];
    unsigned dec;
    size_t i;
    long iter, taken = 0;

    (void)state;
    for (i = 0; i < sizeof(edge) / sizeof(edge[0]); i++) {
        for (dec = 0; dec <= 6; dec++) {
            check_fast(edge[i], dec);
        }
    }
    for (iter = 0; iter < 2000000; iter++) {
        size_t n = 0, k, ni, nf;
        char fast[128], slow[512];
        size_t fl;
        double d;

        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        if (s & 1) {
            v[n++] = '-';
        }
        ni = (s >> 1) % 8;
        nf = (s >> 4) % 18;
        for (k = 0; k < ni; k++) {
            v[n++] = (char)('0' + (s >> (8 + 3 * k)) % 10);
        }
        if (ni == 0) {
            v[n++] = '0';
        }
        v[n++] = '.';
        for (k = 0; k < nf; k++) {
            uint64_t t = s * (k + 1) * 0x2545F4914F6CDD1Dull;
            /* bias towards 4, 5, 9, 0 to hit near-ties */
            static const char pick[] = "0123456789459045900549";

            v[n++] = pick[(t >> 40) % (sizeof(pick) - 1)];
        }
        v[n] = '\0';
        dec = (unsigned)((s >> 20) % 7);
        fl = odp_round_fast(v, n, dec, fast);
        if (fl == 0) {
            continue;
        }
        taken++;
        fast[fl] = '\0';
        assert_true(odp_num_parse(v, n, &d));
        snprintf(slow, sizeof(slow), "%.*f", (int)dec, d);
        if (strcmp(fast, slow) != 0) {
            fprintf(stderr, "round %s to %u: fast %s, printf %s\n", v, dec, fast, slow);
        }
        assert_string_equal(fast, slow);
    }
    /* the shortcut must actually be taken for most plain literals */
    assert_true(taken > 1000000);
}

/* ---------------------------------------------------------------- date_shift */

static void
test_date_shift(void **state)
{
    struct odp_colrule r = rule(ODP_ACT_DATE_SHIFT);
    struct odp_op *op;
    int rc;

    (void)state;
    r.by = (char *)"entity";
    op = mkop(&r);
    /* Python: u = big-endian first 8 bytes of HMAC(key, b"date_shift\0E1"); u % 61 - 30 */
    rc = apply2(op, "01/15/2020 03:04:05 PM", 22, "E1"); /* shift -12 */
    assert_int_equal(rc, 1);
    assert_string_equal(g_out, "01/03/2020 03:04:05 PM");
    rc = apply2(op, "2020-03-01T10:11:12.5+01:00", 27, "E1");
    assert_int_equal(rc, 1);
    assert_string_equal(g_out, "2020-02-18T10:11:12.5+01:00");
    rc = apply2(op, "01/15/2020", 10, "E2"); /* shift -28, across the year */
    assert_int_equal(rc, 1);
    assert_string_equal(g_out, "12/18/2019");
    rc = apply2(op, "2020-03-01", 10, "E2");
    assert_int_equal(rc, 1);
    assert_string_equal(g_out, "2020-02-02");
    /* empty date stays empty, even with an empty key column */
    rc = apply2(op, "", 0, "");
    assert_int_equal(rc, 0);
    assert_string_equal(g_out, "");
    /* empty key column: fail closed */
    rc = apply2(op, "01/15/2020", 10, "");
    assert_int_equal(rc, ODP_EDATA);
    assert_non_null(strstr(g_err.msg, "date_shift key column 'entity' is empty"));
    rc = apply2(op, "01/15/2020 3PM", 14, "E1");
    assert_int_equal(rc, ODP_EDATA);
    assert_non_null(strstr(g_err.msg, "is not a date"));
    assert_null(strstr(g_err.msg, "3PM"));
    /* out of the year range */
    rc = apply2(op, "9999-12-31", 10, "E1");
    assert_int_equal(rc, 1);
    rc = apply2(op, "0001-01-02", 10, "E1");
    assert_int_equal(rc, ODP_EDATA);
    odp_op_free(op);

    /* max_days 0: no shift, same bytes */
    r.max_days = 0;
    op = mkop(&r);
    rc = apply2(op, "01/15/2020", 10, "E1");
    assert_int_equal(rc, 0);
    assert_string_equal(g_out, "01/15/2020");
    odp_op_free(op);

    /* same entity keeps the order of its dates; the shift is within +-max_days */
    r.max_days = 365;
    op = mkop(&r);
    {
        char ent[16];
        int i;

        for (i = 0; i < 200; i++) {
            struct odp_datetime a, b;
            char first[32];
            int64_t da, db;

            snprintf(ent, sizeof(ent), "P%d", i);
            assert_int_equal(apply2(op, "2020-06-15", 10, ent) >= 0, 1);
            memcpy(first, g_out, g_outlen + 1);
            assert_int_equal(apply2(op, "2020-06-20", 10, ent) >= 0, 1);
            assert_int_equal(odp_date_parse(first, strlen(first), ODP_DFMT_ISO, &a, NULL), 0);
            assert_int_equal(odp_date_parse(g_out, g_outlen, ODP_DFMT_ISO, &b, NULL), 0);
            da = odp_days_from_civil(a.year, a.month, a.day);
            db = odp_days_from_civil(b.year, b.month, b.day);
            assert_int_equal(db - da, 5);
            assert_true(llabs((long long)(da - odp_days_from_civil(2020, 6, 15))) <= 365);
        }
    }
    odp_op_free(op);
}

/* ---------------------------------------------------------------- scrub */

static struct odp_scrub_pattern bench_pats[] = {
    {(char *)EMAIL_RE, (char *)"[EMAIL]", 10, 12},
    {(char *)PHONE_RE, (char *)"[PHONE]", 11, 12},
};

static void
test_scrub_patterns(void **state)
{
    struct odp_colrule r = rule(ODP_ACT_SCRUB);
    struct odp_op *op;

    (void)state;
    r.patterns = bench_pats;
    r.npatterns = 2;
    op = mkop(&r);
    expect(op, "contact jane.roe@example.org or (212) 555-0134 today", 1,
           "contact [EMAIL] or [PHONE] today");
    expect(op, "a@b.co,x@y.museum\n\"q\" 212.555.0100 718-555-0199x", 1,
           "[EMAIL],[EMAIL]\n\"q\" [PHONE] [PHONE]x");
    expect(op, "no identifiers here, just words", 0, "no identifiers here, just words");
    expect(op, "(212)555-0134(212)555-0135", 1, "[PHONE][PHONE]");
    expect(op, "call 2125550134", 0, "call 2125550134"); /* needs a separator before last 4 */
    expect(op, "", 0, "");
    expect(op, "José <josé@x.com> 555 123 4567", 1, "José <josé@x.com> [PHONE]");
    odp_op_free(op);
    /* prefilter analysis */
    assert_int_equal(odp_regex_min_digits(PHONE_RE), 10);
    assert_int_equal(odp_regex_min_digits("\\d{3}-\\d{2}-\\d{4}"), 9);
    assert_int_equal(odp_regex_min_digits("[0-9]+[a-z]*[0-9]?"), 1);
    assert_int_equal(odp_regex_min_digits(EMAIL_RE), 0);
    assert_int_equal(odp_regex_min_digits("(\\d{3})|x"), 0);
    assert_int_equal(odp_regex_min_digits("[^0-9]{5}"), 0);
    assert_int_equal(odp_regex_min_digits("\\w{5}"), 0);
    {
        char lits[8];

        assert_int_equal(odp_regex_required_bytes(EMAIL_RE, lits, sizeof(lits)), 2);
        assert_memory_equal(lits, "@.", 2);
        assert_int_equal(odp_regex_required_bytes(PHONE_RE, lits, sizeof(lits)), 0);
        assert_int_equal(odp_regex_required_bytes("ab?c*\\-[x]{0}[y]{2}", lits, 8), 3);
        assert_memory_equal(lits, "a-y", 3);
        assert_int_equal(odp_regex_required_bytes("a|b", lits, sizeof(lits)), 0);
        assert_int_equal(odp_regex_required_bytes("[^@]+", lits, sizeof(lits)), 0);
    }
}

/* Empty matches follow Python 3.7+ re.sub: re.sub('x*', '-', 'abxd') == '-a-b--d-'. */
static void
test_scrub_empty_matches(void **state)
{
    struct odp_scrub_pattern p[] = {{(char *)"x*", (char *)"-", 1, 1}};
    struct odp_scrub_pattern p2[] = {{(char *)"", (char *)"|", 1, 1}};
    struct odp_scrub_pattern p3[] = {{(char *)"[^a]", (char *)"_", 1, 1}};
    struct odp_colrule r = rule(ODP_ACT_SCRUB);
    struct odp_op *op;

    (void)state;
    r.patterns = p;
    r.npatterns = 1;
    op = mkop(&r);
    expect(op, "abxd", 1, "-a-b--d-");
    expect(op, "xx", 1, "--");
    odp_op_free(op);
    r.patterns = p2;
    op = mkop(&r);
    expect(op, "aé", 1, "|a|é|"); /* advances by a whole character */
    odp_op_free(op);
    r.patterns = p3;
    op = mkop(&r);
    expect(op, "aéa", 1, "a_a");                              /* UTF mode: é is one character */
    expect_err(op, "ab\xc3(x", ODP_EDATA, "not valid UTF-8"); /* fail closed */
    odp_op_free(op);
}

static void
test_scrub_bad_regex(void **state)
{
    struct odp_scrub_pattern p[] = {{(char *)"ok", (char *)"x", 20, 9},
                                    {(char *)"a(b", (char *)"x", 21, 16}};
    struct odp_colrule r = rule(ODP_ACT_SCRUB);
    struct odp_err err;

    (void)state;
    r.patterns = p;
    r.npatterns = 2;
    odp_err_clear(&err);
    assert_null(odp_op_new(&r, g_keys, 0, &err));
    assert_int_equal(err.code, ODP_ESCHEMA);
    assert_string_equal(err.path, "policy.yaml");
    assert_int_equal(err.line, 21);
    assert_int_equal(err.col, 16);
    assert_non_null(strstr(err.msg, "pattern 2"));
}

static void
test_scrub_match_limit(void **state)
{
    struct odp_scrub_pattern p[] = {{(char *)"(a+)+$", (char *)"x", 1, 1}};
    struct odp_colrule r = rule(ODP_ACT_SCRUB);
    struct odp_op *op;
    char v[80];

    (void)state;
    memset(v, 'a', sizeof(v) - 2);
    v[sizeof(v) - 2] = '!';
    v[sizeof(v) - 1] = '\0';
    r.patterns = p;
    r.npatterns = 1;
    op = mkop(&r);
    assert_int_equal(apply(op, v), ODP_ELIMIT);
    assert_non_null(strstr(g_err.msg, "match limit"));
    odp_op_free(op);
}

static void
test_scrub_detectors(void **state)
{
    struct odp_colrule r = rule(ODP_ACT_SCRUB);
    struct odp_op *op;

    (void)state;
    r.detect_order[0] = ODP_DET_EMAIL;
    r.detect_order[1] = ODP_DET_PHONE;
    r.detect_order[2] = ODP_DET_SSN;
    r.ndetect = 3;
    r.detect_mask = 7;
    op = mkop(&r);
    expect(op, "mail jane.roe@example.org, call 718-422-7133, ssn 123-45-6789.", 1,
           "mail [EMAIL], call [PHONE], ssn [SSN].");
    expect(op, "nothing \"here\"\n", 0, "nothing \"here\"\n");
    expect(op, "", 0, "");
    odp_op_free(op);
    /* detectors run before patterns */
    r.patterns = bench_pats;
    r.npatterns = 2;
    op = mkop(&r);
    expect(op, "x a@example.com 212-555-0134", 1, "x [EMAIL] [PHONE]");
    odp_op_free(op);
}

/* Differential check against Python's re.sub for the bench regexes. */
static void
test_scrub_vs_python(void **state)
{
    struct odp_colrule r = rule(ODP_ACT_SCRUB);
    struct odp_op *op;
    char tin[] = "/tmp/odp_scrub_in_XXXXXX";
    char cmd[512], line[4096];
    FILE *f, *pp;
    uint64_t s = 12345;
    static const char alpha[] = "ab.Z@-_%+ (1234567890)(). -x@y.com";
    int fd, i, n = 3000;
    static char vals[3000][64];

    (void)state;
    if (access("/usr/bin/python3", X_OK) != 0) {
        skip();
    }
    fd = mkstemp(tin);
    assert_true(fd >= 0);
    f = fdopen(fd, "w");
    assert_non_null(f);
    for (i = 0; i < n; i++) {
        int k, len;

        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        len = (int)(s % 60);
        for (k = 0; k < len; k++) {
            vals[i][k] = alpha[(s >> (k % 50)) * 2654435761u % (sizeof(alpha) - 1)];
            s = s * 6364136223846793005ull + 1442695040888963407ull;
        }
        vals[i][len] = '\0';
        fprintf(f, "%s\n", vals[i]);
    }
    fclose(f);
    snprintf(cmd, sizeof(cmd),
             "/usr/bin/python3 -c 'import re,sys\n"
             "E=re.compile(r\"%s\");P=re.compile(r\"%s\")\n"
             "for l in open(sys.argv[1]):\n"
             " print(P.sub(\"[PHONE]\",E.sub(\"[EMAIL]\",l[:-1])))' %s",
             EMAIL_RE, PHONE_RE, tin);
    pp = popen(cmd, "r");
    assert_non_null(pp);
    r.patterns = bench_pats;
    r.npatterns = 2;
    op = mkop(&r);
    for (i = 0; i < n; i++) {
        size_t l;

        assert_non_null(fgets(line, sizeof(line), pp));
        l = strlen(line);
        assert_true(l > 0 && line[l - 1] == '\n');
        line[l - 1] = '\0';
        assert_true(apply(op, vals[i]) >= 0);
        if (strcmp(g_out, line) != 0) {
            fprintf(stderr, "in [%s] ours [%s] python [%s]\n", vals[i], g_out, line);
        }
        assert_string_equal(g_out, line);
    }
    odp_op_free(op);
    assert_int_equal(pclose(pp), 0);
    unlink(tin);
}

/* A scratch buffer over its cap gives ODP_ELIMIT, never a truncated value. */
static void
test_scratch_limit(void **state)
{
    struct odp_colrule r = rule(ODP_ACT_MASK);
    struct odp_op *op;
    struct odp_field f = {"0123456789", 10}, out;
    struct odp_row row = {1, &f, 1, 1};
    struct odp_buf b;
    struct odp_err err;

    (void)state;
    op = mkop(&r);
    odp_buf_init(&b, 4);
    odp_err_clear(&err);
    assert_int_equal(odp_op_apply(op, &row, 0, &out, &b, &err), ODP_ELIMIT);
    assert_int_equal(err.code, ODP_ELIMIT);
    /* bad arguments */
    assert_int_equal(odp_op_apply(op, &row, 1, &out, &b, NULL), ODP_EINVAL);
    odp_buf_release(&b);
    odp_op_free(op);
}

/* ---------------------------------------------------------------- date parse API */

static void
test_date_parse_api(void **state)
{
    struct odp_datetime dt;
    enum odp_date_fmt used;

    (void)state;
    assert_int_equal(odp_date_parse("01/15/2020 12:00:00 AM", 22, ODP_DFMT_AUTO, &dt, &used), 0);
    assert_int_equal(used, ODP_DFMT_US_DATETIME_12H);
    assert_int_equal(dt.hour, 0);
    assert_int_equal(odp_date_parse("01/15/2020 12:00:00", 19, ODP_DFMT_AUTO, &dt, &used), 0);
    assert_int_equal(used, ODP_DFMT_US_DATETIME_24H);
    assert_int_equal(dt.hour, 12);
    assert_int_equal(odp_date_parse("01/15/2020", 10, ODP_DFMT_AUTO, &dt, &used), 0);
    assert_int_equal(used, ODP_DFMT_US_DATE);
    assert_int_equal(dt.has_time, 0);
    assert_int_equal(odp_date_parse("2020-01-15T01:02:03Z", 20, ODP_DFMT_AUTO, &dt, &used), 0);
    assert_int_equal(used, ODP_DFMT_ISO);
    assert_int_equal(dt.second, 3);
    /* n bounds the read: no NUL needed */
    assert_int_equal(odp_date_parse("2020-01-15XYZ", 10, ODP_DFMT_AUTO, &dt, &used), 0);
    assert_int_equal(odp_date_parse("2020-01-1", 9, ODP_DFMT_AUTO, &dt, &used), ODP_EDATA);
    /* day first only when asked for: AUTO never reads 31/07/1981 */
    assert_int_equal(odp_date_parse("31/07/1981", 10, ODP_DFMT_AUTO, &dt, &used), ODP_EDATA);
    assert_int_equal(odp_date_parse("31/07/1981", 10, ODP_DFMT_DMY_DATE, &dt, &used), 0);
    assert_int_equal(used, ODP_DFMT_DMY_DATE);
    assert_int_equal(dt.day, 31);
    assert_int_equal(dt.month, 7);
    assert_string_equal(odp_date_fmt_name(ODP_DFMT_DMY_DATE), "DD/MM/YYYY");
    assert_null(odp_date_fmt_name(ODP_DFMT_US_DATETIME_24H));
}

/*
 * odp_date_generalize_fast against the full parser: whenever it decides, the bytes are
 * those of odp_date_parse + odp_date_generalize for the same format and unit; on valid
 * values of the forms it covers it does decide; and on every value (valid ones with one
 * byte changed, cut or lengthened, random bytes) it never decides one the parser refuses.
 */
static int g_fast_hits;

static void
fast_vs_full(const char *v, size_t n)
{
    static const enum odp_date_fmt fmts[] = {ODP_DFMT_AUTO, ODP_DFMT_US_DATETIME_12H,
                                             ODP_DFMT_US_DATETIME_24H, ODP_DFMT_US_DATE,
                                             ODP_DFMT_ISO};
    size_t f;
    int u;

    for (f = 0; f < sizeof(fmts) / sizeof(fmts[0]); f++) {
        for (u = ODP_DATE_YEAR; u <= ODP_DATE_UNIT_LAST; u++) {
            char a[16], b[16];
            struct odp_datetime dt;
            size_t fa = odp_date_generalize_fast(v, n, fmts[f], (enum odp_date_unit)u, a), fb;

            if (fa == 0) {
                continue;
            }
            g_fast_hits++;
            if (odp_date_parse(v, n, fmts[f], &dt, NULL) != ODP_OK) {
                fail_msg("fast path took a value the parser refuses: '%.*s' fmt %d", (int)n, v,
                         (int)fmts[f]);
            }
            fb = odp_date_generalize(&dt, (enum odp_date_unit)u, b);
            if (fa != fb || memcmp(a, b, fa) != 0) {
                fail_msg("fast path differs on '%.*s' fmt %d unit %d", (int)n, v, (int)fmts[f],
                         u);
            }
        }
    }
}

static void
test_date_fast_path(void **state)
{
    static const char *valid[] = {
        "01/31/2024 11:59:59 PM", "02/29/2024 12:00:00 AM", "12/01/0001 01:00:00 am",
        "07/04/9999 10:30:00 pM", "01/31/2024 23:59:59",    "02/29/2000 00:00:00",
        "06/15/1999",             "2024-02-29",             "0001-01-01",
        "9999-12-31"};
    static const char alphabet[] = "0123456789/:- APMapmTZ.x\0\xff";
    char v[32];
    size_t i, k, n;
    int c, r;
    char out[16];

    (void)state;
    /* the covered forms do take the fast path (a month of each) */
    for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
        n = strlen(valid[i]);
        assert_true(odp_date_generalize_fast(valid[i], n, ODP_DFMT_AUTO, ODP_DATE_MONTH, out) == 7);
        fast_vs_full(valid[i], n);
    }
    assert_memory_equal(out, "9999-12", 7);
    assert_int_equal(odp_date_generalize_fast("02/29/2023 01:00:00 AM", 22, ODP_DFMT_AUTO,
                                              ODP_DATE_MONTH, out),
                     0); /* not a leap year */
    assert_int_equal(
        odp_date_generalize_fast("01/31/2024 11:59:59 PM", 22, ODP_DFMT_AUTO, ODP_DATE_WEEK, out),
        0); /* not a covered unit */
    /* every one-byte change, every cut and one byte more, of each valid value */
    g_fast_hits = 0;
    for (i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
        n = strlen(valid[i]);
        for (k = 0; k < n; k++) {
            for (c = 0; c < 256; c++) {
                memcpy(v, valid[i], n);
                v[k] = (char)c;
                fast_vs_full(v, n);
            }
        }
        for (k = 0; k <= n + 1 && k < sizeof(v); k++) {
            memcpy(v, valid[i], n);
            v[n] = '0';
            fast_vs_full(v, k);
        }
    }
    assert_true(g_fast_hits > 1000);
    /* random strings over the dates' alphabet and random bytes */
    srand(7);
    for (r = 0; r < 200000; r++) {
        n = 10 + (size_t)(rand() % 13);
        for (k = 0; k < n; k++) {
            v[k] = r % 2 ? alphabet[rand() % (int)(sizeof(alphabet) - 1)] : (char)(rand() & 255);
        }
        if (r % 4 == 0 && n >= 10) { /* a valid prefix, so the rest gets looked at */
            memcpy(v, valid[rand() % (int)(sizeof(valid) / sizeof(valid[0]))], 10);
        }
        fast_vs_full(v, n);
    }
}

/* ---------------------------------------------------------------- speed (informative) */

static void
test_pseudo_speed(void **state)
{
    struct odp_colrule r = rule(ODP_ACT_PSEUDONYMIZE);
    struct odp_op *op;
    struct odp_field f = {"12345678", 8}, out;
    struct odp_row row = {1, &f, 1, 1};
    struct odp_buf b;
    struct timespec t0, t1;
    int i, n = 500000;
    double ns;

    (void)state;
    op = mkop(&r);
    odp_buf_init(&b, 1024);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (i = 0; i < n; i++) {
        assert_int_equal(odp_op_apply(op, &row, 0, &out, &b, NULL), 1);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    ns = ((double)(t1.tv_sec - t0.tv_sec) * 1e9 + (double)(t1.tv_nsec - t0.tv_nsec)) / n;
    printf("# pseudonymize: %.0f ns per 8-byte value\n", ns);
    odp_buf_release(&b);
    odp_op_free(op);
}

/* ---------------------------------------------------------------- e2e helper mode */

static int
hmac_mode(int argc, char **argv)
{
    struct odp_err err;
    uint8_t *key = NULL;
    size_t klen = 0;
    struct odp_pseudo *ps;
    char hex[65];
    char spec[1100];
    struct odp_loc loc = {"<cmdline>", 0, 0};

    if (argc < 4) {
        fprintf(stderr, "usage: test_actions --hmac KEYFILE VALUE [DOMAIN]\n");
        return 2;
    }
    odp_err_clear(&err);
    snprintf(spec, sizeof(spec), "file:%s", argv[2]);
    if (odp_secret_read(spec, NULL, &loc, &key, &klen, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        return 2;
    }
    ps = odp_pseudo_new(key, klen, argc > 4 ? argv[4] : NULL, &err);
    odp_secret_free(key, klen);
    if (ps == NULL || odp_pseudo_hex(ps, argv[3], strlen(argv[3]), 64, hex, &err) < 0) {
        fprintf(stderr, "%s\n", err.msg);
        odp_pseudo_free(ps);
        return 2;
    }
    hex[64] = '\0';
    printf("%s\n", hex);
    odp_pseudo_free(ps);
    return 0;
}

int
main(int argc, char **argv)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_keep_drop_redact),
        cmocka_unit_test(test_mask),
        cmocka_unit_test(test_pseudonymize),
        cmocka_unit_test(test_pseudo_vs_openssl),
        cmocka_unit_test(test_pseudo_fast_vs_plain),
        cmocka_unit_test(test_pseudo_hex2),
        cmocka_unit_test(test_pseudo_hex3),
        cmocka_unit_test(test_generalize_date),
        cmocka_unit_test(test_iso_week_sweep),
        cmocka_unit_test(test_date_parse_api),
        cmocka_unit_test(test_generalize_zip),
        cmocka_unit_test(test_generalize_number),
        cmocka_unit_test(test_num_format),
        cmocka_unit_test(test_generalize_block),
        cmocka_unit_test(test_round),
        cmocka_unit_test(test_round_fast_random),
        cmocka_unit_test(test_round_fast_nyc_real),
        cmocka_unit_test(test_date_shift),
        cmocka_unit_test(test_scrub_patterns),
        cmocka_unit_test(test_scrub_empty_matches),
        cmocka_unit_test(test_scrub_bad_regex),
        cmocka_unit_test(test_scrub_match_limit),
        cmocka_unit_test(test_scrub_detectors),
        cmocka_unit_test(test_scrub_vs_python),
        cmocka_unit_test(test_scratch_limit),
        cmocka_unit_test(test_date_fast_path),
        cmocka_unit_test(test_pseudo_speed),
    };

    if (argc > 1 && strcmp(argv[1], "--hmac") == 0) {
        return hmac_mode(argc, argv);
    }
    return cmocka_run_group_tests(tests, setup_keys, teardown_keys);
}
