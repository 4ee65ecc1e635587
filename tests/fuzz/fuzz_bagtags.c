/*
 * fuzz_bagtags.c - the BagIt tag-file parsers verify runs on a downloaded package
 * (lib/bag_int.h): bagit.txt (odp_bagit_parse), the tag-file decoder
 * (odp_bag_text_decode: UTF-8, ISO-8859-1, UTF-16 with and without BOM), bag-info.txt
 * lookups (odp_baginfo_get), manifests (odp_manifest_parse, every algorithm, with and
 * without BagIt 1.0 percent-decoding), path checks and percent-escapes.
 *
 * Every parser runs on every input (seeds are real tag files of the BagIt suites), in
 * the order verify uses them: the bytes are decoded first, then parsed.
 * Oracles: text decoded from Latin-1 / UTF-16 is valid UTF-8, and NUL-terminated; a bag-info value has no surrounding whitespace and no line
 * break; manifest lines are increasing and paths NUL-free; percent-encoding a path and
 * decoding it again gives the path back; a failure fills a clean error record.
 */
#include <string.h>

#include "bag_int.h"
#include "fuzz.h"
#include "table_int.h"

static const char *const encodings[] = {"UTF-8", "ISO-8859-1", "UTF-16", "utf-16le",
                                        "UTF-16BE", "latin1", "KOI8-R"};
static const char *const labels[] = {"Bag-Software-Agent", "Payload-Oxum", "Bagging-Date",
                                     "Bag-Size", "External-Description", "Contact-Name"};

static void
check_manifest(const char *text, size_t len, int alg, int pct)
{
    struct odp_manifest m;
    struct odp_err err;
    uint64_t last = 0;
    size_t i;
    int rc;

    odp_err_clear(&err);
    rc = odp_manifest_parse(text, len, alg, pct, "manifest.txt", &m, &err);
    if (rc != ODP_OK) {
        fuzz_check_err(&err, rc);
        FUZZ_CHECK(err.line >= 1);
    }
    for (i = 0; i < m.n; i++) {
        FUZZ_CHECK(m.e[i].path != NULL);
        FUZZ_CHECK(m.e[i].line > last);
        last = m.e[i].line;
        (void)odp_bag_path_problem(m.e[i].path);
    }
    odp_manifest_release(&m);
}

static void
check_baginfo(const char *text, size_t len)
{
    size_t i, n;

    for (i = 0; i < sizeof(labels) / sizeof(labels[0]); i++) {
        char *v = odp_baginfo_get(text, len, labels[i]);
        uint64_t u;

        if (v == NULL) {
            continue;
        }
        n = strlen(v);
        FUZZ_CHECK(strchr(v, '\n') == NULL && strchr(v, '\r') == NULL);
        /* A NUL byte inside the value ends the C string early: only then may it end in
         * the blank that stood before the NUL. */
        if (n > 0 && memchr(text, '\0', len) == NULL) {
            FUZZ_CHECK(v[0] != ' ' && v[0] != '\t' && v[n - 1] != ' ' && v[n - 1] != '\t');
        }
        (void)odp_bag_parse_u64(v, n, &u);
        free(v);
    }
}

static void
check_pct(const uint8_t *data, size_t size)
{
    char *path, *enc, *dec;
    size_t n = strnlen((const char *)data, size), m;

    path = malloc(n + 1);
    FUZZ_CHECK(path != NULL);
    memcpy(path, data, n);
    path[n] = '\0';
    (void)odp_bag_path_problem(path);
    enc = odp_bag_pct_encode(path);
    FUZZ_CHECK(enc != NULL);
    FUZZ_CHECK(strchr(enc, '\n') == NULL && strchr(enc, '\r') == NULL);
    dec = malloc(strlen(enc) + 1);
    FUZZ_CHECK(dec != NULL);
    m = odp_bag_pct_decode(enc, strlen(enc), dec);
    FUZZ_CHECK(m == n && memcmp(dec, path, n) == 0);
    free(path);
    free(enc);
    free(dec);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *p = (const char *)data;
    struct odp_bagit_decl d;
    struct odp_err err;
    char *text = NULL;
    size_t len = 0, i;
    int rc, alg;

    odp_err_clear(&err);
    rc = odp_bagit_parse(p, size, "bagit.txt", &d, &err);
    if (rc != ODP_OK) {
        fuzz_check_err(&err, rc);
    } else {
        FUZZ_CHECK(strnlen(d.enc, sizeof(d.enc)) < sizeof(d.enc));
    }

    for (i = 0; i < sizeof(encodings) / sizeof(encodings[0]); i++) {
        odp_err_clear(&err);
        rc = odp_bag_text_decode(p, size, encodings[i], "tag.txt", &text, &len, &err);
        if (rc != ODP_OK) {
            fuzz_check_err(&err, rc);
            free(text);
            text = NULL;
            continue;
        }
        FUZZ_CHECK(text != NULL && text[len] == '\0');
        /* UTF-8 input is passed through as it is (verify sanitizes what it shows);
         * the other decoders build UTF-8 themselves. */
        if (i != 0) {
            FUZZ_CHECK(odp_utf8_check(text, len, 1) == len);
        }
        if (i == 0) {
            check_baginfo(text, len);
            for (alg = 0; alg < ODP_ALG__COUNT; alg++) {
                check_manifest(text, len, alg, alg & 1);
            }
            check_manifest(text, len, ODP_ALG_SHA256, 0);
        }
        free(text);
        text = NULL;
    }
    check_baginfo(p, size);
    check_pct(data, size);
    return 0;
}
