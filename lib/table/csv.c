/*
 * csv.c - the CSV reader (RFC 4180, strict) and the CSV writer (minimal quoting).
 *
 * This is the hot path of a release. The reader keeps one buffer, filled by read(2)
 * in large blocks, with a NUL sentinel after the data and zeroed padding so 64-byte
 * loads never leave the allocation. A record is scanned field by field: SSE2 (or
 * AVX-512BW, chosen at run time) finds the next special byte (`,` `"` LF CR NUL outside
 * quotes; `"` LF NUL inside) 64 bytes at a time, and the fields come back as views into
 * the buffer. Nothing is
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define ODP_HAVE_SSE2 1
#else
#define ODP_HAVE_SSE2 0
#endif

/* The AVX-512BW scanner: x86-64 with GCC or clang, chosen at run time (csv_level). */
#if ODP_HAVE_SSE2 && defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define ODP_HAVE_SCAN512 1
#if defined(__clang__)
/* _Pragma takes one string literal (no concatenation), so the line stays long */
/* clang-format off */
#define ODP_SCAN512_BEGIN _Pragma("clang attribute push(__attribute__((target(\"avx512f,avx512bw\"))), apply_to = function)")
/* clang-format on */
#define ODP_SCAN512_END _Pragma("clang attribute pop")
#else
#define ODP_SCAN512_BEGIN _Pragma("GCC push_options") _Pragma("GCC target(\"avx512f,avx512bw\")")
#define ODP_SCAN512_END _Pragma("GCC pop_options")
#endif
#else
#define ODP_HAVE_SCAN512 0
#endif

#include "csvw.h"
#include "table_int.h"

#define PAD 64              /* zeroed bytes after the data (64-byte loads, sentinel) */
#define OFF_ESC 0x80000000u /* off[] flag: quoted field with `""` to unescape */
#define OFF_QUOTED 0x40000000u
#define OFF_MASK 0x3fffffffu /* records are capped far below 1 GiB */
#define SCAN_MORE 2          /* the record goes past the bytes read so far */
#define BIG_PARTIAL 4096     /* a partial record above this makes refills geometric */

enum { TERM_NONE = 0, TERM_LF = 1, TERM_CRLF = 2, TERM_CR = 3 /* tolerant reads only */ };

struct odp_csv {
    char *buf;
    size_t cap;    /* data capacity; the allocation is cap + PAD */
    size_t len;    /* bytes of data in buf */
    size_t pos;    /* start of the next record */
    uint64_t line; /* line where the next record starts */
    uint64_t col0; /* bytes before the next record on its line (the BOM) */
    uint64_t recno;
    int term; /* line ending fixed by the first terminated record */
    int in_header;
    size_t ncols; /* header field count (0 while reading the header) */

    struct odp_field *f; /* fields of the current record */
    uint32_t *off;       /* raw start offset of each field in the record + flags */
    size_t fcap;         /* slots in f and off */
    size_t nf;           /* fields found in the last record (may exceed fcap) */

    size_t *nl; /* offsets of the LFs inside quoted fields of the record */
    size_t nlcap;
    size_t nnl;

    int delim; /* the field delimiter: `,` (default) `;` TAB or `|` */
    int w512;  /* the AVX-512BW scanner (csv_level) */

    uint64_t rec_line; /* position of the last record, for locate and errors */
    uint64_t rec_col0;
    int borrowed;    /* buf belongs to a chunk (odp_csv_chunk): never freed here */
    char *hdr_names; /* "_column_N" names given to empty header cells */
    char *dup_names; /* "name.1" names given to repeated header names */
};

/* Scan result of one complete record. */
struct scan {
    size_t term_off; /* offset of the terminator (or end of data) in the record */
    size_t size;     /* raw bytes including the terminator */
    int term;
    int high; /* a byte >= 0x80 was seen */
    int esc;  /* some field needs `""` unescaping */
    /* faults a tolerant scan read past (ODP_FAULT_QUOTE, _NUL, _CR): kept with the record */
    unsigned nfault;
    size_t frel[ODP_FAULT_CR + 1]; /* where the first of each is */
};

static inline void
scan_fault(struct scan *s, enum odp_read_fault k, size_t rel)
{
    if ((s->nfault & (1u << k)) == 0) {
        s->nfault |= 1u << k;
        s->frel[k] = rel;
    }
}

int
odp_csv_simd(void)
{
    return ODP_HAVE_SCAN512 && __builtin_cpu_supports("avx512bw") ? 2 : ODP_HAVE_SSE2;
}

