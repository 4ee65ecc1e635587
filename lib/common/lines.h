/*
 * lines.h - the one line splitter for the small text formats odpub parses: BagIt tag
 * files (bagit.txt, bag-info.txt, manifests, fetch.txt) and minisign key and signature
 * files. It only cuts; each parser judges what a line holds and where it may end.
 */
#ifndef ODP_COMMON_LINES_H
#define ODP_COMMON_LINES_H

#include <stddef.h>
#include <stdint.h>

/* The rest of a text being split, and how many lines were taken (the last one's number). */
struct odp_lines {
    const char *p, *end;
    uint64_t lineno;
};

/* How a line ends: LF or CR LF always; with ODP_LINES_CR a lone CR too (BagIt allows
 * all three). Without it a lone CR stays inside the line for the caller to refuse. */
#define ODP_LINES_CR 1

static inline void
odp_lines_init(struct odp_lines *l, const char *text, size_t len)
{
    l->p = text;
    l->end = text + len;
    l->lineno = 0;
}

/*
 * Takes the next line into *s, *n, without its end; *nl (may be NULL) is 1 when an end
 * was found, 0 for a last line without one. Returns 1 and counts the line, or 0 (nothing
 * taken) at the end of the text. The line points into the text.
 */
int odp_next_line(struct odp_lines *l, int flags, const char **s, size_t *n, int *nl);

#endif
