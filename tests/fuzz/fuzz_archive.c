/*
 * fuzz_archive.c - package verification of a downloaded archive (odp/verify.h
 * odp_verify_package), as `odpub verify PKG.zip|.tar|.tar.gz|.tar.zst` runs it: the
 * shared hostile-archive reader (lib/bag/pkgread.c: libarchive's tar and zip readers
 * with the gzip/zstd/xz/bzip2 filters, entry rules, the zip local/central cross-check),
 * then every bag rule over the streamed entries; and audit's extractor on the same
 * reader.
 *
 * The input is written to a scratch file and verified with lowered caps (8 MiB per
 * entry, 32 MiB in all, ratio 256:1 after 1 MiB), so an archive bomb is refused
 * long before the 2 GiB RSS limit. Inputs whose hash is odd are verified with the
 * public key of the seed packages (tests/fuzz/corpus/archive/: released by odpub
 * from a 3-row CSV, signed with a throwaway key made for the corpus), the others with
 * allow_unsigned (keyed runs set bag_only: the scratch file has no detached .minisig),
 * so mutations reach the signature, trusted-comment and strict checks
 * as well as the plain BagIt checks behind them.
 *
 * Oracles: the verdict is ODP_OK or ODP_EVERIFY (a refused or unreadable archive is a
 * failed verification, exit 1); ODP_OK means the result says ok and every check passed (and, with a key,
 * a trusted comment was verified); ODP_EVERIFY means a failed check is recorded;
 * anything else fills a clean error record. The --json document is built and parses.
 * The summary strings the CLI prints on a terminal (package, title, agency, date,
 * version, column names, types and treatments) hold no control characters.
 */
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "extract.h"
#include "fuzz.h"
#include "odp/verify.h"

static const char seed_pub[] = "untrusted comment: minisign public key E3056F916D0D4761\n"
                               "RWRhRw1tkW8F49hRGX+q130IhQGTzmKO2XJzTQkJr3csn3YjavhbjTDC\n";

static void
printable(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;

    if (s == NULL) {
        return;
    }
    for (; *p != '\0'; p++) {
        if (*p < 0x20 || *p == 0x7f) {
            fprintf(stderr, "control byte 0x%02x in a verify summary string\n", *p);
            FUZZ_CHECK(!"control byte in a summary string");
        }
    }
}

/*
 * `odpub audit PKG.zip`'s extractor on the same input: on success DEST holds exactly
 * policy.yaml and data/ with at least one regular *.csv; on failure a clean error record.
 */
static void
check_extract(const char *path)
{
    const char *dest = fuzz_fresh_dir("extract");
    char sub[4096];
    struct odp_err err;
    struct stat st;
    struct dirent *d;
    DIR *dir;
    size_t ntop = 0, ndata = 0;
    int rc;

    odp_err_clear(&err);
    rc = odp_pkg_extract(path, dest, &err);
    if (rc != ODP_OK) {
        fuzz_check_err(&err, rc);
        FUZZ_CHECK(rc == ODP_ESYNTAX || rc == ODP_ELIMIT || rc == ODP_EIO || rc == ODP_ENOMEM);
        return;
    }
    dir = opendir(dest);
    FUZZ_CHECK(dir != NULL);
    while ((d = readdir(dir)) != NULL) {
        if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0) {
            continue;
        }
        FUZZ_CHECK(strcmp(d->d_name, "policy.yaml") == 0 || strcmp(d->d_name, "data") == 0 ||
                   strcmp(d->d_name, "report.json") == 0);
        ntop += strcmp(d->d_name, "report.json") != 0;
    }
    closedir(dir);
    FUZZ_CHECK(ntop == 2);
    snprintf(sub, sizeof(sub), "%s/policy.yaml", dest);
    FUZZ_CHECK(lstat(sub, &st) == 0 && S_ISREG(st.st_mode));
    snprintf(sub, sizeof(sub), "%s/data", dest);
    dir = opendir(sub);
    FUZZ_CHECK(dir != NULL);
    while ((d = readdir(dir)) != NULL) {
        char f[8192];
        size_t n = strlen(d->d_name);

        if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0) {
            continue;
        }
        snprintf(f, sizeof(f), "%s/%s", sub, d->d_name);
        FUZZ_CHECK(lstat(f, &st) == 0 && S_ISREG(st.st_mode));
        FUZZ_CHECK(n > 4 && strcmp(d->d_name + n - 4, ".csv") == 0 && d->d_name[0] != '.');
        ndata++;
    }
    closedir(dir);
    FUZZ_CHECK(ndata >= 1);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *pub_path;
    struct odp_verify_opts o;
    struct odp_verify_result *r = NULL;
    struct odp_err err;
    const char *path;
    char *json;
    cJSON *doc;
    size_t i, failed = 0;
    int rc, keyed = (fuzz_hash(data, size) & 1u) != 0;

    if (pub_path == NULL) {
        pub_path = fuzz_write("seed.pub", seed_pub, sizeof(seed_pub) - 1);
    }
    path = fuzz_write("package", data, size);
    odp_verify_opts_init(&o);
    o.max_entry_bytes = 8u << 20;
    o.max_total_bytes = 32u << 20;
    o.ratio_after = 1u << 20;
    if (keyed) {
        o.pubkey_path = pub_path;
        o.bag_only = 1; /* no detached .minisig here: check the signature inside */
    } else {
        o.allow_unsigned = 1;
    }
    odp_err_clear(&err);
    rc = odp_verify_package(path, &o, &r, &err);
    if (getenv("FUZZ_VERBOSE") != NULL) {
        fprintf(stderr, "verify (%s): rc %d: %s\n", keyed ? "key" : "unsigned", rc, err.msg);
    }
    if (r == NULL) {
        FUZZ_CHECK(rc == ODP_ENOMEM);
        return 0;
    }
    for (i = 0; i < r->nchecks; i++) {
        FUZZ_CHECK(r->checks[i].check != NULL && r->checks[i].file != NULL &&
                   r->checks[i].detail != NULL);
        failed += r->checks[i].ok == 0;
    }
    /* A corrupt, truncated or hostile archive is a failed verification (exit 1), never
     * an unusable input: the file itself exists and the key is good. */
    FUZZ_CHECK(rc == ODP_OK || rc == ODP_EVERIFY || rc == ODP_ENOMEM);
    if (rc == ODP_OK) {
        FUZZ_CHECK(r->ok == 1 && failed == 0);
        FUZZ_CHECK(!keyed || r->trusted_comment != NULL);
    } else {
        fuzz_check_err(&err, rc);
        FUZZ_CHECK(r->ok == 0);
        if (rc == ODP_EVERIFY) {
            FUZZ_CHECK(failed > 0);
        }
    }
    printable(r->package);
    printable(r->title);
    printable(r->agency);
    printable(r->release_date);
    printable(r->bagit_version);
    for (i = 0; i < r->ncols; i++) {
        printable(r->cols[i].name);
        printable(r->cols[i].type);
        printable(r->cols[i].treatment);
    }
    json = odp_verify_result_json(r);
    FUZZ_CHECK(json != NULL);
    doc = cJSON_Parse(json);
    FUZZ_CHECK(doc != NULL);
    cJSON_Delete(doc);
    free(json);
    odp_verify_result_free(r);
    check_extract(path);
    return 0;
}
