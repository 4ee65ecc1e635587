/*
 * policy.h - the privacy policy as loaded from YAML (libyaml), `extends` resolved.
 *
 * odp_policy_load reads a policy file and every parent it extends, checks the schema
 * (unknown key, wrong type, unknown action, missing parameter, column named twice,
 * extends cycle or missing file: each an error at POLICY:LINE:COL) and merges them.
 *
 * Merge order (documented in docs/POLICY.md): parents are applied first, in the order
 * listed in `extends`, then the child. A column rule in the child replaces the parent's
 * rule for the same column; scalar settings (name, default, k ...) of the child win;
 * lists (quasi_identifiers, drop_when, tags) are concatenated without duplicates; for
 * `privacy.k` the larger value wins. Whether the child weakened a rule is `check`'s job.
 *
 * Every struct here is owned by the struct odp_policy it hangs from.
 */
#ifndef ODP_POLICY_H
#define ODP_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "dp_policy.h"
#include "odp/err.h"
#include "odp/vocab.h"
#include "risk_policy.h"
#include "derive_policy.h"


/* Caps of the loader: bigger or deeper input is ODP_ELIMIT. */
#define ODP_POLICY_MAX_BYTES (1u << 20) /* one policy file */
#define ODP_POLICY_MAX_DEPTH 32         /* YAML nesting */
#define ODP_POLICY_MAX_NODES 200000     /* YAML nodes in one file */
#define ODP_POLICY_MAX_ITEMS 10000      /* entries of one mapping or sequence */
#define ODP_POLICY_MAX_FILES 64         /* files read through `extends` */
#define ODP_POLICY_MAX_CHAIN 16         /* length of one `extends` chain */

enum odp_gen_kind {
    ODP_GEN_DATE = 1,   /* to: year|quarter|month|day|hour|week */
    ODP_GEN_ZIP,        /* digits: N */
    ODP_GEN_NUMBER,     /* bands / width, top, bottom */
    ODP_GEN_BLOCK,      /* to: block (street address -> block) */
    ODP_GEN_MAP         /* map: each value to its group (genmap.h) */
};

enum odp_date_unit {
    ODP_DATE_YEAR = 1,
    ODP_DATE_MONTH,
    ODP_DATE_DAY,
    ODP_DATE_HOUR,
    ODP_DATE_WEEK,
    ODP_DATE_QUARTER /* "YYYY-Qn" */
};
#define ODP_DATE_UNIT_LAST ODP_DATE_QUARTER

/* "year", "month", ... ; NULL when out of range. */
const char *odp_date_unit_name(enum odp_date_unit u);
/*
 * How coarse a unit is: year 6, quarter 5, month 4, week 3, day 2, hour 1 (0 when out of
 * range),
 * so `odp_date_unit_rank(a) >= odp_date_unit_rank(b)` means a is at least as coarse as b.
 */
int odp_date_unit_rank(enum odp_date_unit u);

/* Date input formats (`format:` in the policy; AUTO tries the NYC export formats). */
enum odp_date_fmt {
    ODP_DFMT_AUTO = 0,
    ODP_DFMT_US_DATETIME_12H, /* MM/DD/YYYY hh:mm:ss AM */
    ODP_DFMT_US_DATE,         /* MM/DD/YYYY */
    ODP_DFMT_ISO,             /* YYYY-MM-DD[THH:MM[:SS[.fff]]][Z|+hh:mm] */
    ODP_DFMT_US_DATETIME_24H, /* MM/DD/YYYY HH:MM:SS (added by actions; AUTO tries it) */
    ODP_DFMT_DMY_DATE         /* DD/MM/YYYY, also DD.MM.YYYY and DD-MM-YYYY (never AUTO) */
};

/* "auto", "MM/DD/YYYY hh:mm:ss AM", "MM/DD/YYYY", "iso", "DD/MM/YYYY"; NULL otherwise. */
const char *odp_date_fmt_name(enum odp_date_fmt f);

struct odp_scrub_pattern {
    char *regex;        /* PCRE2 pattern, compiled by the scrub op */
    char *replace;      /* literal replacement */
    uint64_t line, col; /* where the regex is in the policy (for compile errors) */
};

/* round: decimals allowed (a double has 15-17 significant digits). */
#define ODP_ROUND_MAX_DECIMALS 15

enum { ODP_INVALID_BLANK = 1, ODP_INVALID_KEEP_PUBLIC = 2 };

