/*
 * init.c - draft a policy from a sample of a raw dataset (`odpub init`).
 *
 * One pass over the header and the first `sample` rows collects, per column: how many
 * values are non-empty, how many each detector finds something in (with the header as
 * column hint, so context-only detectors such as person_name and license can fire),
 * value shapes (spaces and length for free text, ZIP shape, numbers, dates the
 * generalizer accepts, "(lat, lon)" points) and the distinct values (64-bit hashes
 * with counts, bounded by the sample) for uniqueness. Then each column gets the first
 * rule that applies, in order of severity: names are dropped, SSNs/cards/phones/IPs
 * redacted, emails and licenses pseudonymized (linkable), free text scrubbed with
 * the detectors that fired, addresses generalized to the block, dates to the month,
 * ZIPs to 3 digits, coordinates rounded, the rest kept.
 *
 * Promises: the draft names a generalize/round action only when every sampled value is
 * one the action accepts (so a release of the sample does not stop on a value), YAML
 * keys are quoted whenever a column name is not a plain identifier, and no comment,
 * error or JSON member ever carries a cell value: only counts, percentages, detector
 * and column names. Memory grows with columns x sample, never with the file.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "actions.h"
#include "actions_int.h"
#include "lint.h"
#include "buf.h"
#include "json.h"
#include "fs.h"
#include "classify.h"
#include "detect.h"
#include "odp/init.h"
#include "policy.h"

#define INIT_DEFAULT_SAMPLE 10000u
#define INIT_YAML_MAX (64u << 20)

struct colstat {
    uint64_t nonempty, distinct, singles;
    uint64_t hits[ODP_DET__COUNT];
    char action[192];
    char reason[640];
    int qi;   /* 1 = quasi-identifier, 2 = candidate listed in a comment */
    int full; /* distinct count hit its cap: uniqueness is a lower bound */
};

void
odp_init_opts_init(struct odp_init_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->format = ODP_FMT_AUTO;
    o->sample = INIT_DEFAULT_SAMPLE;
}

void
odp_init_result_free(struct odp_init_result *res)
{
    if (res == NULL) {
        return;
    }
    free(res->yaml);
    free(res->json);
    free(res->read_faults);
    memset(res, 0, sizeof(*res));
}

/* ------------------------------------------------------------ helpers */

static int
is_alnum(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* Rounded percent of a over b; a few hits never show as 0 %, nor a few misses as 100 %. */
static unsigned
pct(uint64_t a, uint64_t b)
{
    unsigned p = b == 0 ? 0 : (unsigned)((a * 100 + b / 2) / b);

    if (p == 0 && a > 0) {
        return 1;
    }
    if (p == 100 && a < b) {
        return 99;
    }
    return p;
}

static void
say(struct colstat *c, const char *fmt, ...) ODP_PRINTF(2, 3);

static void
say(struct colstat *c, const char *fmt, ...)
{
    size_t l = strlen(c->reason);
    va_list ap;

    if (l + 3 >= sizeof(c->reason)) {
        return;
    }
    if (l > 0) {
        memcpy(c->reason + l, "; ", 3);
        l += 2;
    }
    va_start(ap, fmt);
    vsnprintf(c->reason + l, sizeof(c->reason) - l, fmt, ap);
    va_end(ap);
}

/* The classifier's verdict (classify.h) as the draft's action and "why" comment. */
static void
decide(struct colstat *c, const struct odp_cls_verdict *v)
{
    size_t i;

    snprintf(c->action, sizeof(c->action), "%s", v->action);
    c->reason[0] = '\0';
    if (v->why[0] != '\0') {
        say(c, "%s", v->why);
    }
    c->qi = v->qi;
    c->nonempty = v->nonempty;
    c->distinct = v->distinct;
    for (i = 0; i < ODP_DET__COUNT; i++) {
        c->hits[i] = v->hits[i];
    }
}

/* ------------------------------------------------------------ YAML */

static int
yaml_plain_ok(const char *s, size_t n)
{
    static const char *const reserved[] = {"y", "n", "yes", "no", "true", "false", "on",
                                           "off", "null", NULL};
    char low[8];
    size_t i;

    if (n == 0 || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z') ||
                    s[0] == '_')) {
        return 0;
    }
    for (i = 0; i < n; i++) {
        if (!is_alnum((unsigned char)s[i]) && s[i] != '_') {
            return 0;
        }
    }
    if (n < sizeof(low)) {
        for (i = 0; i < n; i++) {
            low[i] = (char)((s[i] >= 'A' && s[i] <= 'Z') ? s[i] - 'A' + 'a' : s[i]);
        }
        low[n] = '\0';
        for (i = 0; reserved[i] != NULL; i++) {
            if (strcmp(low, reserved[i]) == 0) {
                return 0;
            }
        }
    }
    return 1;
}

