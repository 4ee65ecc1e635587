/*
 * csv.c - the CSV reader (RFC 4180, strict) and the CSV writer (minimal quoting).
 *
 * This is the hot path of a release. The reader keeps one buffer, filled by read(2)
 * in large blocks, with a NUL sentinel after the data and zeroed padding so 16-byte
 * loads never leave the allocation. A record is scanned field by field: SSE2 finds
 * the next special byte (`,` `"` LF CR NUL outside quotes; `"` LF NUL inside) 16
 * bytes at a time, and the fields come back as views into the buffer. Nothing is
 * allocated per row or cell. A record cut by the end of the buffer is moved to the
 * front and scanned again from its start once more bytes are in; since `""` is
 * unescaped in place only after the whole record was scanned, a rescan always sees
 * raw bytes. Records grow the buffer up to the record cap, then fail with ODP_ELIMIT.
 *
 * UTF-8 is checked per record, on its raw bytes, and only when a byte >= 0x80 was
 * seen by the scanner (ASCII records cost nothing more). Record boundaries are ASCII
 * bytes, so checking records is the same as checking the file, and a record is
 * always whole in the buffer, so no multibyte sequence is ever split by a refill.
 *
 * The plain path (t->plain, env ODP_CSV_PLAIN=1) uses byte loops for both the search
 * and the UTF-8 check; the unit tests compare it with the fast path.
 *
 * The delimiter is `,` unless the table was opened with another (`;` TAB `|`,
 * dataset.delimiter); quoting rules are the same for every delimiter. The comma keeps
 * its own instance of the scanner with the delimiter a constant (scan_fast).
 *
 * Promises: every rejection is ODP_ESYNTAX (or ODP_ELIMIT for caps) with
 * path:line:col of the offending byte (line 1-based in the file, col the 1-based byte
 * in that line); no message ever holds field content.
 */
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define ODP_HAVE_SSE2 1
#else
#define ODP_HAVE_SSE2 0
#endif

#include "csvw.h"
#include "table_int.h"

#define PAD 64                /* zeroed bytes after the data (16-byte loads, sentinel) */
#define OFF_ESC 0x80000000u   /* off[] flag: quoted field with `""` to unescape */
#define OFF_QUOTED 0x40000000u
#define OFF_MASK 0x3fffffffu  /* records are capped far below 1 GiB */
#define SCAN_MORE 2           /* the record goes past the bytes read so far */
#define BIG_PARTIAL 4096      /* a partial record above this makes refills geometric */

enum { TERM_NONE = 0, TERM_LF = 1, TERM_CRLF = 2 };

struct odp_csv {
    char *buf;
    size_t cap;           /* data capacity; the allocation is cap + PAD */
    size_t len;           /* bytes of data in buf */
    size_t pos;           /* start of the next record */
    uint64_t line;        /* line where the next record starts */
    uint64_t col0;        /* bytes before the next record on its line (the BOM) */
    uint64_t recno;
    int term;             /* line ending fixed by the first terminated record */
    int in_header;
    size_t ncols;         /* header field count (0 while reading the header) */

    struct odp_field *f;  /* fields of the current record */
    uint32_t *off;        /* raw start offset of each field in the record + flags */
    size_t fcap;          /* slots in f and off */
    size_t nf;            /* fields found in the last record (may exceed fcap) */

    size_t *nl;           /* offsets of the LFs inside quoted fields of the record */
    size_t nlcap;
    size_t nnl;

    int delim;            /* the field delimiter: `,` (default) `;` TAB or `|` */

    uint64_t rec_line;    /* position of the last record, for locate and errors */
    uint64_t rec_col0;
    int borrowed;         /* buf belongs to a chunk (odp_csv_chunk): never freed here */
};

/* Scan result of one complete record. */
struct scan {
    size_t term_off;      /* offset of the terminator (or end of data) in the record */
    size_t size;          /* raw bytes including the terminator */
    int term;
    int high;             /* a byte >= 0x80 was seen */
    int esc;              /* some field needs `""` unescaping */
};

int
odp_csv_simd(void)
{
    return ODP_HAVE_SSE2;
}

/* --- positions and errors --- */

