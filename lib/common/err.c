/*
 * err.c - first-error-wins error records (after curl's Curl_failf).
 *
 * The message is formatted once into a fixed buffer; it is truncated, never
 * reallocated, so reporting an error cannot itself fail.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "odp/err.h"

void
odp_err_clear(struct odp_err *err)
{
    if (err != NULL) {
        memset(err, 0, sizeof(*err));
    }
}

/*
 * Copies src into dst (size cap) with the bytes a terminal would act on written as
 * visible escapes: C0 controls and DEL as \xNN, UTF-8 C1 controls (U+0080..U+009F,
 * bytes C2 80..C2 9F) as \u00NN. A header or file name in a message can then never
 * retitle or clear the terminal that shows it. Truncates at a whole escape.
 */
static void
escape_controls(char *dst, size_t cap, const char *src)
{
    const unsigned char *s = (const unsigned char *)src;
    size_t n = 0;

    if (cap == 0) {
        return;
    }

    while (*s != '\0' && n + 1 < cap) {
        if (*s < 0x20 || *s == 0x7f) {
            if (n + 5 > cap) {
                break;
            }
            snprintf(dst + n, cap - n, "\\x%02x", *s);
            n += 4;
            s++;
        } else if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) {
            if (n + 7 > cap) {
                break;
            }
            snprintf(dst + n, cap - n, "\\u%04x", s[1]);
            n += 6;
            s += 2;
        } else {
            dst[n++] = (char)*s++;
        }
    }
    dst[n] = '\0';
}

char *
odp_escape(char *dst, size_t cap, const char *src)
{
    if (dst != NULL && cap > 0) {
        escape_controls(dst, cap, src != NULL ? src : "");
    }
    return dst;
}

int
odp_verrf(struct odp_err *err, int code, const struct odp_loc *loc, const char *fmt, va_list ap)
{
    char raw[sizeof(err->msg)];

    if (err == NULL || err->code != ODP_OK) {
        return code;
    }
    err->code = code;
    err->sys_errno = 0;
    err->path[0] = '\0';
    err->line = 0;
    err->col = 0;
    if (loc != NULL) {
        if (loc->path != NULL) {
            escape_controls(err->path, sizeof(err->path), loc->path);
        }
        err->line = loc->line;
        err->col = loc->col;
    }
    vsnprintf(raw, sizeof(raw), fmt, ap);
    escape_controls(err->msg, sizeof(err->msg), raw);
    return code;
}

int
odp_errf(struct odp_err *err, int code, const struct odp_loc *loc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    code = odp_verrf(err, code, loc, fmt, ap);
    va_end(ap);
    return code;
}

int
odp_err_sys(struct odp_err *err, const char *path, const char *fmt, ...)
{
    int saved = errno;
    struct odp_loc loc = {path, 0, 0};
    va_list ap;
    size_t n;

    if (err == NULL || err->code != ODP_OK) {
        return ODP_EIO;
    }
    va_start(ap, fmt);
    odp_verrf(err, ODP_EIO, &loc, fmt, ap);
    va_end(ap);
    err->sys_errno = saved;
    n = strlen(err->msg);
    if (saved != 0 && n < sizeof(err->msg)) {
        snprintf(err->msg + n, sizeof(err->msg) - n, ": %s", strerror(saved));
    }
    return ODP_EIO;
}

const char *
odp_err_format(const struct odp_err *err, char *buf, size_t size)
{
    if (size == 0) {
        return buf;
    }
    if (err->path[0] != '\0' && err->line > 0 && err->col > 0) {
        snprintf(buf, size, "%s:%llu:%llu: %s", err->path, (unsigned long long)err->line,
                 (unsigned long long)err->col, err->msg);
    } else if (err->path[0] != '\0' && err->line > 0) {
        snprintf(buf, size, "%s:%llu: %s", err->path, (unsigned long long)err->line, err->msg);
    } else if (err->path[0] != '\0') {
        snprintf(buf, size, "%s: %s", err->path, err->msg);
    } else {
        snprintf(buf, size, "%s", err->msg);
    }
    return buf;
}

const char *
odp_code_name(int code)
{
    switch (code) {
    case ODP_OK: return "ok";
    case ODP_END: return "end";
    case ODP_EINVAL: return "usage";
    case ODP_ENOMEM: return "nomem";
    case ODP_EIO: return "io";
    case ODP_ESYNTAX: return "syntax";
    case ODP_ESCHEMA: return "schema";
    case ODP_EPOLICY: return "policy";
    case ODP_EDATA: return "data";
    case ODP_EKEY: return "key";
    case ODP_EVERIFY: return "verify";
    case ODP_ELIMIT: return "limit";
    case ODP_EINTERNAL: return "internal";
    default: return "unknown";
    }
}
