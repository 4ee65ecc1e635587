/*
 * odp/err.h - result codes and the error record every fallible call fills.
 *
 * Fallible functions return int: ODP_OK (0), ODP_END (1, end of a stream, not an
 * error) or a negative enum odp_code. They take `struct odp_err *err` as their last
 * parameter (NULL allowed). The first error wins: odp_errf() fills the record only
 * while it is still empty, so cleanup failures never overwrite the root cause.
 *
 * Promise kept by every module: msg never holds a cell value from the data. Values
 * are described by row, column and kind, never by content.
 */
#ifndef ODP_ERR_H
#define ODP_ERR_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define ODP_API __attribute__((visibility("default")))
#define ODP_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define ODP_API
#define ODP_PRINTF(a, b)
#endif

/* Values are pinned: they appear in --json output. */
enum odp_code {
    ODP_OK = 0,
    ODP_END = 1,
    ODP_EINVAL = -1,    /* usage: bad argument or option */
    ODP_ENOMEM = -2,
    ODP_EIO = -3,       /* read/write/rename failed; sys_errno says why */
    ODP_ESYNTAX = -4,   /* malformed CSV, JSON, YAML, key or signature file */
    ODP_ESCHEMA = -5,   /* well-formed but not what the schema allows */
    ODP_EPOLICY = -6,   /* policy refuses the data (unnamed column, bad value) */
    ODP_EDATA = -7,     /* a value an action cannot process */
    ODP_EKEY = -8,      /* missing, weak or exposed key */
    ODP_EVERIFY = -9,   /* a finding: verification failed, leak, lint failure */
    ODP_ELIMIT = -10,   /* a size or count cap was reached */
    ODP_EINTERNAL = -11 /* a bug: an invariant did not hold */
};

struct odp_err {
    int code;           /* ODP_OK while empty */
    int sys_errno;      /* errno when code == ODP_EIO */
    char path[1024];    /* the file the problem is in; "" if none */
    uint64_t line, col; /* 1-based; 0 = not applicable */
    char msg[512];      /* no newline, never a cell value */
};

/* Where a problem is: file, 1-based line and column (0 = not known). */
struct odp_loc {
    const char *path;
    uint64_t line, col;
};

/* Clears the record so it can take a new first error. */
ODP_API void odp_err_clear(struct odp_err *err);

/*
 * Fills `err` (when non-NULL and still empty) with code, location and message, and
 * returns `code`, so callers write `return odp_errf(...)`. `loc` may be NULL.
 */
ODP_API int odp_errf(struct odp_err *err, int code, const struct odp_loc *loc, const char *fmt,
                     ...) ODP_PRINTF(4, 5);
ODP_API int odp_verrf(struct odp_err *err, int code, const struct odp_loc *loc, const char *fmt,
                      va_list ap) ODP_PRINTF(4, 0);

/* Like odp_errf with code ODP_EIO, recording errno and appending strerror. */
ODP_API int odp_err_sys(struct odp_err *err, const char *path, const char *fmt, ...)
    ODP_PRINTF(3, 4);

/*
 * Formats `path:line:col: msg` (parts that are unknown are left out) into buf.
 * Returns buf.
 */
ODP_API const char *odp_err_format(const struct odp_err *err, char *buf, size_t size);

/*
 * Copies src into dst (cap bytes, always NUL-terminated when cap > 0) with the bytes a
 * terminal acts on made visible, exactly as error messages are: C0 controls and DEL as
 * \xNN, UTF-8 C1 controls (U+0080..U+009F) as \u00NN; everything else as is. Truncates
 * at a whole escape; 6 * strlen(src) + 1 bytes always suffice. For printing column,
 * header and file names. Returns dst.
 */
ODP_API char *odp_escape(char *dst, size_t cap, const char *src);

/* Stable lowercase name of a code ("syntax", "io", ...), for --json. */
ODP_API const char *odp_code_name(int code);

#endif