static void
rel_pos(const struct odp_csv *c, size_t rel, uint64_t *line, uint64_t *col)
{
    size_t k = 0;

    while (k < c->nnl && c->nl[k] < rel) {
        k++;
    }
    *line = c->rec_line + k;
    if (k == 0) {
        *col = c->rec_col0 + rel + 1;
    } else {
        *col = rel - c->nl[k - 1];
    }
}

static int
err_at(const struct odp_csv *c, const struct odp_table *t, size_t rel, int code,
       struct odp_err *err, const char *fmt, ...) ODP_PRINTF(6, 7);

static int
err_at(const struct odp_csv *c, const struct odp_table *t, size_t rel, int code,
       struct odp_err *err, const char *fmt, ...)
{
    struct odp_loc loc;
    va_list ap;

    loc.path = t->path;
    rel_pos(c, rel, &loc.line, &loc.col);
    va_start(ap, fmt);
    code = odp_verrf(err, code, &loc, fmt, ap);
    va_end(ap);
    return code;
}

static int
add_nl(struct odp_csv *c, size_t rel, struct odp_err *err)
{
    if (c->nnl == c->nlcap) {
        size_t ncap = c->nlcap ? c->nlcap * 2 : 16;
        size_t *n = realloc(c->nl, ncap * sizeof(*n));

        if (n == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        c->nl = n;
        c->nlcap = ncap;
    }
    c->nl[c->nnl++] = rel;
    return ODP_OK;
}

static int
fields_resize(struct odp_csv *c, size_t n, struct odp_err *err)
{
    struct odp_field *f = realloc(c->f, n * sizeof(*f));
    uint32_t *o;

    if (f == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    c->f = f;
    o = realloc(c->off, n * sizeof(*o));
    if (o == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    c->off = o;
    c->fcap = n;
    return ODP_OK;
}

/* The field array is full: the header may grow it (up to the column cap), data rows
 * just keep counting so a ragged row can say how many fields it has. */
static int
fields_full(struct odp_csv *c, const struct odp_table *t, size_t rel, struct odp_err *err)
{
    size_t n;

    if (!c->in_header) {
        return ODP_OK;
    }
    if (c->fcap >= ODP_CSV_MAX_COLUMNS) {
        return err_at(c, t, rel, ODP_ELIMIT, err, "header has more than %u columns",
                      ODP_CSV_MAX_COLUMNS);
    }
    n = c->fcap * 2;
    if (n > ODP_CSV_MAX_COLUMNS) {
        n = ODP_CSV_MAX_COLUMNS;
    }
    return fields_resize(c, n, err);
}

/* --- the special-byte search --- */

/*
 * 1 for the bytes that end an unquoted run (`"` LF CR NUL, and the delimiter, tested
 * apart), 2 inside quotes.
 */
static const unsigned char cls[256] = {
    [0] = 3,
    ['\n'] = 3,
    ['\r'] = 1,
    ['"'] = 3,
};

static inline const char *
find_unquoted(const char *p, unsigned *high, const int plain, const int delim)
{
    (void)plain; /* used only where SSE2 is compiled in */
#if ODP_HAVE_SSE2
    if (!plain) {
        const __m128i vc = _mm_set1_epi8((char)delim);
        const __m128i vq = _mm_set1_epi8('"');
        const __m128i vn = _mm_set1_epi8('\n');
        const __m128i vr = _mm_set1_epi8('\r');
        const __m128i vz = _mm_setzero_si128();

        for (;;) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
            __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vc), _mm_cmpeq_epi8(x, vq)),
                                     _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vn),
                                                               _mm_cmpeq_epi8(x, vr)),
                                                  _mm_cmpeq_epi8(x, vz)));
            unsigned mk = (unsigned)_mm_movemask_epi8(m);
            unsigned h = (unsigned)_mm_movemask_epi8(x);

            if (mk != 0) {
                *high |= h & ((mk & (0u - mk)) - 1u);
                return p + __builtin_ctz(mk);
            }
            *high |= h;
            p += 16;
        }
    }
#endif
    while ((cls[(unsigned char)*p] & 1) == 0 && *p != (char)delim) {
        *high |= (unsigned char)*p & 0x80u;
        p++;
    }
    return p;
}

