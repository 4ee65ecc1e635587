/*
 * audit.h - `odpub audit`: what a release under a policy would still expose.
 *
 * Two modes. DATA: the raw extract is run through the policy's plan (drop_when, every
 * transform, keys loaded as release does) without writing anything. PKG: a published
 * package directory (its data/ CSV files, read as published, with its own policy.yaml: no
 * keys needed, nothing re-applied).
 *
 * One pass, memory bounded by columns and quasi-identifier classes (never rows). Per
 * published column the audit counts detector hits (email, phone, ssn, credit_card, ip,
 * address, and person_name / license where the header implies them) with the input line
 * numbers of the first ODP_AUDIT_EXAMPLES, flags kept columns that look like identifiers
 * (header hint, or more than half the values match a detector) and free text left
 * unscrubbed; and it measures re-identification risk on the quasi-identifiers. It never
 * copies a value into its result: lines, counts and column names only.
 *
 * Columns whose published value the action synthesizes (redact, pseudonymize,
 * generalize, round, date_shift) are not scanned: no identifier can survive them.
 */
#ifndef ODP_AUDIT_PUBLIC_H
#define ODP_AUDIT_PUBLIC_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "format.h"
#include "report.h"
#include "vocab.h"

#define ODP_AUDIT_EXAMPLES 5

struct odp_audit_opts {
    const char *data;          /* DATA file, or a package directory (PKG mode) */
    enum odp_input_format data_format; /* DATA mode */
    /* How a CSV is read (--delimiter, --encoding): 0 / ODP_ENC_DEFAULT take the policy's
     * dataset.delimiter / dataset.encoding, else `,` and UTF-8. */
    int delimiter;             /* `,` `;` '\t' `|` */
    enum odp_encoding encoding;
    const char *policy;        /* DATA mode: required; PKG mode: NULL = PKG/policy.yaml */
    const char *policies_dir;  /* where bare `extends` names are found (may be NULL) */
    const char *const *qi;     /* quasi-identifiers overriding the policy's, or NULL */
    size_t nqi;
    uint32_t k;                /* 0 = the policy's k */
    const char *html;          /* DATA mode: write the readable risk report (risk models of
                                  the policy, or its k) to this file; NULL = none */
    /* DATA mode keys: 0 = the policy's keys, or a throwaway key when they cannot be
     * read (no production key needed: pseudonyms do not change findings); 1 = always
     * a throwaway key; -1 = the policy's keys or fail. */
    int throwaway_key;
    /* Called about every 64k rows with the bytes read so far (may be NULL). */
    void (*progress)(void *ctx, uint64_t rows, uint64_t bytes);
    void *progress_ctx;
};

ODP_API void odp_audit_opts_init(struct odp_audit_opts *o);

struct odp_audit_hits {
    uint64_t count;                      /* values where the detector fired */
    uint64_t lines[ODP_AUDIT_EXAMPLES];  /* input lines of the first hits */
    size_t nlines;
};

struct odp_audit_col {
    char *name;                /* published column (owned) */
    enum odp_action action;    /* keep when the package policy does not name it */
    int named;                 /* 0: PKG mode, the policy does not name this column */
    int scanned;               /* detectors ran on it (see the header comment) */
    uint64_t values;           /* non-empty published values */
    uint64_t long_text;        /* values that read as free text (long, with spaces) */
    uint32_t hint_kinds;       /* what the header implies (1u << det), audit detectors only */
    uint32_t hit_mask;         /* detectors that fired at least once */
    uint32_t looks_like;       /* detectors matching more than half the non-empty values */
    int identifier;            /* kept, and the column classifier says identifier (its
                                  evidence in `why`): a finding */
    const char *kind;          /* the classifier's kind ("person_name", "coordinate", ...;
                                  static), NULL when the column was not classified */
    char *why;                 /* owned: the evidence and weights, never a value; or NULL */
    int free_text;             /* free text without scrub: a warning */
    uint32_t scrub_omits;      /* free text scrubbed without person_name / apartment:
                                  the missing detectors (1u << det), a warning */
    struct odp_audit_hits hits[ODP_DET__COUNT];
};

struct odp_audit_file {
    char *data_path;           /* owned */
    uint64_t rows_in;          /* records read */
    uint64_t rows_dropped;     /* by rows.drop_when (DATA mode) */
    uint64_t rows;             /* rows audited (published) */
    struct odp_audit_col *cols;
    size_t ncols;
    /* re-identification risk (has_risk when there are quasi-identifiers) */
    int has_risk;
    struct odp_kanon_stats risk;
    int k_suppresses;          /* DATA mode, policy k with on_violation: suppress: the
                                  release removes the classes below k (not a finding) */
    /* small cells: published counts below the threshold (PKG mode: a finding) */
    uint64_t small_cells_below;
    /* DATA mode, a policy with risk models (l, t, k-map, generalize: auto) or --html: the
     * models judged as release would, as report.json's privacy members in JSON text
     * ({"passes", "models", "risk", "generalization"}; owned), or NULL */
    char *privacy_json;
    uint64_t findings;         /* detector hits + identifier columns + risky classes ... */
    uint64_t warnings;
};

struct odp_audit_result {
    int pkg;                   /* PKG mode */
    char *policy_path;         /* owned */
    char *policy_name;         /* owned; may be NULL */
    char **qi;                 /* quasi-identifiers audited (owned) */
    size_t nqi;
    uint32_t k;                /* threshold used; 0 = none */
    struct odp_audit_file *files;
    size_t nfiles;
    uint64_t findings, warnings;
    int throwaway_key;         /* 1: keys were throwaway random keys (DATA mode) */
    char *throwaway_reason;    /* why (owned): the key error, or NULL when asked for */
    char **weaker;             /* rules weaker than the policy's baseline, each a finding, */
    size_t nweaker;            /* worded as `odpub check` words them: "PATH:LINE:COL: msg" */
};

/*
 * Runs the audit. ODP_OK when clean, ODP_EVERIFY when there is a finding (res filled
 * either way), other negative codes (res cleared) with err at FILE:LINE:COL: policy
 * load errors, keys, unreadable data, a value an action cannot process, an unknown
 * quasi-identifier. Free res with odp_audit_result_free.
 */
ODP_API int odp_audit(const struct odp_audit_opts *o, struct odp_audit_result *res, struct odp_err *err);
ODP_API void odp_audit_result_free(struct odp_audit_result *res);

/* The result as a JSON document (deterministic, newline at the end). Caller frees. */
ODP_API char *odp_audit_json(const struct odp_audit_result *res);

#endif
