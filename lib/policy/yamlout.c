/*
 * yamlout.c - the YAML the policy writer emits, one scalar at a time: double-quoted
 * strings with every escape a reader could fold or reject, and numbers as the shortest
 * decimal that reads back. Used by write.c and by each action's write-back (actions.c).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actions.h"
#include "out.h"

/* A double-quoted YAML string; escapes everything a YAML reader could fold or reject. */
void
odp_yaml_put_q(struct odp_out *o, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    const unsigned char *p = (const unsigned char *)s;

    odp_out_putc(o, '"');
    for (; *p != '\0'; p++) {
        unsigned char ch = *p;

        if (ch == '"' || ch == '\\') {
            odp_out_putc(o, '\\');
            odp_out_putc(o, (char)ch);
        } else if (ch == '\n') {
            odp_out_puts(o, "\\n");
        } else if (ch == '\t') {
            odp_out_puts(o, "\\t");
        } else if (ch == '\r') {
            odp_out_puts(o, "\\r");
        } else if (ch < 0x20 || ch == 0x7f) {
            char e[4] = {'\\', 'x', hex[ch >> 4], hex[ch & 15]};

            odp_out_write(o, e, 4);
        } else if (ch == 0xc2 && p[1] == 0x85) {
            odp_out_puts(o, "\\N"); /* NEL is a line break to YAML */
            p++;
        } else if (ch == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
            /* C1 controls: YAML reads them only as escapes. */
            char e[6] = {'\\', 'u', '0', '0', hex[p[1] >> 4], hex[p[1] & 15]};

            odp_out_write(o, e, 6);
            p++;
        } else if (ch == 0xef && p[1] == 0xbf && (p[2] == 0xbe || p[2] == 0xbf)) {
            odp_out_puts(o, p[2] == 0xbe ? "\\uFFFE" : "\\uFFFF"); /* not YAML-printable */
            p += 2;
        } else if (ch == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
            odp_out_puts(o, p[2] == 0xa8 ? "\\L" : "\\P");
            p += 2;
        } else if (ch == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
            odp_out_puts(o, "\\uFEFF");
            p += 2;
        } else {
            odp_out_putc(o, (char)ch);
        }
    }
    odp_out_putc(o, '"');
}

/*
 * Shortest decimal text that reads back to v. Integral values print as integers; others
 * take the fewest significant digits (up to 17) that round-trip. The locale is always
 * "C" (setlocale is banned), so the bytes do not depend on the environment.
 */
void
odp_yaml_put_num(struct odp_out *o, double v)
{
    char buf[40];
    int prec;

    if (v == 0) {
        odp_out_putc(o, '0');
        return;
    }
    if (v == trunc(v) && fabs(v) < 9007199254740992.0) {
        odp_out_printf(o, "%lld", (long long)v);
        return;
    }
    for (prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof(buf), "%.*g", prec, v);
        if (strtod(buf, NULL) == v) {
            break;
        }
    }
    odp_out_puts(o, buf);
}

void
odp_yaml_put_kv_q(struct odp_out *o, const char *indent, const char *key, const char *val)
{
    odp_out_printf(o, "%s%s: ", indent, key);
    odp_yaml_put_q(o, val);
    odp_out_putc(o, '\n');
}

void
odp_yaml_put_strv(struct odp_out *o, char *const *v, size_t n)
{
    size_t i;

    odp_out_putc(o, '[');
    for (i = 0; i < n; i++) {
        if (i > 0) {
            odp_out_puts(o, ", ");
        }
        odp_yaml_put_q(o, v[i]);
    }
    odp_out_putc(o, ']');
}