static inline const char *
find_quoted(const char *p, unsigned *high, const int plain)
{
    (void)plain; /* used only where SSE2 is compiled in */
#if ODP_HAVE_SSE2
    if (!plain) {
        const __m128i vq = _mm_set1_epi8('"');
        const __m128i vn = _mm_set1_epi8('\n');
        const __m128i vz = _mm_setzero_si128();

        for (;;) {
            __m128i x = _mm_loadu_si128((const __m128i *)(const void *)p);
            __m128i m = _mm_or_si128(_mm_cmpeq_epi8(x, vq),
                                     _mm_or_si128(_mm_cmpeq_epi8(x, vn), _mm_cmpeq_epi8(x, vz)));
            unsigned mk = (unsigned)_mm_movemask_epi8(m);
            unsigned h = (unsigned)_mm_movemask_epi8(x);

            if (mk != 0) {
                *high |= h & ((mk & (0u - mk)) - 1u);
                return p + __builtin_ctz(mk);
            }
            *high |= h;
            p += 16;
        }
    }
#endif
    while ((cls[(unsigned char)*p] & 2) == 0) {
        *high |= (unsigned char)*p & 0x80u;
        p++;
    }
    return p;
}

#if ODP_HAVE_SSE2
/*
 * Bit i of the result is set when p[i] (0 <= i < 64) is the delimiter, `"` LF CR or NUL; *hi gets
 * the bytes >= 0x80. The scanner keeps one such 64-byte window per record and walks it
 * with ctz, so a short unquoted field costs a bit scan, not a vector search of its own.
 */
static inline uint64_t
special_mask64(const char *p, uint64_t *hi, const int delim)
{
    const __m128i vc = _mm_set1_epi8((char)delim);
    const __m128i vq = _mm_set1_epi8('"');
    const __m128i vn = _mm_set1_epi8('\n');
    const __m128i vr = _mm_set1_epi8('\r');
    const __m128i vz = _mm_setzero_si128();
    uint64_t m = 0;
    uint64_t h = 0;
    int k;

    for (k = 0; k < 4; k++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(p + 16 * k));
        __m128i s = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vc), _mm_cmpeq_epi8(x, vq)),
                                 _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vn),
                                                           _mm_cmpeq_epi8(x, vr)),
                                              _mm_cmpeq_epi8(x, vz)));

        m |= (uint64_t)(unsigned)_mm_movemask_epi8(s) << (16 * k);
        h |= (uint64_t)(unsigned)_mm_movemask_epi8(x) << (16 * k);
    }
    *hi = h;
    return m;
}
#endif

/* --- UTF-8 --- */

/* Length of the valid UTF-8 sequence at p (n bytes left, p[0] >= 0x80), 0 if bad.
 * Rejects overlong forms, surrogates and code points above U+10FFFF. */
static size_t
utf8_seq(const unsigned char *p, size_t n)
{
    unsigned c = p[0];
    unsigned lo = 0x80;
    unsigned hi = 0xbf;
    size_t len;
    size_t i;

    if (c >= 0xc2 && c <= 0xdf) {
        len = 2;
    } else if (c >= 0xe0 && c <= 0xef) {
        len = 3;
        if (c == 0xe0) {
            lo = 0xa0;
        } else if (c == 0xed) {
            hi = 0x9f;
        }
    } else if (c >= 0xf0 && c <= 0xf4) {
        len = 4;
        if (c == 0xf0) {
            lo = 0x90;
        } else if (c == 0xf4) {
            hi = 0x8f;
        }
    } else {
        return 0;
    }
    if (n < len || p[1] < lo || p[1] > hi) {
        return 0;
    }
    for (i = 2; i < len; i++) {
        if ((p[i] & 0xc0) != 0x80) {
            return 0;
        }
    }
    return len;
}

size_t
odp_utf8_check(const char *s, size_t n, int plain)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0;
    size_t k;

    while (i < n) {
        if (!plain) {
#if ODP_HAVE_SSE2
            while (i + 16 <= n &&
                   _mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(const void *)(p + i))) ==
                       0) {
                i += 16;
            }
