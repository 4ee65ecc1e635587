/*
 * fuzz_scrub.c - the value transforms of a release on arbitrary cell values: the
 * identifier detectors (lib/detect.h odp_detect_find / odp_detect_any, as scrub, audit
 * and init call them) and every column action (lib/actions.h odp_op_apply: scrub with
 * all detectors and policy regexes, generalize date / ZIP / number / block, round,
 * mask, redact, pseudonymize, date_shift).
 *
 * The ops come from a fixed policy loaded once through odp_policy_load and
 * odp_keyring_load (key from the environment), as `odpub release` builds them. The
 * input is the cell value; the column hint given to the detectors is picked from the
 * input's hash (NULL, a person, a license, a BBL and a phone header), so context-only
 * detectors run too.
 *
 * Oracles: every match is a non-empty range inside the value, and matches come in
 * order; odp_detect_any reports a detector exactly when odp_detect_find finds a match
 * from offset 0; an op's result is a view of the given length, valid UTF-8 when the
 * input was; a failure fills a clean error record; the fast decimal rounding equals
 * snprintf's whenever it answers.
 */
#include <string.h>

#include "actions_int.h"
#include "detect.h"
#include "fuzz.h"
#include "keyring.h"
#include "table_int.h"

#define MAX_VALUE (1u << 16)
#define MAX_OPS 64

static const char policy_yaml[] =
    "odpub: 1\n"
    "name: fuzz-ops\n"
    "keys:\n"
    "  pseudonym: env:ODP_FUZZ_KEY\n"
    "columns:\n"
    "  by: {action: keep}\n"
    "  s_all: {action: scrub, detect: [email, phone, ssn, credit_card, ip, date, address,"
    " bbl, license, person_name]}\n"
    "  s_pat:\n"
    "    action: scrub\n"
    "    detect: [ssn, email]\n"
    "    patterns:\n"
    "      - {regex: \"\\\\bBIN[0-9]{7}\\\\b\", replace: \"[BIN]\"}\n"
    "      - {regex: \"case #[0-9]+\"}\n"
    "      - {regex: \"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+[.][A-Za-z]{2,}\", replace: \"[E]\"}\n"
    "      - {regex: \"(?i)apt\\\\.? *[0-9a-z]+\", replace: \"APT\"}\n"
    "      - {regex: \"x*\", replace: \"-\"}\n"
    "      - {regex: \".\\\\s+$\", replace: \"\"}\n"
    "  g_month: {action: generalize, to: month}\n"
    "  g_week: {action: generalize, to: week}\n"
    "  g_year_us: {action: generalize, to: year, format: \"MM/DD/YYYY\"}\n"
    "  g_hour: {action: generalize, to: hour, format: iso}\n"
    "  g_day12: {action: generalize, to: day, format: \"MM/DD/YYYY hh:mm:ss AM\"}\n"
    "  g_zip: {action: generalize, digits: 3}\n"
    "  g_bands: {action: generalize, bands: [0, 18, 25.5, 65], top: 90, bottom: 0}\n"
    "  g_width: {action: generalize, width: 0.25, top: 250000}\n"
    "  g_block: {action: generalize, to: block}\n"
    "  r0: {action: round, decimals: 0}\n"
    "  r3: {action: round, decimals: 3}\n"
    "  r9: {action: round, decimals: 9}\n"
    "  m: {action: mask, keep_first: 2, keep_last: 3, char: \"\\u00e9\"}\n"
    "  red: {action: redact}\n"
    "  ps: {action: pseudonymize, domain: person, length: 16}\n"
    "  ds: {action: date_shift, by: by, max_days: 3650}\n";

static const char *const hints[] = {NULL, "complainant_name", "license_number", "bbl",
                                     "phone", "notes"};

struct state {
    struct odp_policy *pol;
    struct odp_keyring *kr;
    struct odp_detect *det;
    struct odp_op *ops[MAX_OPS];
    size_t nops;
    struct odp_buf scratch;
};

static struct state *
setup(void)
{
    static struct state s;
    static int ready;
    struct odp_err err;
    const char *path;
    size_t i;

    if (ready) {
        return &s;
    }
    setenv("ODP_FUZZ_KEY", "fuzz-key-0123456789abcdef-0123456789abcdef", 1);
    path = fuzz_write("ops.yaml", policy_yaml, sizeof(policy_yaml) - 1);
    odp_err_clear(&err);
    s.pol = odp_policy_load(path, NULL, &err);
    if (s.pol == NULL) {
        char line[2048];

        fprintf(stderr, "fuzz_scrub: %s\n", odp_err_format(&err, line, sizeof(line)));
    }
    FUZZ_CHECK(s.pol != NULL);
    s.kr = odp_keyring_load(s.pol, &err);
    FUZZ_CHECK(s.kr != NULL);
    for (i = 0; i < s.pol->ncols && s.nops < MAX_OPS; i++) {
        s.ops[s.nops] = odp_op_new(&s.pol->cols[i], s.kr, 1, &err);
        FUZZ_CHECK(s.ops[s.nops] != NULL);
        s.nops++;
    }
    s.det = odp_detect_new((1u << ODP_DET__COUNT) - 1u, &err);
    FUZZ_CHECK(s.det != NULL);
    odp_buf_init(&s.scratch, 16u << 20);
    ready = 1;
    return &s;
}

