/*
 * detect_fold.c - the Unicode look-alikes the detectors fold before matching
 * (detect.c fold): fullwidth forms, dashes, spaces and invisible characters. Split from
 * detect.c (issue 22).
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "detect_int.h"

/*
 * Length of the UTF-8 look-alike at s[i] and its ASCII stand-in (*out; 0 = drop it):
 * fullwidth ASCII U+FF01..FF5E, the dashes U+2010..2015 and U+2212, the spaces U+00A0,
 * U+2000..200A, U+202F, U+3000, and the invisible U+200B..200D, U+2060, U+FEFF, U+00AD.
 * 0 when s[i] is none of these.
 */
size_t
odp_det_lookalike(const unsigned char *s, size_t n, size_t i, char *out)
{
    unsigned c0 = s[i], c1 = i + 1 < n ? s[i + 1] : 0, c2 = i + 2 < n ? s[i + 2] : 0;

    if (c0 == 0xC2 && (c1 == 0xA0 || c1 == 0xAD)) {
        *out = c1 == 0xA0 ? ' ' : 0;
        return 2;
    }
    if (c0 == 0xEF && c1 == 0xBC && c2 >= 0x81 && c2 <= 0xBF) {
        *out = (char)(c2 - 0x81 + 0x21); /* U+FF01..FF3F */
        return 3;
    }
    if (c0 == 0xEF && c1 == 0xBD && c2 >= 0x80 && c2 <= 0x9E) {
        *out = (char)(c2 - 0x80 + 0x60); /* U+FF40..FF5E */
        return 3;
    }
    if (c0 == 0xEF && c1 == 0xBB && c2 == 0xBF) {
        *out = 0;
        return 3;
    }
    if (c0 == 0xE2 && c1 == 0x80) {
        if (c2 >= 0x90 && c2 <= 0x95) {
            *out = '-';
            return 3;
        }
        if (c2 <= 0x8A || c2 == 0xAF) {
            *out = ' ';
            return 3;
        }
        if (c2 >= 0x8B && c2 <= 0x8D) {
            *out = 0;
            return 3;
        }
    }
    if (c0 == 0xE2 && c1 == 0x81 && c2 == 0xA0) {
        *out = 0;
        return 3;
    }
    if (c0 == 0xE2 && c1 == 0x88 && c2 == 0x92) {
        *out = '-';
        return 3;
    }
    if (c0 == 0xE3 && c1 == 0x80 && c2 == 0x80) {
        *out = ' ';
        return 3;
    }
    return 0;
}

/*
 * The text detectors match: s itself when it holds no byte >= 0x80, else a copy with
 * the look-alikes folded to ASCII and (*nmap)[i] the offset in s of folded byte i
 * (nmap[len] = n). Returns 0 or ODP_ENOMEM.
 */
int
odp_det_fold(char **nbuf, size_t **nmap, size_t *ncap, const char *s, size_t n, const char **fs,
             size_t *fn, struct odp_err *err)
{
    size_t i, k = 0;

    *fs = s;
    *fn = n;
    for (i = 0; i + 8 <= n; i += 8) { /* eight bytes at a time while all are ASCII */
        uint64_t x;

        memcpy(&x, s + i, 8);
        if ((x & 0x8080808080808080u) != 0) {
            break;
        }
    }
    for (; i < n; i++) {
        if ((unsigned char)s[i] >= 0x80) {
            break;
        }
    }
    if (i == n) {
        return ODP_OK;
    }
    if (*ncap < n + 1) {
        char *nb = realloc(*nbuf, n + 1);
        size_t *nm;

        if (nb == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        *nbuf = nb;
        nm = realloc(*nmap, (n + 1) * sizeof(*nm));
        if (nm == NULL) {
            return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
        }
        *nmap = nm;
        *ncap = n + 1;
    }
    for (i = 0; i < n;) {
        char c;
        size_t l =
            (unsigned char)s[i] >= 0x80 ? odp_det_lookalike((const unsigned char *)s, n, i, &c) : 0;

        if (l == 0) {
            (*nmap)[k] = i;
            (*nbuf)[k++] = s[i++];
            continue;
        }
        if (c != 0) {
            (*nmap)[k] = i;
            (*nbuf)[k++] = c;
        }
        i += l;
    }
    (*nmap)[k] = n;
    *fs = *nbuf;
    *fn = k;
    return ODP_OK;
}