#else
            for (;;) {
                uint64_t w;

                if (i + 8 > n) {
                    break;
                }
                memcpy(&w, p + i, 8);
                if ((w & 0x8080808080808080ull) != 0) {
                    break;
                }
                i += 8;
            }
#endif
            while (i < n && p[i] < 0x80) {
                i++;
            }
            if (i >= n) {
                break;
            }
        }
        if (p[i] < 0x80) {
            i++;
            continue;
        }
        k = utf8_seq(p + i, n - i);
        if (k == 0) {
            return i;
        }
        i += k;
    }
    return n;
}

/* --- the record scanner --- */

/*
 * Scans the record at c->pos. Returns ODP_OK with the fields in c->f / c->off and the
 * count in c->nf, SCAN_MORE when the bytes end before the record does and more may
 * come, or an error. Reads nothing and changes no byte of the buffer.
 */
static inline int
scan_impl(struct odp_csv *c, const struct odp_table *t, struct scan *s, const int plain,
          const int delim, struct odp_err *err)
{
    const char *base = c->buf + c->pos;
    const char *end = c->buf + c->len;
    const char *p = base;
    const char *q;
    const char *cs;
    size_t nf = 0;
    unsigned high = 0;
    int esc_any = 0;
    int rc;
    /* locals, so stores into the field arrays do not force reloads of c and t */
    struct odp_field *fa = c->f;
    uint32_t *oa = c->off;
    size_t fcap = c->fcap;
    const int eof = t->eof;
    const size_t max_field = t->max_field;
#if ODP_HAVE_SSE2
    /* 64-byte window of special bytes at wb (NULL: none yet); bits before p are clear */
    const char *wb = NULL;
    uint64_t wm = 0;
    uint64_t wh = 0;
#endif

    c->nnl = 0;
    for (;;) {
        uint32_t flags = 0;

        if (*p == '"') {
            q = p + 1;
            flags = OFF_QUOTED;
            for (;;) {
                q = find_quoted(q, &high, plain);
                if (*q == '"') {
                    if (q[1] == '"') {
                        flags |= OFF_ESC;
                        q += 2;
                        continue;
                    }
                    if (q + 1 == end && !eof) {
                        return SCAN_MORE;
                    }
                    break;
                }
                if (*q == '\n') {
                    rc = add_nl(c, (size_t)(q - base), err);
                    if (rc < 0) {
                        return rc;
                    }
                    q++;
                    continue;
                }
                if (q != end) {
                    return err_at(c, t, (size_t)(q - base), ODP_ESYNTAX, err, "NUL byte in data");
                }
                if (!eof) {
                    return SCAN_MORE;
                }
                return err_at(c, t, (size_t)(p - base), ODP_ESYNTAX, err,
                              "unterminated quoted field (no closing quote before the end of "
                              "the file)");
            }
#if ODP_HAVE_SSE2
            wb = NULL; /* the window restarts after the quoted field */
#endif
            cs = p + 1;
            if ((flags & OFF_ESC) != 0) {
                esc_any = 1;
            }
            /* q is the closing quote; only a separator, a line end or the end may follow */
            q++;
            if (*q != (char)delim && *q != '\n' && *q != '\r' && q != end) {
                if (*q == '\0') {
                    return err_at(c, t, (size_t)(q - base), ODP_ESYNTAX, err, "NUL byte in data");
                }
                return err_at(c, t, (size_t)(q - base), ODP_ESYNTAX, err,
                              "unexpected character after a closing quote");
            }
            if ((size_t)(q - 1 - cs) > max_field) {
                return err_at(c, t, (size_t)(p - base), ODP_ELIMIT, err,
                              "field longer than %zu bytes", max_field);
            }
            if (nf == fcap) {
                rc = fields_full(c, t, (size_t)(p - base), err);
                if (rc < 0) {
                    return rc;
                }
                fa = c->f;
                oa = c->off;
                fcap = c->fcap;
            }
            if (nf < fcap) {
                fa[nf].p = cs;
                fa[nf].len = (size_t)(q - 1 - cs);
                oa[nf] = (uint32_t)(p - base) | flags;
            }
        } else {
#if ODP_HAVE_SSE2
            if (!plain) {
                /*
                 * The window is read up to 63 bytes past a position <= end: inside the
                 * PAD. Bytes past the NUL sentinel may be stale, but the sentinel's bit
                 * comes first; a high byte there only costs a UTF-8 check of the record.
                 */
                if (wb == NULL || p >= wb + 64) {
                    wb = p;
                    wm = special_mask64(wb, &wh, delim);
                    high |= (unsigned)(wh != 0);
                }
                while (wm == 0) {
                    wb += 64;
                    wm = special_mask64(wb, &wh, delim);
                    high |= (unsigned)(wh != 0);
                }
                q = wb + __builtin_ctzll(wm);
                wm &= wm - 1;
            } else {
                q = find_unquoted(p, &high, plain, delim);
            }
#else
            q = find_unquoted(p, &high, plain, delim);
#endif
            if (*q == '"') {
                return err_at(c, t, (size_t)(q - base), ODP_ESYNTAX, err,
                              "quote inside an unquoted field (a field with quotes must be "
                              "quoted as a whole)");
            }
            if (*q == '\0') {
                if (q != end) {
                    return err_at(c, t, (size_t)(q - base), ODP_ESYNTAX, err, "NUL byte in data");
                }
                if (!eof) {
                    return SCAN_MORE;
                }
            }
            if ((size_t)(q - p) > max_field) {
                return err_at(c, t, (size_t)(p - base), ODP_ELIMIT, err,
                              "field longer than %zu bytes", max_field);
            }
            if (nf == fcap) {
                rc = fields_full(c, t, (size_t)(p - base), err);
                if (rc < 0) {
                    return rc;
                }
                fa = c->f;
                oa = c->off;
                fcap = c->fcap;
            }
            if (nf < fcap) {
                fa[nf].p = p;
                fa[nf].len = (size_t)(q - p);
                oa[nf] = (uint32_t)(p - base);
            }
        }
        nf++;
        if (*q != (char)delim) {
            break;
        }
        p = q + 1;
    }
    /* q is at the terminator, or at the end of the data at the end of the file */
    s->term_off = (size_t)(q - base);
    if (*q == '\r') {
        if (q + 1 == end && !eof) {
            return SCAN_MORE;
        }
        if (q[1] != '\n') {
            return err_at(c, t, (size_t)(q - base), ODP_ESYNTAX, err,
                          "bare CR line ending (records must end with LF or CRLF)");
        }
        s->term = TERM_CRLF;
        q += 2;
    } else if (*q == '\n') {
        s->term = TERM_LF;
        q++;
    } else {
        s->term = TERM_NONE;
    }
    s->size = (size_t)(q - base);
    if (s->size > t->max_record) {
        return err_at(c, t, 0, ODP_ELIMIT, err, "record longer than %zu bytes", t->max_record);
    }
    s->high = high != 0;
    s->esc = esc_any;
    c->nf = nf;
    return ODP_OK;
}