/* 1 when t's reader takes the AVX-512BW scanner: the CPU has it and t allows it. */
static int
csv_level(const struct odp_table *t)
{
    return !t->plain && t->simd_max >= 2 && odp_csv_simd() == 2;
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

static int err_at(const struct odp_csv *c, const struct odp_table *t, size_t rel, int code,
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
            __m128i m = _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(x, vc), _mm_cmpeq_epi8(x, vq)),
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vn), _mm_cmpeq_epi8(x, vr)),
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
        __m128i s =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vc), _mm_cmpeq_epi8(x, vq)),
                         _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vn), _mm_cmpeq_epi8(x, vr)),
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
            while (i + 16 <= n && _mm_movemask_epi8(_mm_loadu_si128(
                                      (const __m128i *)(const void *)(p + i))) == 0) {
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

#define SCAN_TOLERANT 0
#define SCAN_NAME scan_impl
#define SCAN_MASK64 special_mask64
#define SCAN_FIND_QUOTED find_quoted
#include "csv_scan.inc"
#undef SCAN_NAME
#undef SCAN_MASK64
#undef SCAN_FIND_QUOTED

#if ODP_HAVE_SCAN512
/*
 * The same scanner with AVX-512BW (chosen at open where the CPU has it, csv_level): a
 * 64-byte window is one load and five compares into mask registers instead of four
 * 16-byte rounds of compares, ORs and movemasks, and the search inside quotes steps 64
 * bytes. Loads reach at most 63 bytes past a position <= the end: inside the PAD, as
 * for the SSE2 window. The unit tests and fuzz_csv compare it with SSE2 and the plain
 * scanner.
 */
ODP_SCAN512_BEGIN

static inline uint64_t
special_mask64_512(const char *p, uint64_t *hi, const int delim)
{
    const __m512i x = _mm512_loadu_si512((const void *)p);

    *hi = (uint64_t)_mm512_movepi8_mask(x);
    return (uint64_t)(_mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8((char)delim)) |
                      _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('"')) |
                      _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('\n')) |
                      _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('\r')) |
                      _mm512_testn_epi8_mask(x, x));
}

static inline const char *
find_quoted_512(const char *p, unsigned *high, const int plain)
{
    (void)plain; /* never the plain scanner */
    for (;;) {
        const __m512i x = _mm512_loadu_si512((const void *)p);
        uint64_t mk = (uint64_t)(_mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('"')) |
                                 _mm512_cmpeq_epi8_mask(x, _mm512_set1_epi8('\n')) |
                                 _mm512_testn_epi8_mask(x, x));
        uint64_t h = (uint64_t)_mm512_movepi8_mask(x);

        if (mk != 0) {
            *high |= (unsigned)((h & ((mk & (0 - mk)) - 1)) != 0);
            return p + __builtin_ctzll(mk);
        }
        *high |= (unsigned)(h != 0);
        p += 64;
    }
}

#define SCAN_NAME scan_impl_512
#define SCAN_MASK64 special_mask64_512
#define SCAN_FIND_QUOTED find_quoted_512
#include "csv_scan.inc"
#undef SCAN_NAME
#undef SCAN_MASK64
#undef SCAN_FIND_QUOTED

static int
scan_fast_512(struct odp_csv *c, const struct odp_table *t, struct scan *s, struct odp_err *err)
{
    return scan_impl_512(c, t, s, 0, ',', err);
}

static int
scan_fast_delim_512(struct odp_csv *c, const struct odp_table *t, struct scan *s,
                    struct odp_err *err)
{
    return scan_impl_512(c, t, s, 0, c->delim, err);
}

ODP_SCAN512_END
#endif

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

/* The tolerant scanner (plain loops): only for records where a fast one met a fault. */
#undef SCAN_TOLERANT
#define SCAN_TOLERANT 1
#define SCAN_NAME scan_impl_tol
#define SCAN_MASK64 special_mask64
#define SCAN_FIND_QUOTED find_quoted
#include "csv_scan.inc"
#undef SCAN_NAME
#undef SCAN_MASK64
#undef SCAN_FIND_QUOTED
#undef SCAN_TOLERANT