/* A column name as a YAML key: plain when safe, else double-quoted with escapes. */
static int
yaml_key(struct odp_buf *b, const char *s, size_t n, struct odp_err *err)
{
    size_t i;
    int rc = ODP_OK;

    if (yaml_plain_ok(s, n)) {
        return odp_buf_add(b, s, n, err);
    }
    rc = odp_buf_addc(b, '"', err);
    for (i = 0; i < n && rc == ODP_OK; i++) {
        unsigned char c = (unsigned char)s[i];

        if (c == '"' || c == '\\') {
            rc = odp_buf_addf(b, err, "\\%c", c);
        } else if (c < 0x20 || c == 0x7f) {
            rc = odp_buf_addf(b, err, "\\x%02x", c);
        } else if (c == 0xef && i + 2 < n && (unsigned char)s[i + 1] == 0xbb &&
                   (unsigned char)s[i + 2] == 0xbf) {
            rc = odp_buf_adds(b, "\\uFEFF", err); /* a BOM kept in a header name */
            i += 2;
        } else {
            rc = odp_buf_addc(b, (char)c, err);
        }
    }
    if (rc == ODP_OK) {
        rc = odp_buf_addc(b, '"', err);
    }
    return rc;
}

/* Policy name from the file name: "311 Service Requests.csv" -> 311-service-requests. */
static void
slugify(const char *path, char *out, size_t cap)
{
    const char *base = strrchr(path, '/');
    const char *dot;
    size_t i, n, o = 0;
    int dash = 0;

    base = base != NULL ? base + 1 : path;
    dot = strrchr(base, '.');
    n = dot != NULL && dot != base ? (size_t)(dot - base) : strlen(base);
    for (i = 0; i < n && o + 1 < cap && o < 100; i++) {
        unsigned char c = (unsigned char)base[i];

        if (is_alnum(c)) {
            if (dash && o > 0) {
                out[o++] = '-';
                if (o + 1 >= cap || o >= 100) {
                    break;
                }
            }
            dash = 0;
            out[o++] = (char)((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
        } else {
            dash = 1;
        }
    }
    if (o > 0 && out[o - 1] == '-') {
        o--;
    }
    out[o] = '\0';
    if (o == 0 || strcmp(path, "-") == 0) {
        snprintf(out, cap, "dataset");
    }
}

/* dataset.null_values: "" and the null tokens the sample held, when it held any. */
static int
write_nulls(struct odp_buf *b, const struct odp_cls *cls, struct odp_err *err)
{
    const char *tok[8];
    size_t n = odp_cls_null_tokens(cls, tok, 8), i;
    int rc;

    if (n == 0) {
        return ODP_OK;
    }
    rc = odp_buf_adds(b, "  null_values: [\"\"", err);
    for (i = 0; rc == ODP_OK && i < n; i++) {
        rc = odp_buf_addf(b, err, ", \"%s\"", tok[i]); /* from a fixed list: no quote */
    }
    return rc == ODP_OK
               ? odp_buf_adds(b, "]  # cells that mean no value, published as they are\n", err)
               : rc;
}

/*
 * What a tolerant read met that release's reader refuses: one line per kind, "LINE:COL:
 * what (N records, the first here)", earliest first. NULL when nothing (or no memory:
 * the caller reports that).
 */
static char *
faults_text(const struct odp_table *t, struct odp_err *err, int *rc)
{
    struct odp_read_faults f;
    struct odp_buf b;
    int done[ODP_FAULT_N] = {0};
    int k, next;
    char *text;

    odp_buf_init(&b, (size_t)ODP_FAULT_N * 128);
    odp_table_faults(t, &f);
    *rc = ODP_OK;
    for (;;) {
        next = -1;
        for (k = 0; k < ODP_FAULT_N; k++) {
            if (f.count[k] > 0 && !done[k] &&
                (next < 0 || f.line[k] < f.line[next] ||
                 (f.line[k] == f.line[next] && f.col[k] < f.col[next]))) {
                next = k;
            }
        }
        if (next < 0) {
            break;
        }
        done[next] = 1;
        *rc = odp_buf_addf(&b, err, "%llu:%llu: %s (%llu record%s, the first here)\n",
                           (unsigned long long)f.line[next], (unsigned long long)f.col[next],
                           odp_read_fault_name((enum odp_read_fault)next),
                           (unsigned long long)f.count[next], f.count[next] == 1 ? "" : "s");
        if (*rc < 0) {
            odp_buf_release(&b);
            return NULL;
        }
    }
    if (b.len == 0) {
        return NULL;
    }
    text = odp_buf_take(&b);
    if (text == NULL) {
        *rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    return text;
}

/* A value of NUL bytes only (an export's empty value, read tolerantly) is empty. */
static size_t
nul_empty(const char *p, size_t n)
{
    size_t i = 0;

    while (i < n && p[i] == '\0') {
        i++;
    }
    return i == n ? 0 : n;
}

/* The faults as YAML comments under the draft's header. */
static int
write_faults(struct odp_buf *b, const char *faults, struct odp_err *err)
{
    const char *p = faults, *nl;
    int rc;

    if (faults == NULL) {
        return ODP_OK;
    }
    rc = odp_buf_adds(b,
                      "# The data has faults that release and audit refuse (they name each "
                      "one's line\n# and column): fix them in the file first. This draft read "
                      "them as pandas does.\n",
                      err);
    while (rc == ODP_OK && (nl = strchr(p, '\n')) != NULL) {
        rc = odp_buf_addf(b, err, "#   at %.*s\n", (int)(nl - p), p);
        p = nl + 1;
    }
    return rc;
}

/*
 * How the input was read, when not the defaults: dataset.delimiter and dataset.encoding
 * with the evidence (sniffed, or given on the command line). `rd` holds what was used.
 */
static int
write_reading(struct odp_buf *b, const struct odp_read_opts *rd, const struct odp_sniff *sn,
              int given_delim, int given_enc, struct odp_err *err)
{
    int rc = ODP_OK;

    if (rd->delimiter != 0 && rd->delimiter != ',') {
        if (given_delim) {
            rc = odp_buf_addf(b, err, "  delimiter: \"%s\"  # given with --delimiter\n",
                              odp_delimiter_name(rd->delimiter));
        } else {
            rc = odp_buf_addf(b, err,
                              "  delimiter: \"%s\"  # sniffed: splits the first %zu records "
                              "(quote-aware) into %zu fields each; `,` does not\n",
                              odp_delimiter_name(rd->delimiter), sn->records, sn->fields);
        }
    }
    if (rc == ODP_OK && rd->encoding != ODP_ENC_DEFAULT && rd->encoding != ODP_ENC_UTF8) {
        if (given_enc) {
            rc = odp_buf_addf(b, err, "  encoding: %s  # given with --encoding\n",
                              odp_encoding_name(rd->encoding));
        } else {
            rc = odp_buf_addf(b, err,
                              "  encoding: %s  # detected: the first %zu bytes are not valid "
                              "UTF-8 and every byte is defined in windows-1252 (transcoded to "
                              "UTF-8 on read; check accented names in the output)\n",
                              odp_encoding_name(rd->encoding), sn->bytes);
        }
    }
    return rc;
}

static int
write_yaml(struct odp_buf *b, const char *path, const char *slug, const struct odp_row *hdr,
           struct colstat *cs, uint64_t rows, const struct odp_cls *cls,
           const struct odp_read_opts *rd, const struct odp_sniff *sn, int given_delim,
           int given_enc, const char *faults, struct odp_err *err)
{
    size_t i, nqi = 0, ncand = 0;
    int rc;

    rc = write_faults(b, faults, err);
    rc = rc < 0 ? rc
                : odp_buf_addf(b, err,
                               "# Draft policy written by `odpub init` from %llu sampled rows.\n"
                               "# Review every column before a release: suggestions come from the "
                               "headers and\n"
                               "# from the sampled values; identifiers may appear in rows not "
                               "sampled.\n"
                               "odpub: 1\n"
                               "name: %s\n"
                               "dataset:\n"
                               "  title: \"TODO: title\"\n"
                               "  description: \"TODO: what one row is, what was removed\"\n"
                               "  agency: \"TODO: publishing agency\"\n"
                               "  category: \"TODO: portal category\"\n"
                               "  update_frequency: \"TODO: daily, weekly, ...\"\n"
                               "  license: \"TODO: license\"\n"
                               "  contact: \"TODO: contact address\"\n",
                               (unsigned long long)rows, slug);
    if (rc == ODP_OK) {
        rc = write_nulls(b, cls, err);
    }
    if (rc == ODP_OK) {
        rc = write_reading(b, rd, sn, given_delim, given_enc, err);
    }
    if (rc == ODP_OK) {
        rc = odp_buf_adds(b,
                          "keys:\n"
                          "  pseudonym: env:ODPUB_PSEUDONYM_KEY\n"
                          "default: reject\n"
                          "columns:\n",
                          err);
    }
    (void)path;
    for (i = 0; i < hdr->n && rc == ODP_OK; i++) {
        rc = odp_buf_adds(b, "  ", err);
        if (rc == ODP_OK) {
            rc = yaml_key(b, hdr->f[i].p, hdr->f[i].len, err);
        }
        if (rc == ODP_OK) {
            rc = odp_buf_addf(b, err, ": {%s}", cs[i].action);
        }
        if (rc == ODP_OK && cs[i].reason[0] != '\0') {
            rc = odp_buf_addf(b, err, "  # %s", cs[i].reason);
        }
        if (rc == ODP_OK) {
            rc = odp_buf_addc(b, '\n', err);
        }
        nqi += cs[i].qi == 1;
        ncand += cs[i].qi != 0;
    }
    if (rc < 0 || ncand == 0) {
        return rc;
    }
    rc = odp_buf_adds(b,
                      "# Quasi-identifier candidates; unique = share of sampled values seen "
                      "once (before\n"
                      "# generalization). Dates are candidates only: add one if its month\n"
                      "# together with the others is still rare enough to matter.\n",
                      err);
    for (i = 0; i < hdr->n && rc == ODP_OK; i++) {
        uint64_t s;

        if (cs[i].qi == 0) {
            continue;
        }
        s = cs[i].singles;
        rc = odp_buf_adds(b, "#   ", err);
        if (rc == ODP_OK) {
            rc = yaml_key(b, hdr->f[i].p, hdr->f[i].len, err);
        }
        if (rc == ODP_OK) {
            rc = odp_buf_addf(b, err, ": %llu distinct%s, %u %% of values unique%s\n",
                              (unsigned long long)cs[i].distinct, cs[i].full ? "+" : "",
                              pct(s, cs[i].nonempty), cs[i].qi == 1 ? "" : " (candidate)");
        }
    }
    if (rc < 0 || nqi == 0) {
        return rc;
    }
    rc = odp_buf_adds(b, "privacy:\n  quasi_identifiers: [", err);
    for (i = 0, nqi = 0; i < hdr->n && rc == ODP_OK; i++) {
        if (cs[i].qi != 1) {
            continue;
        }
        if (nqi++ > 0) {
            rc = odp_buf_adds(b, ", ", err);
        }
        if (rc == ODP_OK) {
            rc = yaml_key(b, hdr->f[i].p, hdr->f[i].len, err);
        }
    }
    if (rc == ODP_OK) {
        rc = odp_buf_adds(b, "]\n  k: 5\n  on_violation: suppress\n", err);
    }
    return rc;
}

/* "read_faults": [{"fault", "records", "line", "col"}] in the order of odp_read_fault */
static int
add_faults(cJSON *root, const struct odp_read_faults *f)
{
    cJSON *arr = cJSON_AddArrayToObject(root, "read_faults");
    int k, ok = arr != NULL;

    for (k = 0; ok && k < ODP_FAULT_N; k++) {
        cJSON *o;

        if (f->count[k] == 0) {
            continue;
        }
        o = cJSON_CreateObject();
        ok = o != NULL && cJSON_AddItemToArray(arr, o);
        ok = ok && odp_json_add_str(o, "fault", odp_read_fault_name((enum odp_read_fault)k)) == 0;
        ok = ok && odp_json_add_u64(o, "records", f->count[k]) == 0;
        ok = ok && odp_json_add_u64(o, "line", f->line[k]) == 0;
        ok = ok && odp_json_add_u64(o, "col", f->col[k]) == 0;
    }
    return ok;
}

static int
build_json(struct odp_init_result *res, const char *slug, const struct odp_row *hdr,
           const struct colstat *cs, const struct odp_read_faults *rf, struct odp_err *err)
{
    cJSON *root = cJSON_CreateObject(), *cols = NULL, *qis = NULL;
    size_t i;
    int j, ok = root != NULL;

    ok = ok && odp_json_add_str(root, "name", slug) == 0;
    ok = ok && odp_json_add_u64(root, "rows_sampled", res->rows_sampled) == 0;
    ok = ok && add_faults(root, rf);
    if (ok) {
        cols = cJSON_AddArrayToObject(root, "columns");
        ok = cols != NULL;
    }
    for (i = 0; ok && i < hdr->n; i++) {
        cJSON *c = cJSON_CreateObject(), *h = NULL;
        char *name = NULL;

        ok = c != NULL && cJSON_AddItemToArray(cols, c);
        if (ok) {
            name = strndup(hdr->f[i].p, hdr->f[i].len);
            ok = name != NULL && odp_json_add_str(c, "name", name) == 0;
            free(name);
        }
        ok = ok && odp_json_add_str(c, "action", cs[i].action + strlen("action: ")) == 0;
        ok = ok && odp_json_add_str(c, "reason", cs[i].reason) == 0;
        ok = ok && odp_json_add_u64(c, "nonempty", cs[i].nonempty) == 0;
        if (ok) {
            h = cJSON_AddObjectToObject(c, "hits");
            ok = h != NULL;
        }
        for (j = 0; ok && j < ODP_DET__COUNT; j++) {
            if (cs[i].hits[j] > 0) {
                ok = odp_json_add_u64(h, odp_detector_name((enum odp_detector)j),
                                      pct(cs[i].hits[j], cs[i].nonempty)) == 0;
            }
        }
    }
    if (ok) {
        qis = cJSON_AddArrayToObject(root, "quasi_identifiers");
        ok = qis != NULL;
    }
    for (i = 0; ok && i < hdr->n; i++) {
        if (cs[i].qi == 1) {
            char *name = strndup(hdr->f[i].p, hdr->f[i].len);
            cJSON *s = name != NULL ? cJSON_CreateString(name) : NULL;

            free(name);
            ok = s != NULL && cJSON_AddItemToArray(qis, s);
        }
    }
    ok = ok && odp_json_add_str(root, "policy", res->yaml) == 0;
    if (ok) {
        res->json = odp_json_render(root);
        ok = res->json != NULL;
    }
    cJSON_Delete(root);
    return ok ? ODP_OK : odp_errf(err, ODP_ENOMEM, NULL, "out of memory writing init JSON");
}

/* The action, generalize kind and date unit of a drafted "action: X, to: Y" text. */
static void
parse_action(const char *text, enum odp_action *a, enum odp_gen_kind *gen, enum odp_date_unit *unit)
{
    static const struct {
        const char *word;
        enum odp_date_unit u;
    } units[] = {{"year", ODP_DATE_YEAR}, {"month", ODP_DATE_MONTH}, {"day", ODP_DATE_DAY},
                 {"hour", ODP_DATE_HOUR}, {"week", ODP_DATE_WEEK}};
    char word[32];
    const char *to;
    size_t n = 0, i;
    int ai;

    *a = ODP_ACT_KEEP;
    *gen = 0;
    *unit = 0;
    if (strncmp(text, "action: ", 8) == 0) {
        text += 8;
    }
    while (text[n] != '\0' && text[n] != ',' && n + 1 < sizeof(word)) {
        word[n] = text[n];
        n++;
    }
    word[n] = '\0';
    ai = odp_action_from_name(word);
    *a = ai >= 0 ? (enum odp_action)ai : ODP_ACT_KEEP;
    if (*a != ODP_ACT_GENERALIZE) {
        return;
    }
    to = strstr(text, "to: ");
    *gen = strstr(text, "digits:") != NULL ? ODP_GEN_ZIP : ODP_GEN_NUMBER;
    for (i = 0; to != NULL && i < sizeof(units) / sizeof(units[0]); i++) {
        if (strncmp(to + 4, units[i].word, strlen(units[i].word)) == 0) {
            *gen = ODP_GEN_DATE;
            *unit = units[i].u;
        }
    }
    if (to != NULL && strncmp(to + 4, "block", 5) == 0) {
        *gen = ODP_GEN_BLOCK;
    }
}

/*
 * Never drafts a column weaker than the citywide baseline: where the suggestion does
 * not meet a matching category, the least treatment that does replaces it (drop when
 * allowed, else redact, else the category's first allowed action; dates to its minimum
 * unit), and the comment says so.
 */
static void
enforce_baseline(struct colstat *c, const char *name, const struct odp_policy *base,
                 const struct odp_cls_verdict *v)
{
    enum odp_action a;
    enum odp_gen_kind gen;
    enum odp_date_unit unit;
    size_t k;

    for (k = 0; base != NULL && k < base->ncats; k++) {
        const struct odp_baseline_cat *cat = &base->cats[k];
        int pick;

        parse_action(c->action, &a, &gen, &unit);
        if (cat->allowed == 0 || !odp_check_matches(cat, name) ||
            odp_check_enough(cat, a, gen, unit)) {
            continue;
        }
        if (v->cleared && ((v->kind == ODP_CLS_KEEP && (a == ODP_ACT_KEEP || a == ODP_ACT_SCRUB)) ||
                           (v->kind == ODP_CLS_DATE && !v->protect && cat->min_date_unit == 0 &&
                            a == ODP_ACT_GENERALIZE && gen == ODP_GEN_DATE))) {
            /* the name matches the category but the values say otherwise: keep it, and
             * say so where check and the privacy officer will see it */
            if (strstr(c->action, "exempt:") == NULL) {
                size_t l = strlen(c->action);

                snprintf(c->action + l, sizeof(c->action) - l,
                         ", exempt: \"baseline '%s' matched the name only; the values are not "
                         "one (see the comment)\"",
                         cat->category);
            }
            say(c, "baseline category '%s' matched by name; exempt by the values", cat->category);
            continue;
        }
        if (a == ODP_ACT_GENERALIZE && gen == ODP_GEN_DATE && cat->min_date_unit != 0 &&
            (cat->allowed & (1u << ODP_ACT_GENERALIZE)) != 0) {
            snprintf(c->action, sizeof(c->action), "action: generalize, to: %s",
                     odp_date_unit_name(cat->min_date_unit));
        } else {
            pick = (cat->allowed & (1u << ODP_ACT_DROP)) ? ODP_ACT_DROP
                   : (cat->allowed & (1u << ODP_ACT_REDACT)) ? ODP_ACT_REDACT
                                                              : -1;
            for (pick = pick < 0 ? 0 : pick; pick < ODP_ACT__COUNT && (cat->allowed & (1u << pick)) == 0;
                 pick++) {
            }
            snprintf(c->action, sizeof(c->action), "action: %s",
                     odp_action_name((enum odp_action)pick));
        }
        say(c, "baseline category '%s' needs at least this", cat->category);
    }
}

/* The citywide baseline when it can be found (NULL otherwise: the draft is unlinted). */
static struct odp_policy *
load_baseline(void)
{
    struct odp_policy *p = NULL;
    char *path = NULL;

    if (odp_policy_search("nyc-baseline", NULL, NULL, &path) == 1) {
        p = odp_policy_load(path, NULL, NULL);
    }
    free(path);
    return p;
}

int
odp_init_draft(const struct odp_init_opts *o, struct odp_init_result *res, struct odp_err *err)
{
    struct odp_table *t = NULL;
    struct odp_read_opts rd;
    struct odp_read_faults rf;
    struct odp_sniff sn;
    enum odp_input_format fmt;
    struct odp_cls *cls = NULL;
    struct odp_policy *base;
    struct colstat *cs = NULL;
    const struct odp_row *hdr;
    struct odp_row row;
    struct odp_buf y;
    char slug[128];
    char **hints = NULL;
    size_t i;
    int rc = ODP_OK;

    odp_buf_init(&y, INIT_YAML_MAX);
    if (o == NULL || res == NULL || o->data == NULL) {
        return odp_errf(err, ODP_EINVAL, NULL, "init: no data file given");
    }
    memset(res, 0, sizeof(*res));
    memset(&sn, 0, sizeof(sn));
    rd.delimiter = o->delimiter;
    rd.encoding = o->encoding;
    rd.tolerant = 1; /* a draft of a file with faults is still a draft */
    if (strcmp(o->data, "-") != 0 && (o->delimiter == 0 || o->encoding == ODP_ENC_DEFAULT)) {
        /* what the file is read as: sniffed from its first bytes unless given */
        rc = odp_sniff_file(o->data, &sn, err);
        if (rc < 0) {
            return rc;
        }
        fmt = o->format != ODP_FMT_AUTO ? o->format : odp_input_format_of_path(o->data);
        if (rd.delimiter == 0 && fmt == ODP_FMT_CSV && sn.delimiter_found) {
            rd.delimiter = sn.delimiter;
        }
        if (rd.encoding == ODP_ENC_DEFAULT) {
            rd.encoding = sn.encoding;
        }
    }
    t = odp_table_open_opts(o->data, o->format, 0, &rd, err);
    if (t == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EIO;
    }
    hdr = odp_table_header(t);
    cs = calloc(hdr->n == 0 ? 1 : hdr->n, sizeof(*cs));
    hints = calloc(hdr->n == 0 ? 1 : hdr->n, sizeof(*hints));
    if (cs == NULL || hints == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory for %zu columns", hdr->n);
        goto out;
    }
    for (i = 0; i < hdr->n; i++) {
        /* The header view is valid until free; the classifier needs NUL-terminated copies. */
        hints[i] = strndup(hdr->f[i].p, hdr->f[i].len);
        if (hints[i] == NULL) {
            rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory for column names");
            goto out;
        }
    }
    cls = odp_cls_new(hdr->n, (const char *const *)hints, err);
    if (cls == NULL) {
        rc = err != NULL && err->code != ODP_OK ? err->code : ODP_ENOMEM;
        goto out;
    }
    while (o->sample == 0 || res->rows_sampled < o->sample) {
        rc = odp_table_next(t, &row, err);
        if (rc == ODP_END) {
            rc = ODP_OK;
            break;
        }
        if (rc < 0) {
            goto out;
        }
        res->rows_sampled++;
        for (i = 0; i < row.n && i < hdr->n; i++) {
            rc = odp_cls_observe(cls, i, row.f[i].p, nul_empty(row.f[i].p, row.f[i].len), err);
            if (rc < 0) {
                goto out;
            }
        }
    }
    rc = odp_cls_decide(cls, err);
    if (rc < 0) {
        goto out;
    }
    base = load_baseline();
    for (i = 0; i < hdr->n; i++) {
        const struct odp_cls_verdict *v = odp_cls_verdict(cls, i);

        decide(&cs[i], v);
        cs[i].singles = odp_cls_singles(cls, i);
        cs[i].full = v->distinct_capped;
        enforce_baseline(&cs[i], hints[i], base, v);
    }
    odp_policy_free(base);
    slugify(o->data, slug, sizeof(slug));
    res->read_faults = faults_text(t, err, &rc);
    if (rc < 0) {
        goto out;
    }
    rc = write_yaml(&y, o->data, slug, hdr, cs, res->rows_sampled, cls, &rd, &sn, o->delimiter != 0,
                    o->encoding != ODP_ENC_DEFAULT, res->read_faults, err);
    if (rc < 0) {
        goto out;
    }
    res->yaml_len = y.len;
    res->yaml = odp_buf_take(&y);
    res->columns = hdr->n;
    if (res->yaml == NULL) {
        rc = odp_errf(err, ODP_ENOMEM, NULL, "out of memory writing the draft");
        goto out;
    }
    odp_table_faults(t, &rf);
    rc = build_json(res, slug, hdr, cs, &rf, err);
out:
    if (hints != NULL) {
        for (i = 0; i < hdr->n; i++) {
            free(hints[i]);
        }
    }
    free(cs);
    free(hints);
    odp_buf_release(&y);
    odp_cls_free(cls);
    odp_table_free(t);
    if (rc < 0) {
        odp_init_result_free(res);
    }
    return rc;
}