/*
 * Three instances of the scanner: the comma is a constant in the fast one, so the hot
 * path compiles exactly as before the delimiter became a parameter; `;` TAB `|` take
 * the second (the same code with the delimiter in a register); the plain one is the
 * reference for both.
 */
static int
scan_fast(struct odp_csv *c, const struct odp_table *t, struct scan *s, struct odp_err *err)
{
    return scan_impl(c, t, s, 0, ',', err);
}

static int
scan_fast_delim(struct odp_csv *c, const struct odp_table *t, struct scan *s, struct odp_err *err)
{
    return scan_impl(c, t, s, 0, c->delim, err);
}

static int
scan_plain(struct odp_csv *c, const struct odp_table *t, struct scan *s, struct odp_err *err)
{
    return scan_impl(c, t, s, 1, c->delim, err);
}

/* --- buffer --- */

/*
 * Moves the unfinished record to the front and reads more. A small partial record gets
 * one block; a big one (a giant field) at least doubles, so rescans stay linear.
 */
static int
refill(struct odp_csv *c, struct odp_table *t, struct odp_err *err)
{
    size_t keep = c->len - c->pos;
    size_t want = t->block;
    size_t limit = t->max_record + 1;
    size_t got = 0;
    long long r;

    if (keep >= limit) {
        return err_at(c, t, 0, ODP_ELIMIT, err, "record longer than %zu bytes", t->max_record);
    }
    if (keep > BIG_PARTIAL && keep > want) {
        want = keep;
    }
    if (c->pos > 0) {
        memmove(c->buf, c->buf + c->pos, keep);
        c->len = keep;
        c->pos = 0;
    }
    if (c->cap - c->len < want) {
        size_t ncap = c->cap * 2;
        char *nb;

        if (ncap < c->len + want) {
            ncap = c->len + want;
        }
        if (ncap > limit) {
            ncap = limit;
        }
        if (ncap > c->cap) {
            nb = realloc(c->buf, ncap + PAD);
            if (nb == NULL) {
                return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
            }
            memset(nb + c->cap, 0, ncap - c->cap + PAD);
            c->buf = nb;
            c->cap = ncap;
        }
        if (want > c->cap - c->len) {
            want = c->cap - c->len;
        }
    }
    do {
        r = odp_table_read(t, c->buf + c->len, want - got, err);
        if (r < 0) {
            return (int)r;
        }
        c->len += (size_t)r;
        got += (size_t)r;
    } while (keep > BIG_PARTIAL && got < want && !t->eof);
    c->buf[c->len] = '\0';
    return ODP_OK;
}