struct odp_colrule {
    char *name;
    enum odp_action action;
    char *type;          /* declared type (string, integer, number, date, datetime,
                            boolean, text, or another Table Schema type: time, year,
                            yearmonth, duration, geopoint, geojson, object, array,
                            any); NULL = string */
    char *description;   /* NULL if none */
    char *exempt;        /* `exempt: "why"`: the data showed the column is not the
                            identifier its name suggests; check skips its baseline lint
                            (audit still scans its values). NULL if none */
    int optional;        /* `optional: true`: the data may lack this column (else a
                            release stops on a rule for a column it does not have) */
    const char *path;    /* policy file the rule came from (owned by the policy) */
    uint64_t line, col;  /* position of the column's key in that file */

    /* redact */
    char *replacement;   /* default "REDACTED" */
    /* mask: keep_first / keep_last characters (UTF-8 aware), mask_char one character */
    uint32_t keep_first, keep_last;
    char *mask_char;     /* default "*" */
    /* pseudonymize and date_shift */
    char *key;           /* name in keys:, default "pseudonym" */
    char *domain;        /* NULL or "" = none; otherwise mixed into the MAC input */
    uint32_t length;     /* hex characters, 1..64, default 16 */
    /* generalize */
    enum odp_gen_kind gen;
    enum odp_date_unit date_unit;
    enum odp_date_fmt date_fmt;
    uint32_t digits;     /* ZIP digits kept, 1..5 */
    int invalid_blank;   /* `invalid: blank` (ODP_INVALID_BLANK): a date or ZIP value that
                            does not parse is published empty; `invalid: keep-if-public`
                            (ODP_INVALID_KEEP_PUBLIC): published as it is when it holds no
                            digit (a label such as UNKNOWN cannot be a precise date or ZIP),
                            else empty; 0 = `fail` (default: the release stops) */
    double *bands;       /* ascending band edges, nbands of them (or NULL) */
    size_t nbands;
    double width;        /* band width when bands is NULL (0 = none) */
    int has_top, has_bottom;
    double top, bottom;  /* top / bottom coding */
    struct odp_genmap *map; /* ODP_GEN_MAP: value -> group (owned) */
    /* round */
    uint32_t decimals; /* 0..ODP_ROUND_MAX_DECIMALS */
    /* date_shift */
    char *by;            /* column whose value keys the shift */
    uint32_t max_days;   /* shift within +/- max_days, default 30 */
    /* scrub */
    uint32_t detect_mask;            /* bit (1u << enum odp_detector) per detector */
    uint8_t detect_order[16];        /* detectors in the order listed */
    size_t ndetect;
    struct odp_scrub_pattern *patterns;
    size_t npatterns;
    char *tokens[ODP_DET__COUNT]; /* replacement per detector (scrub_tokens.c); NULL = default */
};

enum odp_cond_op { ODP_COND_IN = 1, ODP_COND_EQUALS, ODP_COND_MATCHES };

struct odp_cond {
    char *column;
    enum odp_cond_op op;
    char **values;       /* IN: nvalues strings; EQUALS: one; MATCHES: one regex */
    size_t nvalues;
    const char *path;
    uint64_t line, col;
};

struct odp_keyspec {
    char *name;          /* e.g. "pseudonym" */
    char *spec;          /* "env:VAR" or "file:PATH" (PATH relative to the policy file
                            `path`); an effective policy (package policy.yaml) holds
                            "keyid:HEX" or "keyid:unresolved" instead: an id, no key */
    const char *path;
    uint64_t line, col;
};

enum odp_default { ODP_DEFAULT_REJECT = 0, ODP_DEFAULT_DROP };
enum odp_violation { ODP_VIOL_SUPPRESS = 0, ODP_VIOL_FAIL };

struct odp_dataset_meta {
    char *title, *description, *agency, *category, *update_frequency, *license, *contact;
    char **tags;
    size_t ntags;
    char **null_values;  /* `null_values:` cells that mean "no value" (default: only ""); */
    size_t nnull_values; /* every action publishes them as they are */
    int delimiter;       /* `delimiter:` the CSV field delimiter byte, 0 = not set (`,`) */
    int encoding;        /* `encoding:` enum odp_encoding, 0 = not set (UTF-8) */
};

