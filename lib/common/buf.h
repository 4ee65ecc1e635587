/*
 * buf.h - a growable byte buffer with a hard cap (after curl's dynbuf).
 *
 * Every buffer that input can grow has a cap; going past it returns ODP_ELIMIT so a
 * hostile input cannot make memory grow without bound. Once storage exists (any add or
 * reserve), the bytes are followed by a NUL (not counted in len) so a buffer can be
 * handed to C string APIs; odp_buf_take on an empty buffer gives "".
 */
#ifndef ODP_COMMON_BUF_H
#define ODP_COMMON_BUF_H

#include <stddef.h>
#include <stdint.h>

#include "odp/err.h"

struct odp_buf {
    char *p;      /* NUL-terminated after len bytes once anything was added; may be NULL */
    size_t len;
    size_t cap;   /* allocated bytes */
    size_t limit; /* most bytes len may reach */
};

/* Sets up an empty buffer that may hold at most `limit` bytes. Allocates nothing. */
void odp_buf_init(struct odp_buf *b, size_t limit);
/* Frees the storage and empties the buffer; the limit stays. */
void odp_buf_release(struct odp_buf *b);
/* Empties the buffer and keeps the storage (for reuse per row). */
static inline void
odp_buf_reset(struct odp_buf *b)
{
    b->len = 0;
    if (b->p != NULL) {
        b->p[0] = '\0';
    }
}
/* Makes room for `n` more bytes. ODP_OK, ODP_ENOMEM or ODP_ELIMIT (err names no value). */
int odp_buf_reserve(struct odp_buf *b, size_t n, struct odp_err *err);
int odp_buf_add(struct odp_buf *b, const void *p, size_t n, struct odp_err *err);
int odp_buf_addc(struct odp_buf *b, char c, struct odp_err *err);
int odp_buf_adds(struct odp_buf *b, const char *s, struct odp_err *err);
int odp_buf_addf(struct odp_buf *b, struct odp_err *err, const char *fmt, ...) ODP_PRINTF(3, 4);
/* Takes the bytes out: returns the heap string (caller frees) and empties b. */
char *odp_buf_take(struct odp_buf *b);

#endif
