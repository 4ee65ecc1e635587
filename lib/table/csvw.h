/*
 * csvw.h - the CSV writer's inner pieces, shared by csv.c (odp_csv_write_field) and the
 * plan's row writer (plan.c), which writes a whole row into the output buffer through
 * a local pointer: one room check per field and no call per short copy (the bytes are
 * the same as odp_csv_write_row's; tests/unit/test_plan.c compares the two).
 */
#ifndef ODP_TABLE_CSVW_H
#define ODP_TABLE_CSVW_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#define ODP_CSVW_SSE2 1
#else
#define ODP_CSVW_SSE2 0
#endif

/* Does the field need quotes (`,` `"` CR LF, as Python's csv QUOTE_MINIMAL)? */
static inline int
odp_csv_needs_quotes(const char *p, size_t len)
{
    size_t i = 0;

#if ODP_CSVW_SSE2
    {
        const __m128i vc = _mm_set1_epi8(',');
        const __m128i vq = _mm_set1_epi8('"');
        const __m128i vn = _mm_set1_epi8('\n');
        const __m128i vr = _mm_set1_epi8('\r');

        __m128i x;
        __m128i m;

        /*
         * Every byte is looked at with vector compares and no load leaves [p, p + len):
         * the tail of a long field is one overlapping load, a field of 4..15 bytes two
         * overlapping 4- or 8-byte loads (most cells are short: dates, codes, hashes).
         */
        if (len >= 16) {
            for (; i + 16 <= len; i += 16) {
                x = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
                m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vc), _mm_cmpeq_epi8(x, vq)),
                                 _mm_or_si128(_mm_cmpeq_epi8(x, vn), _mm_cmpeq_epi8(x, vr)));
                if (_mm_movemask_epi8(m) != 0) {
                    return 1;
                }
            }
            if (i == len) {
                return 0;
            }
            x = _mm_loadu_si128((const __m128i *)(const void *)(p + len - 16));
        } else if (len >= 8) {
            uint64_t a, b;

            memcpy(&a, p, 8);
            memcpy(&b, p + len - 8, 8);
            x = _mm_set_epi64x((long long)b, (long long)a);
        } else if (len >= 4) {
            uint32_t a, b;

            memcpy(&a, p, 4);
            memcpy(&b, p + len - 4, 4);
            x = _mm_set_epi32(0, 0, (int)b, (int)a);
        } else {
            goto tail;
        }
        m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, vc), _mm_cmpeq_epi8(x, vq)),
                         _mm_or_si128(_mm_cmpeq_epi8(x, vn), _mm_cmpeq_epi8(x, vr)));
        return _mm_movemask_epi8(m) != 0;
    }
tail:
#endif
    for (; i < len; i++) {
        unsigned char ch = (unsigned char)p[i];

        if (ch == ',' || ch == '"' || ch == '\n' || ch == '\r') {
            return 1;
        }
    }
    return 0;
}

/*
 * Copies n bytes to d, which has room for them: short copies inline with overlapping
 * word moves that stay inside [s, s + n) (a call to memcpy per cell cost more than the
 * copy), long ones by memcpy.
 */
static inline void
odp_csvw_copy(char *d, const char *s, size_t n)
{
    if (n >= 16 && n <= 32) {
        uint64_t a, b, c, e;

        memcpy(&a, s, 8);
        memcpy(&b, s + 8, 8);
        memcpy(&c, s + n - 16, 8);
        memcpy(&e, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + 8, &b, 8);
        memcpy(d + n - 16, &c, 8);
        memcpy(d + n - 8, &e, 8);
    } else if (n >= 8 && n < 16) {
        uint64_t a, b;

        memcpy(&a, s, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(d, &a, 8);
        memcpy(d + n - 8, &b, 8);
    } else if (n >= 4 && n < 8) {
        uint32_t a, b;

        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(d, &a, 4);
        memcpy(d + n - 4, &b, 4);
    } else if (n > 0 && n < 4) {
        d[0] = s[0];
        d[n / 2] = s[n / 2];
        d[n - 1] = s[n - 1];
    } else if (n > 32) {
        memcpy(d, s, n);
    }
}

/*
 * Writes field p[0..n) at w as CSV (quoted when it must be, quotes doubled) and returns
 * the end. w has room for 2 * n + 2 bytes.
 */
static inline char *
odp_csvw_field(char *w, const char *p, size_t n)
{
    const char *e = p + n;

    if (!odp_csv_needs_quotes(p, n)) {
        odp_csvw_copy(w, p, n);
        return w + n;
    }
    *w++ = '"';
    while (p < e) {
        const char *qq = memchr(p, '"', (size_t)(e - p));
        size_t k = qq != NULL ? (size_t)(qq + 1 - p) : (size_t)(e - p);

        memcpy(w, p, k);
        w += k;
        p += k;
        if (qq != NULL) {
            *w++ = '"'; /* the quote doubled */
        }
    }
    *w++ = '"';
    return w;
}

#endif