/*
 * One category of a citywide baseline (`baseline:` section, policies/nyc-baseline.yaml):
 * columns whose lower_snake_case name matches one of `patterns` and none of `except`
 * (globs with * and ?, stored lowercase, matched case-insensitively) need one of the
 * `allowed` actions.
 * Only parsed here; `check` does the lint.
 */
struct odp_baseline_cat {
    char *category;
    char **patterns;
    size_t npatterns;
    char **except;                    /* names matching one of these are not in the
                                         category (same glob rules); may be NULL */
    size_t nexcept;
    uint32_t allowed;                 /* bit (1u << enum odp_action) per allowed action */
    enum odp_date_unit min_date_unit; /* 0 = none; else generalize of dates must be at
                                         least this coarse (odp_date_unit_rank) */
    char *note;                       /* NULL if none */
    const char *path;                 /* file it came from (owned by the policy) */
    uint64_t line, col;               /* position of the list item */
};

struct odp_policy {
    int version;                  /* odpub: 1 */
    char *name;                   /* slug */
    char *path;                   /* the file loaded (the child) */
    char **files;                 /* every file read, child first (owned) */
    size_t nfiles;
    struct odp_dataset_meta dataset;
    struct odp_keyspec *keys;
    size_t nkeys;
    enum odp_default deflt;
    struct odp_colrule *cols;     /* in the order of the policy (parents first) */
    size_t ncols;
    struct odp_cond *drop_when;
    size_t ndrop_when;
    /* privacy */
    char **qi;
    size_t nqi;
    uint64_t qi_line, qi_col;
    uint32_t k;                   /* 0 = no k-anonymity */
    enum odp_violation on_violation;
    /* small cells */
    char **sc_columns;
    size_t nsc_columns;
    char **sc_by;
    size_t nsc_by;
    uint32_t sc_threshold;        /* 0 = none */
    int sc_complementary;
    char *sc_marker;              /* default "" (empty cell) */
    /* risk models and generalize: auto (risk_policy.h); NULL = none */
    struct odp_risk_policy *risk;
    /* differential privacy (dp_policy.h); NULL = none */
    struct odp_dp_policy *dp;
    /* baseline categories (parents first) */
    struct odp_baseline_cat *cats;
    size_t ncats;
    /* derive: and aggregate: (derive_policy.h) */
    struct odp_policy_derive dv;
};

/*
 * Loads `path` and its `extends` chain. A bare name in extends (no '/' and not ending
 * in ".yaml"/".yml") is looked up as NAME.yaml in, first to last: the directory of the
 * file that names it, `policies_dir` (may be NULL), each directory of the environment
 * variable ODPUB_POLICY_PATH (colon-separated), and ODP_POLICY_DIR when compiled in.
 * Anything else is a path relative to the file that names it.
 * Returns NULL and fills err (POLICY:LINE:COL) on failure: ODP_ESYNTAX (YAML),
 * ODP_ESCHEMA (keys, types, values, extends cycle), ODP_EIO (file missing or
 * unreadable), ODP_ELIMIT (a cap above), ODP_ENOMEM.
 */
struct odp_policy *odp_policy_load(const char *path, const char *policies_dir,
                                   struct odp_err *err);
void odp_policy_free(struct odp_policy *p);

/*
 * Finds NAME.yaml the way a bare `extends` name is found: in beside_dir (may be NULL),
 * policies_dir (may be NULL), each dir of ODPUB_POLICY_PATH, the installed policy dir,
 * then the source tree's policies/ (for an odpub run from its build tree). Returns 1
 * with *out (caller frees), 0 when not found, negative on OOM.
 */
int odp_policy_search(const char *name, const char *beside_dir, const char *policies_dir,
                      char **out);

/* The rule for a column (exact bytes name[0..len)), or NULL. Borrowed from p. */
const struct odp_colrule *odp_policy_find(const struct odp_policy *p, const char *name,
                                          size_t len);

/*
 * Writes the effective policy as YAML (extends resolved, keys shown as key ids only:
 * `keys: {pseudonym: "keyid:1a2b3c4d"}`), deterministic byte for byte. `key_ids` gives
 * the id for keys[i] (key_ids NULL or a NULL entry prints "keyid:unresolved"). The
 * output loads back with odp_policy_load to an equal policy. Returns ODP_OK or the
 * stream's error.
 */
struct odp_out;
int odp_policy_write_effective(const struct odp_policy *p, const char *const *key_ids,
                               struct odp_out *o, struct odp_err *err);

#endif
