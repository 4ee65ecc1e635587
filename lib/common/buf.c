/*
 * buf.c - capped growable buffers.
 *
 * Growth doubles (amortised O(1) appends) but never past `limit` + 1 bytes for the
 * terminating NUL. Overflow of size arithmetic is checked before it can wrap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"

void
odp_buf_init(struct odp_buf *b, size_t limit)
{
    b->p = NULL;
    b->len = 0;
    b->cap = 0;
    b->limit = limit;
}

void
odp_buf_release(struct odp_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = 0;
    b->cap = 0;
}

int
odp_buf_reserve(struct odp_buf *b, size_t n, struct odp_err *err)
{
    size_t need, ncap;
    char *np;

    if (n > b->limit || b->len > b->limit - n) {
        return odp_errf(err, ODP_ELIMIT, NULL, "value longer than the limit of %zu bytes",
                        b->limit);
    }
    need = b->len + n + 1;
    if (need <= b->cap) {
        return ODP_OK;
    }
    ncap = b->cap < 64 ? 64 : b->cap;
    while (ncap < need) {
        ncap = ncap > SIZE_MAX / 2 ? need : ncap * 2;
    }
    if (ncap > b->limit + 1) {
        ncap = b->limit + 1;
    }
    np = realloc(b->p, ncap);
    if (np == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    b->p = np;
    b->cap = ncap;
    b->p[b->len] = '\0'; /* storage always holds a terminated string, even when empty */
    return ODP_OK;
}

int
odp_buf_add(struct odp_buf *b, const void *p, size_t n, struct odp_err *err)
{
    int rc = odp_buf_reserve(b, n, err);

    if (rc < 0) {
        return rc;
    }
    if (n > 0) {
        memcpy(b->p + b->len, p, n);
    }
    b->len += n;
    b->p[b->len] = '\0';
    return ODP_OK;
}

int
odp_buf_addc(struct odp_buf *b, char c, struct odp_err *err)
{
    return odp_buf_add(b, &c, 1, err);
}

int
odp_buf_adds(struct odp_buf *b, const char *s, struct odp_err *err)
{
    return odp_buf_add(b, s, strlen(s), err);
}

int
odp_buf_addf(struct odp_buf *b, struct odp_err *err, const char *fmt, ...)
{
    va_list ap;
    int n;
    int rc;

    va_start(ap, fmt);
    n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        return odp_errf(err, ODP_EINTERNAL, NULL, "format failed");
    }
    rc = odp_buf_reserve(b, (size_t)n, err);
    if (rc < 0) {
        return rc;
    }
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return ODP_OK;
}

char *
odp_buf_take(struct odp_buf *b)
{
    char *p = b->p;

    if (p == NULL) {
        p = calloc(1, 1);
    }
    b->p = NULL;
    b->len = 0;
    b->cap = 0;
    return p;
}