static void
unescape(struct odp_field *f)
{
    char *w = (char *)f->p;
    const char *r = f->p;
    const char *e = f->p + f->len;

    while (r < e) {
        const char *qq = memchr(r, '"', (size_t)(e - r));
        size_t n = qq != NULL ? (size_t)(qq + 1 - r) : (size_t)(e - r);

        memmove(w, r, n);
        w += n;
        r += n;
        if (qq != NULL) {
            r++; /* skip the second quote of the pair */
        }
    }
    f->len = (size_t)(w - f->p);
}

/* Header names must be non-empty and unique; sorting keeps wide headers O(n log n). */
static int
check_header(struct odp_csv *c, const struct odp_table *t, struct odp_err *err)
{
    size_t dup;
    size_t first;
    size_t i;
    int rc;

    /* R write.csv / pandas to_csv: an empty first header over the row numbers. */
    if (c->nf > 1 && c->f[0].len == 0) {
        c->f[0].p = ODP_ROW_INDEX_NAME;
        c->f[0].len = sizeof(ODP_ROW_INDEX_NAME) - 1;
        c->off[0] &= ~OFF_ESC;
    }
    for (i = 0; i < c->nf; i++) {
        if (c->f[i].len == 0) {
            return err_at(c, t, c->off[i] & OFF_MASK, ODP_ESYNTAX, err,
                          "empty header name in column %zu", i + 1);
        }
    }
    rc = odp_table_find_dup(c->f, c->nf, &dup, &first, err);
    if (rc < 0) {
        return rc;
    }
    if (dup != SIZE_MAX) {
        return err_at(c, t, c->off[dup] & OFF_MASK, ODP_ESYNTAX, err,
                      "duplicate header name in column %zu (same as column %zu)", dup + 1,
                      first + 1);
    }
    return ODP_OK;
}

/*
 * Reads one record (the header when c->in_header) into c->f. ODP_OK, ODP_END or an
 * error.
 */
