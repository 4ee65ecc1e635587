/*
 * sniff.c - the names of delimiters and encodings (odp/format.h), and what `init`
 * proposes for a file it has never seen: its delimiter and its encoding.
 *
 * The delimiter: for each candidate (`,` `;` TAB `|`) the first records are split
 * quote-aware (quote parity, as chunk.c splits records: a delimiter or LF between
 * quotes is data), and a candidate is consistent when every record has the header's
 * field count and that count is at least 2. Among the consistent ones the widest wins,
 * then the first in the order above; none consistent (one column, a ragged file) is
 * `,`, the default, and the reader says what is wrong.
 *
 * The encoding: the sniffed bytes are UTF-8 (a sequence cut by the end of the sample
 * is not held against it), or windows-1252 when they are not UTF-8 and none of them is
 * one of the five bytes windows-1252 leaves undefined; otherwise UTF-8 stays, and the
 * reader reports the first invalid byte.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "table_int.h"

#define SNIFF_RECORDS 200

const char *
odp_encoding_name(enum odp_encoding e)
{
    switch (e) {
    case ODP_ENC_UTF8:
        return "utf-8";
    case ODP_ENC_LATIN1:
        return "latin-1";
    case ODP_ENC_WINDOWS1252:
        return "windows-1252";
    case ODP_ENC_DEFAULT:
        break;
    }
    return NULL;
}

int
odp_encoding_from_name(const char *s)
{
    static const struct {
        const char *name;
        enum odp_encoding e;
    } names[] = {
        {"utf-8", ODP_ENC_UTF8},         {"utf8", ODP_ENC_UTF8},
        {"latin-1", ODP_ENC_LATIN1},     {"latin1", ODP_ENC_LATIN1},
        {"iso-8859-1", ODP_ENC_LATIN1},  {"windows-1252", ODP_ENC_WINDOWS1252},
        {"cp1252", ODP_ENC_WINDOWS1252},
    };
    size_t i;

    if (s == NULL) {
        return -1;
    }
    for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        if (strcasecmp(s, names[i].name) == 0) {
            return (int)names[i].e;
        }
    }
    return -1;
}

int
odp_delimiter_from_name(const char *s)
{
    if (s == NULL) {
        return -1;
    }
    if (strcasecmp(s, "tab") == 0 || strcmp(s, "\\t") == 0 || strcmp(s, "\t") == 0) {
        return '\t';
    }
    if (s[0] != '\0' && s[1] == '\0' && (s[0] == ',' || s[0] == ';' || s[0] == '|')) {
        return s[0];
    }
    return -1;
}

const char *
odp_delimiter_name(int d)
{
    switch (d) {
    case ',':
        return ",";
    case ';':
        return ";";
    case '|':
        return "|";
    case '\t':
        return "\\t";
    default:
        return NULL;
    }
}

/* Field count of each record for delimiter d; 1 when all records have the header's. */
static int
consistent(const char *p, size_t n, int d, size_t *fields, size_t *records)
{
    size_t i, nf = 1, want = 0, nrec = 0;
    int inq = 0;

    for (i = 0; i < n && nrec < SNIFF_RECORDS; i++) {
        char ch = p[i];

        if (ch == '"') {
            inq ^= 1;
        } else if (inq) {
            continue;
        } else if (ch == (char)d) {
            nf++;
        } else if (ch == '\n') {
            size_t end = i > 0 && p[i - 1] == '\r' ? i - 1 : i;

            if (end == 0 || p[end - 1] == '\n') {
                nf = 1; /* a blank line: the reader will say so */
                continue;
            }
            if (nrec == 0) {
                want = nf;
            } else if (nf != want) {
                return 0;
            }
            nrec++;
            nf = 1;
        }
    }
    if (i == n && !inq && nf > 1 && nrec < SNIFF_RECORDS) {
        /* a last record without a line end (when the caller said the input ends) */
        if (nrec == 0) {
            want = nf;
        } else if (nf != want) {
            return 0;
        }
        nrec++;
    }
    *fields = want;
    *records = nrec;
    return nrec > 0 && want >= 2;
}

/* Length of the valid UTF-8 prefix of p[0..n). */
static size_t
utf8_prefix(const char *p, size_t n)
{
    return odp_utf8_check(p, n, 0);
}

void
odp_sniff_bytes(const char *p, size_t n, int at_eof, struct odp_sniff *s)
{
    static const int cand[] = {',', ';', '\t', '|'};
    size_t i, body = n, best_f = 0, best_r = 0, ok;

    memset(s, 0, sizeof(*s));
    s->delimiter = ',';
    s->encoding = ODP_ENC_UTF8;
    s->bytes = n;
    for (i = 0; i < 4 && n >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0; i++) {
        p += 3;
        n -= 3;
        body = n;
    }
    if (!at_eof) {
        /* the last line may be cut: look only up to the last LF */
        while (body > 0 && p[body - 1] != '\n') {
            body--;
        }
    }
    for (i = 0; i < sizeof(cand) / sizeof(cand[0]); i++) {
        size_t f = 0, r = 0;

        if (consistent(p, at_eof ? n : body, cand[i], &f, &r) && f > best_f) {
            best_f = f;
            best_r = r;
            s->delimiter = cand[i];
            s->delimiter_found = 1;
        }
    }
    s->fields = best_f;
    s->records = best_r;
    ok = utf8_prefix(p, n);
    if (ok < n && (at_eof || n - ok >= 4)) {
        /* not UTF-8 (a sequence cut by the end of the sample is not counted) */
        for (i = 0; i < n; i++) {
            unsigned char b = (unsigned char)p[i];

            if (b == 0x81 || b == 0x8d || b == 0x8f || b == 0x90 || b == 0x9d) {
                return; /* not windows-1252 either: the reader reports the UTF-8 error */
            }
        }
        s->encoding = ODP_ENC_WINDOWS1252;
    }
}

int
odp_sniff_file(const char *path, struct odp_sniff *s, struct odp_err *err)
{
    char *buf = malloc(ODP_SNIFF_BYTES);
    size_t n = 0;
    int fd, eof = 0;

    if (buf == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        free(buf);
        return odp_err_sys(err, path, "cannot open");
    }
    while (n < ODP_SNIFF_BYTES) {
        ssize_t r = read(fd, buf + n, ODP_SNIFF_BYTES - n);

        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r < 0) {
            close(fd);
            free(buf);
            return odp_err_sys(err, path, "cannot read");
        }
        if (r == 0) {
            eof = 1;
            break;
        }
        n += (size_t)r;
    }
    close(fd);
    odp_sniff_bytes(buf, n, eof, s);
    free(buf);
    return ODP_OK;
}
