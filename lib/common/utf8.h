/*
 * utf8.h - small UTF-8 helpers for the hot paths (inline). Validation of whole inputs
 * is the table layer's (odp_utf8_check); these only step over characters.
 */
#ifndef ODP_UTF8_H
#define ODP_UTF8_H

#include <stddef.h>

/* Length in bytes of the UTF-8 character starting at s[i] (i < n): its lead byte and up
 * to three continuation bytes; 1 for a stray continuation byte. */
static inline size_t
odp_u8_seqlen(const char *s, size_t n, size_t i)
{
    size_t j = i + 1;

    while (j < n && ((unsigned char)s[j] & 0xC0) == 0x80 && j - i < 4) {
        j++;
    }
    return j - i;
}

#endif
