/*
 * partition.h - a partitioned release's steps behind odp_call_json (odp/api.h documents
 * the requests), and the option readers of api.c they share.
 */
#ifndef ODP_JOBS_PARTITION_H
#define ODP_JOBS_PARTITION_H

#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "odp/err.h"

/*
 * Runs "partition_pass", "partition_merge" or "partition_assemble" (`cmd`) on the
 * request; *result (caller frees with cJSON_Delete) is the step's result object.
 * ODP_OK, or a negative code with err at FILE:LINE:COL.
 */
int odp_part_call(const char *cmd, const cJSON *req, cJSON **result, struct odp_err *err);

/* api.c's option readers: a string (NULL when absent), an integer 0..max (1 when given,
 * 0 absent, <0 error), only the listed keys, and a one-line passphrase file. */
int odp_api_str(const cJSON *req, const char *name, int required, const char **out,
                struct odp_err *err);
int odp_api_u64(const cJSON *req, const char *name, uint64_t max, uint64_t *out,
                struct odp_err *err);
int odp_api_known(const cJSON *req, const char *const *keys, struct odp_err *err);
int odp_api_passphrase(const char *path, char **pass, size_t *len, struct odp_err *err);

#endif
