/*
 * validators_int.h - byte helpers shared by validators.c and validators_id.c.
 */
#ifndef ODP_VALIDATORS_INT_H
#define ODP_VALIDATORS_INT_H

#include <stddef.h>

static inline int
isdig(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static inline int
isalpha_(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline unsigned char
up(unsigned char c)
{
    return c >= 'a' && c <= 'z' ? (unsigned char)(c - 'a' + 'A') : c;
}

/* Skips blanks on both sides. */
static inline void
trim(const char **v, size_t *n)
{
    while (*n > 0 && ((*v)[0] == ' ' || (*v)[0] == '\t' || (*v)[0] == '\r' || (*v)[0] == '\n')) {
        (*v)++;
        (*n)--;
    }
    while (*n > 0 && ((*v)[*n - 1] == ' ' || (*v)[*n - 1] == '\t' || (*v)[*n - 1] == '\r' ||
                      (*v)[*n - 1] == '\n')) {
        (*n)--;
    }
}

#endif
