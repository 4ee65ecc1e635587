/*
 * odp/release.h - `odpub release`: data + policy -> de-identified, described, signed package.
 *
 * One call runs the whole job: load the policy (extends resolved) and its keys, read the
 * data (CSV or JSON), apply the policy (two passes when k-anonymity is on), write
 * data/NAME.csv hashing it as it goes, the effective policy.yaml, report.json, the
 * metadata and BagIt files, sign, and package. Everything is built under a temporary
 * name beside the output and renamed into place only when complete: on any error
 * nothing is left at the output path.
 */
#ifndef ODP_PUBLIC_RELEASE_H
#define ODP_PUBLIC_RELEASE_H

#include <stdint.h>

#include "err.h"
#include "format.h"
#include "report.h"

struct odp_release_opts {
    const char *data;          /* input path, or "-" for stdin */
    enum odp_input_format data_format; /* ODP_FMT_AUTO: by extension */
    /* How a CSV is read (--delimiter, --encoding): 0 / ODP_ENC_DEFAULT take the policy's
     * dataset.delimiter / dataset.encoding, else `,` and UTF-8. */
    int delimiter;             /* `,` `;` '\t' `|` */
    enum odp_encoding encoding;
    const char *policy;        /* policy path */
    const char *policies_dir;  /* where bare `extends` names are found (NULL: default) */
    const char *out;           /* package directory or archive path; must not exist */
    enum odp_pkg_format format;
    const char *key;           /* minisign secret key for signing, or NULL (unsigned) */
    const char *passphrase;    /* for an encrypted key, or NULL */
    int64_t epoch;             /* -1: SOURCE_DATE_EPOCH from the environment, else now */
    int allow_weaker;          /* release a policy weaker than its baseline (the lint of
                                  `odpub check`; else ODP_EVERIFY, nothing written); the
                                  findings are recorded in report.json */
    /* Called about every 64k rows (may be NULL). */
    void (*progress)(void *ctx, uint64_t rows, uint64_t bytes);
    void *progress_ctx;
    /* The previous release of this dataset (package dir or archive), or NULL. With it,
     * no quasi-identifier class changes its published count by 1..k-1 since then:
     * on_violation suppress holds the rows back, fail stops (docs/HISTORY.md). */
    const char *previous;
    /* Worker threads for the transform (0: one per online CPU; 1: one reader, no
     * workers). The package is byte-identical for any value; inputs the chunked path
     * does not cover (JSON, stdin, derive:, aggregate:, differential privacy, risk
     * models, --previous) run on one thread. */
    int threads;
    /* Nothing is fsynced (the data file, the package's other files, the directories,
     * the archive): faster where the disk's cache is slow to flush, but a crash of the
     * machine (not of odpub) soon after can leave the package incomplete under its
     * final name. For scratch output; 0 (the default) makes the package durable before
     * it appears. */
    int no_sync;
};

struct odp_release_result {
    char *report_json;         /* report.json as written (freed by _free) */
    struct odp_report *report; /* the same report as a struct (freed by _free) */
    char *package_name;        /* NAME-YYYY-MM-DD */
    uint64_t rows_in, rows_out, rows_dropped, rows_suppressed;
};

ODP_API void odp_release_opts_init(struct odp_release_opts *o);
/*
 * Runs a release. ODP_OK on success (result filled); ODP_EVERIFY when the policy's
 * privacy rules fail (k-anonymity with on_violation: fail) or the policy is weaker than
 * its baseline (without allow_weaker); other negative codes with
 * err at FILE:LINE:COL.
 */
ODP_API int odp_release(const struct odp_release_opts *o, struct odp_release_result *res,
                        struct odp_err *err);
ODP_API void odp_release_result_free(struct odp_release_result *res);

#endif