static int
read_record(struct odp_csv *c, struct odp_table *t, struct odp_err *err)
{
    struct scan s;
    size_t i;
    int rc;

    for (;;) {
        if (c->pos == c->len) {
            if (t->eof) {
                return ODP_END;
            }
            rc = refill(c, t, err);
            if (rc < 0) {
                return rc;
            }
            continue;
        }
        c->rec_line = c->line;
        c->rec_col0 = c->col0;
        if (t->plain) {
            rc = scan_plain(c, t, &s, err);
        } else if (c->delim == ',') {
            rc = scan_fast(c, t, &s, err);
        } else {
            rc = scan_fast_delim(c, t, &s, err);
        }
        if (rc != SCAN_MORE) {
            break;
        }
        rc = refill(c, t, err);
        if (rc < 0) {
            return rc;
        }
    }
    if (rc < 0) {
        return rc;
    }
    if (s.term != TERM_NONE) {
        if (c->term == TERM_NONE) {
            c->term = s.term;
        } else if (s.term != c->term) {
            return err_at(c, t, s.term_off, ODP_ESYNTAX, err,
                          "mixed line endings (this record ends with %s, the first with %s)",
                          s.term == TERM_LF ? "LF" : "CRLF", c->term == TERM_LF ? "LF" : "CRLF");
        }
    }
    if (t->plain || s.high) {
        size_t bad = odp_utf8_check(c->buf + c->pos, s.size, t->plain);

        if (bad < s.size) {
            return err_at(c, t, bad, ODP_ESYNTAX, err, "invalid UTF-8 byte sequence");
        }
    }
    if (c->in_header) {
        if (s.term_off == 0) {
            return err_at(c, t, 0, ODP_ESYNTAX, err, "empty header row (a header is required)");
        }
        rc = check_header(c, t, err);
        if (rc < 0) {
            return rc;
        }
    } else {
        if (s.term_off == 0) {
            return err_at(c, t, 0, ODP_ESYNTAX, err, "blank row (empty line)");
        }
        if (c->nf != c->ncols) {
            size_t at = c->nf > c->ncols ? c->off[c->ncols] & OFF_MASK : s.term_off;

            return err_at(c, t, at, ODP_ESYNTAX, err,
                          "ragged row: expected %zu fields as in the header, found %zu",
                          c->ncols, c->nf);
        }
        if (c->ncols > 1 && c->f[0].len == 0) {
            for (i = 1; i < c->nf && c->f[i].len == 0; i++) {
            }
            if (i == c->nf) {
                return err_at(c, t, 0, ODP_ESYNTAX, err, "blank row (all fields are empty)");
            }
        }
    }
    if (s.esc) {
        for (i = 0; i < c->nf; i++) {
            if ((c->off[i] & OFF_ESC) != 0) {
                unescape(&c->f[i]);
            }
        }
    }
    c->pos += s.size;
    c->line += 1 + c->nnl;
    c->col0 = 0;
    return ODP_OK;
}

static int
start_pass(struct odp_csv *c, struct odp_table *t, struct odp_err *err)
{
    int rc;

    c->len = 0;
    c->pos = 0;
    c->buf[0] = '\0';
    c->line = 1;
    c->col0 = 0;
    c->recno = 0;
    c->term = TERM_NONE;
    c->nnl = 0;
    c->nf = 0;
    while (c->len < 3 && !t->eof) {
        rc = refill(c, t, err);
        if (rc < 0) {
            return rc;
        }
    }
    if (c->len >= 3 && memcmp(c->buf, "\xef\xbb\xbf", 3) == 0) {
        c->pos = 3;
        c->col0 = 3;
    }
    c->in_header = 1;
    c->rec_line = 1;
    c->rec_col0 = c->col0;
    rc = read_record(c, t, err);
    c->in_header = 0;
    if (rc == ODP_END) {
        struct odp_loc loc = {t->path, 1, 1};

        return odp_errf(err, ODP_ESYNTAX, &loc, "empty file (a header row is required)");
    }
    return rc;
}