static int
scan_tolerant(struct odp_csv *c, const struct odp_table *t, struct scan *s, struct odp_err *err)
{
    return scan_impl_tol(c, t, s, 1, c->delim, err);
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
    /* Spreadsheet exports leave other header cells empty too: each is named after its
     * position, "_column_16", so that a policy can name it (and drop it). */
    for (i = 0, first = 0; i < c->nf; i++) {
        first += c->f[i].len == 0;
    }
    /* ... but a row of mostly empty cells is a title above the header, not the header */
    if (first > 0 && first * 2 >= c->nf) {
        for (i = 0; i < c->nf && c->f[i].len != 0; i++) {
        }
        return err_at(c, t, c->off[i] & OFF_MASK, ODP_ESYNTAX, err,
                      "empty header name in column %zu (%zu of %zu header cells are empty: a "
                      "title row above the header?)",
                      i + 1, first, c->nf);
    }
    if (first > 0) {
        size_t k = 0;

        free(c->hdr_names);
        c->hdr_names = malloc(first * ODP_COLUMN_NAME_MAX);
        if (c->hdr_names == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        for (i = 0; i < c->nf; i++) {
            if (c->f[i].len == 0) {
                char *nm = c->hdr_names + k++ * ODP_COLUMN_NAME_MAX;
                int w = snprintf(nm, ODP_COLUMN_NAME_MAX, "_column_%zu", i + 1);

                c->f[i].p = nm;
                c->f[i].len = w > 0 ? (size_t)w : 0;
                c->off[i] &= ~OFF_ESC;
            }
        }
    }
    /* a name used twice (a join's two "decile_score" columns): the repeats are read as
     * name.1, name.2 ..., so that a policy can name each */
    free(c->dup_names);
    c->dup_names = NULL;
    rc = odp_table_rename_dups(c->f, c->nf, &c->dup_names, &dup, err);
    if (rc < 0) {
        return rc;
    }
    /* (a renamed repeat keeps its OFF_ESC flag: its copy in dup_names is unescaped in
     * place with the other fields) */
    return ODP_OK;
}

/* Reads more while no byte of the next record is there: ODP_OK, ODP_END or an error. */
static inline int
have_bytes(struct odp_csv *c, struct odp_table *t, struct odp_err *err)
{
    int rc;

    while (c->pos == c->len) {
        if (t->eof) {
            return ODP_END;
        }
        rc = refill(c, t, err);
        if (rc < 0) {
            return rc;
        }
    }
    return ODP_OK;
}

/* Counts a record with a fault of kind k, and keeps where the first one was. */
static void
keep_fault(const struct odp_csv *c, struct odp_table *t, enum odp_read_fault k, size_t rel)
{
    struct odp_read_faults *f = &t->faults;

    if (f->count[k] == 0) {
        rel_pos(c, rel, &f->line[k], &f->col[k]);
    }
    f->count[k]++;
}

/* Steps past the record just scanned. */
static void
step_record(struct odp_csv *c, const struct scan *s)
{
    c->pos += s->size;
    c->line += 1 + c->nnl;
    c->col0 = 0;
}

/*
 * Checks a data record's shape for a tolerant read: ODP_OK, or SCAN_MORE to skip it. A
 * short row is padded with empty fields and a long one cut.
 */
static int
check_row(struct odp_csv *c, struct odp_table *t, const struct scan *s)
{
    size_t i;

    if (s->term_off == 0) {
        keep_fault(c, t, ODP_FAULT_BLANK, 0);
        return SCAN_MORE;
    }
    if (c->nf != c->ncols) {
        size_t at = c->nf > c->ncols ? c->off[c->ncols] & OFF_MASK : s->term_off;

        keep_fault(c, t, ODP_FAULT_RAGGED, at);
        for (i = c->nf; i < c->ncols; i++) { /* fcap > ncols (fields_full) */
            c->f[i].p = c->buf + c->pos + s->term_off;
            c->f[i].len = 0;
            c->off[i] = (uint32_t)s->term_off;
        }
        c->nf = c->ncols;
    }
    if (c->ncols > 1 && c->f[0].len == 0) {
        for (i = 1; i < c->nf && c->f[i].len == 0; i++) {
        }
        if (i == c->nf) {
            keep_fault(c, t, ODP_FAULT_BLANK, 0);
            return SCAN_MORE;
        }
    }
    return ODP_OK;
}

/*
 * read_record for a tolerant table at a fault: scans the record at c->pos again with the
 * tolerant scanner, keeps its faults, and skips it (and the next ones) where a tolerant
 * read skips. ODP_OK, ODP_END or an error it does not read past.
 */
#if defined(__GNUC__)
__attribute__((noinline, cold))
#endif
static int
read_slow(struct odp_csv *c, struct odp_table *t, struct odp_err *err)
{
    struct scan s;
    size_t i, bad;
    int rc;

    memset(&s, 0, sizeof(s));
    for (;;) {
        rc = have_bytes(c, t, err);
        if (rc != ODP_OK) {
            return rc;
        }
        c->rec_line = c->line;
        c->rec_col0 = c->col0;
        s.nfault = 0;
        rc = scan_tolerant(c, t, &s, err);
        if (rc == SCAN_MORE) {
            rc = refill(c, t, err);
            if (rc < 0) {
                return rc;
            }
            continue;
        }
        if (rc < 0) {
            return rc;
        }
        for (i = 0; i <= ODP_FAULT_CR; i++) {
            if ((s.nfault & (1u << i)) != 0) {
                keep_fault(c, t, (enum odp_read_fault)i, s.frel[i]);
            }
        }
        if (s.term != TERM_NONE) {
            if (c->term == TERM_NONE) {
                c->term = s.term;
            } else if (s.term != c->term) {
                keep_fault(c, t, ODP_FAULT_MIXED, s.term_off);
            }
        }
        bad = s.high ? odp_utf8_check(c->buf + c->pos, s.size, 1) : s.size;
        if (bad < s.size) {
            if (c->in_header) {
                return err_at(c, t, bad, ODP_ESYNTAX, err, "invalid UTF-8 byte sequence");
            }
            keep_fault(c, t, ODP_FAULT_UTF8, bad);
            step_record(c, &s);
            continue;
        }
        if (c->in_header) {
            if (s.term_off == 0) {
                return err_at(c, t, 0, ODP_ESYNTAX, err, "empty header row (a header is required)");
            }
            rc = check_header(c, t, err);
        } else {
            rc = check_row(c, t, &s);
        }
        if (rc < 0) {
            return rc;
        }
        if (rc == ODP_OK) {
            break;
        }
        step_record(c, &s); /* SCAN_MORE: skipped */
    }
    if (s.esc) {
        for (i = 0; i < c->nf; i++) {
            if ((c->off[i] & OFF_ESC) != 0) {
                unescape(&c->f[i]);
            }
        }
    }
    step_record(c, &s);
    return ODP_OK;
}

/*
 * Reads one record (the header when c->in_header) into c->f. ODP_OK, ODP_END or an
 * error. A tolerant table's faults go to read_slow, so this path is the strict one.
 */
static int
read_record(struct odp_csv *c, struct odp_table *t, struct odp_err *err)
{
    struct scan s;
    size_t i;
    int rc;

    for (;;) {
        rc = have_bytes(c, t, err);
        if (rc != ODP_OK) {
            return rc;
        }
        c->rec_line = c->line;
        c->rec_col0 = c->col0;
        if (t->plain) {
            rc = scan_plain(c, t, &s, err);
#if ODP_HAVE_SCAN512
        } else if (c->w512) {
            rc =
                c->delim == ',' ? scan_fast_512(c, t, &s, err) : scan_fast_delim_512(c, t, &s, err);
#endif
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
        if (rc == ODP_ESYNTAX && t->tolerant) {
            odp_err_clear(err); /* the fault may be one a tolerant read passes */
            return read_slow(c, t, err);
        }
        return rc;
    }
    if (s.term != TERM_NONE) {
        if (c->term == TERM_NONE) {
            c->term = s.term;
        } else if (s.term != c->term) {
            if (t->tolerant) {
                return read_slow(c, t, err);
            }
            return err_at(c, t, s.term_off, ODP_ESYNTAX, err,
                          "mixed line endings (this record ends with %s, the first with %s)",
                          s.term == TERM_LF ? "LF" : "CRLF", c->term == TERM_LF ? "LF" : "CRLF");
        }
    }
    if (t->plain || s.high) {
        size_t bad = odp_utf8_check(c->buf + c->pos, s.size, t->plain);

        if (bad < s.size) {
            if (t->tolerant && !c->in_header) {
                return read_slow(c, t, err);
            }
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
    } else if (t->tolerant &&
               (s.term_off == 0 || c->nf != c->ncols || (c->ncols > 1 && c->f[0].len == 0))) {
        return read_slow(c, t, err); /* checks the row again, tolerantly */
    } else {
        if (s.term_off == 0) {
            return err_at(c, t, 0, ODP_ESYNTAX, err, "blank row (empty line)");
        }
        if (c->nf != c->ncols) {
            size_t at = c->nf > c->ncols ? c->off[c->ncols] & OFF_MASK : s.term_off;

            return err_at(c, t, at, ODP_ESYNTAX, err,
                          "ragged row: expected %zu fields as in the header, found %zu", c->ncols,
                          c->nf);
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
    int rc, boms;

    c->len = 0;
    c->pos = 0;
    c->buf[0] = '\0';
    c->line = 1;
    c->col0 = 0;
    c->recno = 0;
    c->term = TERM_NONE;
    c->nnl = 0;
    c->nf = 0;
    /* a BOM, or two (an export that added its own before the editor's): all skipped, so
     * that no header name starts with an invisible U+FEFF */
    for (boms = 0; boms < 4; boms++) {
        while (c->len - c->pos < 3 && !t->eof) {
            rc = refill(c, t, err);
            if (rc < 0) {
                return rc;
            }
        }
        if (c->len - c->pos < 3 || memcmp(c->buf + c->pos, "\xef\xbb\xbf", 3) != 0) {
            break;
        }
        c->pos += 3;
        c->col0 += 3;
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
    c->w512 = csv_level(t);
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
    free(c->hdr_names);
    free(c->dup_names);
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
odp_csv_chunk(struct odp_table *t, char *buf, size_t len, uint64_t line, uint64_t recno, int term,
              size_t ncols, struct odp_err *err)
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
        c->w512 = csv_level(t);
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
