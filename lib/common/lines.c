/*
 * lines.c - the line splitter of lines.h.
 */
#include <string.h>

#include "lines.h"

int
odp_next_line(struct odp_lines *l, int flags, const char **s, size_t *n, int *nl)
{
    const char *q = l->p;
    int ended = 0;

    if (l->p >= l->end) {
        return 0;
    }
    l->lineno++;
    *s = l->p;
    if (flags & ODP_LINES_CR) {
        while (q < l->end && *q != '\n' && *q != '\r') {
            q++;
        }
        *n = (size_t)(q - l->p);
        if (q < l->end) {
            ended = 1;
            q += *q == '\r' && q + 1 < l->end && q[1] == '\n' ? 2 : 1;
        }
    } else {
        q = memchr(l->p, '\n', (size_t)(l->end - l->p));
        if (q != NULL) {
            ended = 1;
            *n = (size_t)(q - l->p);
            if (*n > 0 && (*s)[*n - 1] == '\r') {
                (*n)--;
            }
            q++;
        } else {
            *n = (size_t)(l->end - l->p);
            q = l->end;
        }
    }
    l->p = q;
    if (nl != NULL) {
        *nl = ended;
    }
    return 1;
}