/* Whether v holds no byte >= 0x80 (the look-alike fold is then the identity). */
static int
is_ascii(const char *v, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++) {
        if ((unsigned char)v[i] >= 0x80) {
            return 0;
        }
    }
    return 1;
}

static void
check_detect(struct state *s, const char *v, size_t n, const char *hint)
{
    struct odp_err err;
    uint32_t hits = 0;
    int d, rc, first[ODP_DET__COUNT];

    for (d = 0; d < ODP_DET__COUNT; d++) {
        size_t start = 0, ms, me, count = 0;

        first[d] = -1;
        for (;;) {
            odp_err_clear(&err);
            rc = odp_detect_find(s->det, (enum odp_detector)d, v, n, start, hint, &ms, &me, &err);
            if (rc < 0) {
                fuzz_check_err(&err, rc);
                break;
            }
            if (first[d] < 0) {
                first[d] = rc;
            }
            if (rc == 0) {
                break;
            }
            FUZZ_CHECK(rc == 1);
            FUZZ_CHECK(start <= ms && ms < me && me <= n);
            start = me;
            if (++count > n) {
                FUZZ_CHECK(!"more matches than bytes");
            }
        }
    }
    odp_err_clear(&err);
    rc = odp_detect_any(s->det, v, n, hint, &hits, &err);
    if (rc < 0) {
        fuzz_check_err(&err, rc);
        return;
    }
    for (d = 0; d < ODP_DET__COUNT; d++) {
        if (first[d] >= 0 && is_ascii(v, n)) {
            FUZZ_CHECK(((hits >> d) & 1u) == (unsigned)first[d]);
        }
    }
    /* odp_detect_any and odp_detect_spans match the text with Unicode look-alikes folded
     * (odp_detect_find sees the bytes as given): a detector hits iff it has a span */
    for (d = 0; d < ODP_DET__COUNT; d++) {
        const struct odp_span *spans;
        size_t nspans;
        uint8_t one = (uint8_t)d;

        odp_err_clear(&err);
        rc = odp_detect_spans(s->det, &one, 1, v, n, odp_column_hint_kinds(hint), &spans, &nspans,
                              &err);
        if (rc < 0) {
            fuzz_check_err(&err, rc);
            return;
        }
        FUZZ_CHECK(((hits >> d) & 1u) == (nspans > 0));
    }
}

static void
check_round(const char *v, size_t n)
{
    static const unsigned decs[] = {0, 1, 2, 3, 6, 9};
    struct odp_buf b;
    struct odp_err err;
    double d;
    size_t i, len;
    char *out;

    if (!odp_num_parse(v, n, &d)) {
        return;
    }
    out = malloc(n + 32);
    FUZZ_CHECK(out != NULL);
    odp_buf_init(&b, 1u << 20);
    for (i = 0; i < sizeof(decs) / sizeof(decs[0]); i++) {
        len = odp_round_fast(v, n, decs[i], out);
        if (len == 0) {
            continue;
        }
        odp_err_clear(&err);
        odp_buf_reset(&b);
        FUZZ_CHECK(odp_round_slow(d, decs[i], &b, &err) == ODP_OK);
        if (len != b.len || memcmp(out, b.p, len) != 0) {
            fprintf(stderr, "round %u: fast '%.*s' slow '%.*s'\n", decs[i], (int)len, out,
                    (int)b.len, b.p);
            FUZZ_CHECK(!"odp_round_fast differs from snprintf");
        }
    }
    odp_buf_release(&b);
    free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct state *s = setup();
    const char *v = (const char *)data;
    const char *hint = hints[fuzz_hash(data, size) % (sizeof(hints) / sizeof(hints[0]))];
    struct odp_field f[2], out;
    struct odp_row row;
    struct odp_err err;
    int valid, rc;
    size_t i;

    if (size > MAX_VALUE) {
        return 0;
    }
    check_detect(s, v, size, hint);
    check_round(v, size);

    valid = odp_utf8_check(v, size, 1) == size;
    f[0].p = v;
    f[0].len = size;
    f[1].p = v;
    f[1].len = size;
    row.n = 2;
    row.f = f;
    row.line = 2;
    row.recno = 1;
    for (i = 0; i < s->nops; i++) {
        odp_err_clear(&err);
        out.p = NULL;
        out.len = 0;
        rc = odp_op_apply(s->ops[i], &row, 0, &out, &s->scratch, &err);
        if (rc < 0) {
            fuzz_check_err(&err, rc);
            continue;
        }
        FUZZ_CHECK(rc == 0 || rc == 1);
        FUZZ_CHECK(out.p != NULL || out.len == 0);
        if (rc == 0) {
            FUZZ_CHECK(out.len <= size);
        }
        if (valid && out.len > 0) {
            if (odp_utf8_check(out.p, out.len, 1) != out.len) {
                fprintf(stderr, "op '%s' made invalid UTF-8 of valid input\n",
                        s->pol->cols[i].name);
                FUZZ_CHECK(!"invalid UTF-8 output");
            }
        }
    }
    return 0;
}
