/*
 * init.h - `odpub init`: draft a policy for a raw dataset.
 *
 * Reads the header and the first `sample` rows of a data file, runs every identifier
 * detector over each column (values and header), and writes a draft policy (YAML, the
 * SPEC "Policy language") with one suggested action per column and a comment saying
 * why ("# 92 % of values match phone; header says phone"), plus quasi-identifier
 * candidates with their uniqueness in the sample. The draft loads with
 * odp_policy_load. Comments hold percentages, counts, detector and column names,
 * never a cell value.
 */
#ifndef ODP_INIT_PUBLIC_H
#define ODP_INIT_PUBLIC_H

#include <stddef.h>
#include <stdint.h>

#include "err.h"
#include "format.h"

struct odp_init_opts {
    const char *data;        /* data file, "-" for stdin (required) */
    enum odp_input_format format;  /* ODP_FMT_AUTO: by extension */
    uint64_t sample;         /* rows read, default 10000; 0 = all */
    int delimiter;           /* 0: sniffed from the first records, else `,` `;` '\t' `|` */
    enum odp_encoding encoding; /* ODP_ENC_DEFAULT: sniffed (UTF-8 or windows-1252) */
};

/* Fills defaults. */
ODP_API void odp_init_opts_init(struct odp_init_opts *o);

struct odp_init_result {
    char *yaml;              /* the draft policy, NUL-terminated (owned) */
    size_t yaml_len;
    char *json;              /* {"name", "rows_sampled", "columns": [{"name", "action",
                                "reason", "hits": {detector: percent}}],
                                "quasi_identifiers": [...], "policy": yaml} (owned) */
    uint64_t rows_sampled;
    size_t columns;
    char *read_faults;       /* NULL, or what the strict reader of release and audit refuses
                                in the rows read, one kind per line: "LINE:COL: what (N
                                records, the first here)\n". The draft read each as pandas
                                does (a literal quote, a padded row ...). (owned) */
};

/*
 * Drafts the policy. Returns ODP_OK and fills res (free with odp_init_result_free), or
 * a negative code with err: the table reader's errors (ODP_EIO, ODP_ESYNTAX at
 * FILE:LINE:COL), ODP_ELIMIT from a detector, ODP_ENOMEM. A CSV is read tolerantly:
 * bare quotes, NUL bytes, bare CR or mixed line endings, ragged and blank rows and
 * records with invalid UTF-8 do not stop the draft; res->read_faults lists them, and
 * the draft's YAML and JSON say them too.
 */
ODP_API int odp_init_draft(const struct odp_init_opts *o, struct odp_init_result *res,
                   struct odp_err *err);
ODP_API void odp_init_result_free(struct odp_init_result *res);

#endif