int
odp_csv_open(struct odp_table *t, struct odp_err *err)
{
    struct odp_csv *c = calloc(1, sizeof(*c));
    size_t cap = t->block < 64 ? 64 : t->block;
    int rc;

    if (c == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    t->csv = c;
    c->delim = t->delim != 0 ? t->delim : ',';
    c->buf = calloc(1, cap + PAD);
    if (c->buf == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    c->cap = cap;
    rc = fields_resize(c, 64, err);
    if (rc < 0) {
        return rc;
    }
    rc = start_pass(c, t, err);
    if (rc < 0) {
        return rc;
    }
    c->ncols = c->nf;
    rc = odp_table_set_header(t, c->f, c->nf, err);
    if (rc < 0) {
        return rc;
    }
    /* one spare slot: the position of the first extra field of a ragged row */
    return fields_resize(c, c->ncols + 1, err);
}

int
odp_csv_next(struct odp_table *t, struct odp_row *row, struct odp_err *err)
{
    struct odp_csv *c = t->csv;
    int rc;

    rc = read_record(c, t, err);
    if (rc != ODP_OK) {
        return rc;
    }
    row->n = c->nf;
    row->f = c->f;
    row->line = c->rec_line;
    row->recno = ++c->recno;
    return ODP_OK;
}

int
odp_csv_rewind(struct odp_table *t, struct odp_err *err)
{
    struct odp_csv *c = t->csv;
    size_t want = c->ncols;
    int rc;

    rc = fields_resize(c, c->fcap < 64 ? 64 : c->fcap, err);
    if (rc < 0) {
        return rc;
    }
    rc = start_pass(c, t, err);
    if (rc < 0) {
        return rc;
    }
    if (c->nf != want) {
        struct odp_loc loc = {t->path, 1, 1};

        return odp_errf(err, ODP_EIO, &loc, "the file changed between passes");
    }
    return fields_resize(c, want + 1, err);
}

void
odp_csv_locate(const struct odp_table *t, size_t i, uint64_t *line, uint64_t *col)
{
    const struct odp_csv *c = t->csv;

    if (c == NULL || i >= c->nf || i >= c->fcap) {
        *line = c != NULL ? c->rec_line : 0;
        *col = 0;
        return;
    }
    rel_pos(c, c->off[i] & OFF_MASK, line, col);
}

void
odp_csv_free(struct odp_csv *c)
{
    if (c == NULL) {
        return;
    }
    if (!c->borrowed) {
        free(c->buf);
    }
    free(c->f);
    free(c->off);
    free(c->nl);
    free(c);
}

/* --- chunks (lib/table/chunk.c: the chunk-parallel release) --- */

void
odp_csv_rest(struct odp_table *t, const char **p, size_t *n, uint64_t *line, int *term)
{
    struct odp_csv *c = t->csv;

    *p = c->buf + c->pos;
    *n = c->len - c->pos;
    *line = c->line;
    *term = c->term;
    c->pos = c->len;
}

int
odp_csv_chunk(struct odp_table *t, char *buf, size_t len, uint64_t line, uint64_t recno,
              int term, size_t ncols, struct odp_err *err)
{
    struct odp_csv *c = t->csv;
    int rc;

    if (c == NULL) {
        c = calloc(1, sizeof(*c));
        if (c == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        t->csv = c;
        c->borrowed = 1;
        c->delim = t->delim != 0 ? t->delim : ',';
        rc = fields_resize(c, ncols + 1, err);
        if (rc < 0) {
            return rc;
        }
    }
    memset(buf + len, 0, PAD);
    c->buf = buf;
    c->cap = len;
    c->len = len;
    c->pos = 0;
    c->line = line;
    c->col0 = 0;
    c->recno = recno;
    c->term = term;
    c->in_header = 0;
    c->ncols = ncols;
    c->nnl = 0;
    c->nf = 0;
    t->eof = 1; /* the chunk is all there is: no refill */
    return ODP_OK;
}

/* --- writer --- */

int
odp_csv_write_field(struct odp_out *o, const char *p, size_t len)
{
    const char *e = p + len;

    if (!odp_csv_needs_quotes(p, len)) {
        return odp_out_write(o, p, len);
    }
    odp_out_putc(o, '"');
    while (p < e) {
        const char *qq = memchr(p, '"', (size_t)(e - p));

        if (qq == NULL) {
            odp_out_write(o, p, (size_t)(e - p));
            break;
        }
        /* write through the quote, then double it */
        odp_out_write(o, p, (size_t)(qq + 1 - p));
        odp_out_putc(o, '"');
        p = qq + 1;
    }
    return odp_out_putc(o, '"');
}

int
odp_csv_write_row(struct odp_out *o, const struct odp_field *f, size_t n)
{
    size_t i;

    if (n == 1 && f[0].len == 0) {
        /* a lone empty field is written "" so the line is not blank (as Python does) */
        odp_out_write(o, "\"\"", 2);
        return odp_out_putc(o, '\n');
    }
    for (i = 0; i < n; i++) {
        if (i > 0) {
            odp_out_putc(o, ',');
        }
        odp_csv_write_field(o, f[i].p, f[i].len);
    }
    return odp_out_putc(o, '\n');
}
