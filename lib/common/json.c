/*
 * json.c - deterministic rendering of cJSON trees.
 *
 * cJSON's own printer indents with tabs and formats doubles with %g; packages must be
 * byte-stable and readable, so we render ourselves: 2-space indents, keys in insertion
 * order, numbers as stored raw text (odp_json_add_u64 / _fixed) or integral doubles.
 */
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "json.h"

int
odp_json_add_u64(cJSON *obj, const char *name, uint64_t v)
{
    char num[32];

    snprintf(num, sizeof(num), "%" PRIu64, v);
    return cJSON_AddRawToObject(obj, name, num) != NULL ? ODP_OK : ODP_ENOMEM;
}

int
odp_json_add_fixed(cJSON *obj, const char *name, double v, int decimals)
{
    char num[64];

    if (!isfinite(v)) {
        return cJSON_AddNullToObject(obj, name) != NULL ? ODP_OK : ODP_ENOMEM;
    }
    snprintf(num, sizeof(num), "%.*f", decimals, v);
    return cJSON_AddRawToObject(obj, name, num) != NULL ? ODP_OK : ODP_ENOMEM;
}

int
odp_json_add_str(cJSON *obj, const char *name, const char *s)
{
    cJSON *it = s != NULL ? cJSON_AddStringToObject(obj, name, s)
                          : cJSON_AddNullToObject(obj, name);

    return it != NULL ? ODP_OK : ODP_ENOMEM;
}

cJSON *
odp_json_strv(char *const *v, size_t n)
{
    cJSON *a = cJSON_CreateArray();
    size_t i;

    for (i = 0; a != NULL && i < n; i++) {
        cJSON *s = cJSON_CreateString(v[i]);

        if (s == NULL || !cJSON_AddItemToArray(a, s)) {
            cJSON_Delete(s);
            cJSON_Delete(a);
            return NULL;
        }
    }
    return a;
}

static int
put_str(struct odp_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    int rc = odp_buf_addc(b, '"', NULL);

    for (; rc == ODP_OK && *p != '\0'; p++) {
        switch (*p) {
        case '"': rc = odp_buf_adds(b, "\\\"", NULL); break;
        case '\\': rc = odp_buf_adds(b, "\\\\", NULL); break;
        case '\n': rc = odp_buf_adds(b, "\\n", NULL); break;
        case '\r': rc = odp_buf_adds(b, "\\r", NULL); break;
        case '\t': rc = odp_buf_adds(b, "\\t", NULL); break;
        case '\b': rc = odp_buf_adds(b, "\\b", NULL); break;
        case '\f': rc = odp_buf_adds(b, "\\f", NULL); break;
        default:
            if (*p < 0x20) {
                rc = odp_buf_addf(b, NULL, "\\u%04x", *p);
            } else {
                rc = odp_buf_addc(b, (char)*p, NULL);
            }
        }
    }
    if (rc == ODP_OK) {
        rc = odp_buf_addc(b, '"', NULL);
    }
    return rc;
}

static int
indent(struct odp_buf *b, int depth)
{
    int rc = ODP_OK;
    int i;

    for (i = 0; i < depth && rc == ODP_OK; i++) {
        rc = odp_buf_adds(b, "  ", NULL);
    }
    return rc;
}

static int
render(struct odp_buf *b, const cJSON *it, int depth)
{
    const cJSON *c;
    int rc = ODP_OK;
    int first = 1;

    if (cJSON_IsRaw(it)) {
        return odp_buf_adds(b, it->valuestring, NULL);
    }
    if (cJSON_IsString(it)) {
        return put_str(b, it->valuestring);
    }
    if (cJSON_IsNumber(it)) {
        double d = it->valuedouble;

        if (isfinite(d) && d == floor(d) && fabs(d) < 9007199254740992.0) {
            return odp_buf_addf(b, NULL, "%.0f", d);
        }
        return isfinite(d) ? odp_buf_addf(b, NULL, "%.17g", d) : odp_buf_adds(b, "null", NULL);
    }
    if (cJSON_IsBool(it)) {
        return odp_buf_adds(b, cJSON_IsTrue(it) ? "true" : "false", NULL);
    }
    if (cJSON_IsNull(it)) {
        return odp_buf_adds(b, "null", NULL);
    }
    if (cJSON_IsArray(it) || cJSON_IsObject(it)) {
        int obj = cJSON_IsObject(it);

        if (it->child == NULL) {
            return odp_buf_adds(b, obj ? "{}" : "[]", NULL);
        }
        rc = odp_buf_addc(b, obj ? '{' : '[', NULL);
        for (c = it->child; c != NULL && rc == ODP_OK; c = c->next) {
            rc = odp_buf_adds(b, first ? "\n" : ",\n", NULL);
            first = 0;
            if (rc == ODP_OK) {
                rc = indent(b, depth + 1);
            }
            if (rc == ODP_OK && obj) {
                rc = put_str(b, c->string != NULL ? c->string : "");
                if (rc == ODP_OK) {
                    rc = odp_buf_adds(b, ": ", NULL);
                }
            }
            if (rc == ODP_OK) {
                rc = render(b, c, depth + 1);
            }
        }
        if (rc == ODP_OK) {
            rc = odp_buf_addc(b, '\n', NULL);
        }
        if (rc == ODP_OK) {
            rc = indent(b, depth);
        }
        if (rc == ODP_OK) {
            rc = odp_buf_addc(b, obj ? '}' : ']', NULL);
        }
        return rc;
    }
    return odp_buf_adds(b, "null", NULL);
}

char *
odp_json_render(const cJSON *root)
{
    struct odp_buf b;

    odp_buf_init(&b, (size_t)1 << 30);
    if (render(&b, root, 0) != ODP_OK || odp_buf_addc(&b, '\n', NULL) != ODP_OK) {
        odp_buf_release(&b);
        return NULL;
    }
    return odp_buf_take(&b);
}
