/*
 * risk_strtab.h - interned strings of the risk job (risk_release.c): one table per
 * quasi-identifier level, each string stored once and named by a dense id.
 */
#ifndef ODP_RISK_STRTAB_H
#define ODP_RISK_STRTAB_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"

struct strtab {
    char *text;
    size_t tlen, tcap;
    size_t *off;
    uint32_t *len;
    uint64_t *hash;
    size_t n, cap;
    uint32_t *slots; /* entry + 1, 0 empty */
    size_t nslots;
};

void odp_st_release(struct strtab *t);
/* The id of p[0..n), or -1. */
int64_t odp_st_find(const struct strtab *t, const char *p, size_t n);
/* Interns p[0..n) (*inserted says if it is new); *text_total counts every table's bytes. */
int odp_st_intern(struct strtab *t, const char *p, size_t n, uint32_t *id, int *inserted,
                  size_t *text_total, struct odp_err *err);

#endif
