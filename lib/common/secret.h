/*
 * secret.h - secrets (pseudonym, date-shift and noise keys) read from "env:VAR" or
 * "file:PATH" with the custody rules of secret.c: regular 0600 files, no symlinks, at
 * least 32 bytes, held in secure memory and wiped on free, core dumps off.
 */
#ifndef ODP_SECRET_H
#define ODP_SECRET_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"

/*
 * Reads one secret from "env:VAR" or "file:PATH" (PATH relative to `base_dir` unless
 * absolute) with the rules above. On success *out is secure memory the caller frees
 * with odp_secret_free. `loc` is where the spec stands, for errors.
 */
int odp_secret_read(const char *spec, const char *base_dir, const struct odp_loc *loc,
                    uint8_t **out, size_t *len, struct odp_err *err);
void odp_secret_free(uint8_t *p, size_t len);

#endif
