/*
 * portal_html.c - the portal's pages: the catalog (index.html) and one page per dataset,
 * plain HTML with no inline script (a strict Content-Security-Policy holds). Every
 * string from a package reaches a page only through odp_html_escape.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "buf.h"
#include "fs.h"
#include "portal_int.h"
#include "table.h"

static const char *const csp =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'";

static void rawf(struct page *p, const char *fmt, ...) ODP_PRINTF(2, 3);

static int
odp_html_escape(struct odp_buf *b, const char *s, size_t n, struct odp_err *err)
{
    size_t i, run = 0;
    int rc = ODP_OK;

    for (i = 0; i < n && rc == ODP_OK; i++) {
        const char *rep = NULL;

        switch (s[i]) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            break;
        }
        if (rep != NULL) {
            rc = odp_buf_add(b, s + run, i - run, err);
            if (rc == ODP_OK) {
                rc = odp_buf_adds(b, rep, err);
            }
            run = i + 1;
        }
    }
    if (rc == ODP_OK) {
        rc = odp_buf_add(b, s + run, n - run, err);
    }
    return rc;
}

static void
raw(struct page *p, const char *s)
{
    if (p->rc == ODP_OK) {
        p->rc = odp_buf_adds(&p->b, s, NULL);
    }
}

static void
rawf(struct page *p, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    int n;

    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(tmp)) {
        p->rc = p->rc != ODP_OK ? p->rc : ODP_EINTERNAL;
        return;
    }
    raw(p, tmp);
}

/* Escaped text; NULL prints nothing. */
static void
esc(struct page *p, const char *s)
{
    if (p->rc == ODP_OK && s != NULL) {
        p->rc = odp_html_escape(&p->b, s, strlen(s), NULL);
    }
}

static void
escn(struct page *p, const char *s, size_t n)
{
    if (p->rc == ODP_OK) {
        p->rc = odp_html_escape(&p->b, s, n, NULL);
    }
}

/* 12345 -> "12,345" */
void
portal_fmt_count(uint64_t v, char out[32])
{
    char d[24];
    int n = snprintf(d, sizeof(d), "%" PRIu64, v);
    int i, o = 0;

    for (i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0) {
            out[o++] = ',';
        }
        out[o++] = d[i];
    }
    out[o] = '\0';
}

/* "15.1 KB" with integer math (1 KB = 1000 bytes), one decimal. */
static void
fmt_size(uint64_t v, char out[32])
{
    static const char *const unit[] = {"bytes", "KB", "MB", "GB", "TB", "PB"};
    uint64_t whole = v, tenth = 0;
    int u = 0;

    if (v < 1000) {
        snprintf(out, 32, "%" PRIu64 " bytes", v);
        return;
    }
    while (whole >= 1000 && u < 5) {
        tenth = (whole % 1000) / 100;
        whole /= 1000;
        u++;
    }
    snprintf(out, 32, "%" PRIu64 ".%" PRIu64 " %s", whole, tenth, unit[u]);
}

/* Writes `p` (a finished page) to dir/rel. */
int
portal_put_page(const char *dir, const char *rel, struct page *p, struct odp_err *err)
{
    char *path;
    int rc;

    if (p->rc != ODP_OK) {
        return odp_errf(err, p->rc, &(struct odp_loc){rel, 0, 0}, "cannot render page");
    }
    path = odp_path_join(dir, rel);
    if (path == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    rc = odp_write_file(path, p->b.p != NULL ? p->b.p : "", p->b.len, NULL, err);
    free(path);
    return rc;
}

/* Cuts a cell for the preview at a UTF-8 boundary. */
static size_t
cut_utf8(const char *p, size_t n, size_t max)
{
    if (n <= max) {
        return n;
    }
    while (max > 0 && ((unsigned char)p[max] & 0xC0) == 0x80) {
        max--;
    }
    return max;
}

int
portal_render_preview(const char *csv, struct pkg *k, size_t want, struct odp_err *err)
{
    struct odp_table *t = odp_table_open(csv, ODP_FMT_CSV, 0, err);
    const struct odp_row *h;
    struct odp_row row;
    struct page p;
    size_t i;
    int rc;

    if (t == NULL) {
        return err != NULL && err->code != ODP_OK ? err->code : ODP_EIO;
    }
    odp_buf_init(&p.b, PAGE_MAX);
    p.rc = ODP_OK;
    h = odp_table_header(t);
    k->csv_cols = h->n;
    raw(&p, "<div class=\"scroll\" role=\"region\" aria-labelledby=\"preview-h\" tabindex=\"0\">\n"
            "<table class=\"preview\">\n<thead>\n<tr>");
    for (i = 0; i < h->n; i++) {
        raw(&p, "<th scope=\"col\">");
        escn(&p, h->f[i].p, h->f[i].len);
        raw(&p, "</th>");
    }
    raw(&p, "</tr>\n</thead>\n<tbody>\n");
    while (k->preview_rows < want && (rc = odp_table_next(t, &row, err)) == ODP_OK) {
        raw(&p, "<tr>");
        for (i = 0; i < row.n; i++) {
            size_t n = cut_utf8(row.f[i].p, row.f[i].len, CELL_SHOW);

            raw(&p, "<td>");
            escn(&p, row.f[i].p, n);
            if (n < row.f[i].len) {
                raw(&p, "\xE2\x80\xA6");
            }
            raw(&p, "</td>");
        }
        raw(&p, "</tr>\n");
        k->preview_rows++;
    }
    if (k->preview_rows < want && rc != ODP_END) {
        odp_table_free(t);
        odp_buf_release(&p.b);
        return rc;
    }
    raw(&p, "</tbody>\n</table>\n</div>\n");
    odp_table_free(t);
    if (p.rc != ODP_OK) {
        odp_buf_release(&p.b);
        return odp_errf(err, p.rc, NULL, "cannot render the preview");
    }
    k->preview = odp_buf_take(&p.b);
    if (k->preview == NULL) {
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    return ODP_OK;
}

static void
head(struct page *p, const char *title, const char *pfx)
{
    raw(p, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
           "<meta http-equiv=\"Content-Security-Policy\" content=\"");
    raw(p, csp);
    raw(p, "\">\n<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
    esc(p, title);
    raw(p, "</title>\n<link rel=\"stylesheet\" href=\"");
    raw(p, pfx);
    raw(p, "assets/style.css\">\n<link rel=\"icon\" href=\"");
    raw(p, pfx);
    raw(p, "assets/favicon.svg\" type=\"image/svg+xml\">\n</head>\n<body>\n"
           "<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
           "<header class=\"site\"><p class=\"brand\"><a href=\"");
    raw(p, pfx);
    raw(p, "index.html\">Open Data catalog</a></p></header>\n<main id=\"main\">\n");
}

static void
foot(struct page *p, const char *pfx, const char *key_id, const char *const *scripts)
{
    size_t i;

    raw(p, "</main>\n<footer class=\"site\">\n<p>Every dataset here was checked against the "
           "agency's signing key (key ID <code>");
    esc(p, key_id);
    raw(p, "</code>, <a href=\"");
    raw(p, pfx);
    raw(p, "agency.pub\">agency.pub</a>) when this site was built. Machine-readable catalogs: "
           "<a href=\"");
    raw(p, pfx);
    raw(p, "data.json\">data.json</a> (DCAT-US) and <a href=\"");
    raw(p, pfx);
    raw(p, "catalog.json\">catalog.json</a>. Built with odpub.</p>\n</footer>\n");
    for (i = 0; scripts[i] != NULL; i++) {
        raw(p, "<script src=\"");
        raw(p, pfx);
        raw(p, "assets/");
        raw(p, scripts[i]);
        raw(p, "\"></script>\n");
    }
    raw(p, "</body>\n</html>\n");
}

static int
cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Unique sorted values of a per-package string, as <option>s. */
static void
options(struct page *p, const struct dataset *ds, size_t n, const char *(*get)(const struct pkg *))
{
    const char **v = calloc(n + 1, sizeof(*v));
    size_t i;

    if (v == NULL) {
        p->rc = ODP_ENOMEM;
        return;
    }
    for (i = 0; i < n; i++) {
        v[i] = get(ds[i].v[0]);
    }
    qsort(v, n, sizeof(*v), cmp_str);
    for (i = 0; i < n; i++) {
        if (v[i][0] == '\0' || (i > 0 && strcmp(v[i], v[i - 1]) == 0)) {
            continue;
        }
        raw(p, "<option value=\"");
        esc(p, v[i]);
        raw(p, "\">");
        esc(p, v[i]);
        raw(p, "</option>\n");
    }
    free(v);
}

static const char *
pkg_category(const struct pkg *k)
{
    return portal_or_empty(portal_jstr(k->portal, "category"));
}

static void
tags(struct page *p, const struct pkg *k)
{
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(k->portal, "tags");
    const cJSON *it;
    int any = 0;

    raw(p, "<ul class=\"tags\">");
    cJSON_ArrayForEach(it, t)
    {
        if (cJSON_IsString(it) && it->valuestring != NULL) {
            raw(p, "<li>");
            esc(p, it->valuestring);
            raw(p, "</li>");
            any = 1;
        }
    }
    if (!any) {
        raw(p, "<li>none</li>");
    }
    raw(p, "</ul>");
}

static void
rows_text(struct page *p, int64_t rows)
{
    char n[32];

    if (rows < 0) {
        raw(p, "not stated");
        return;
    }
    portal_fmt_count((uint64_t)rows, n);
    raw(p, n);
}

/*
 * Opens the facts list both pages share (agency, category, tags, update frequency, rows,
 * release date); the caller adds its own facts and closes the list.
 */
static void
facts_open(struct page *p, const struct pkg *k)
{
    raw(p, "<dl class=\"facts\">\n<div><dt>Agency</dt><dd>");
    esc(p, portal_pkg_agency(k));
    raw(p, "</dd></div>\n<div><dt>Category</dt><dd>");
    esc(p, pkg_category(k));
    raw(p, "</dd></div>\n<div><dt>Tags</dt><dd>");
    tags(p, k);
    raw(p, "</dd></div>\n<div><dt>Update frequency</dt><dd>");
    esc(p, portal_pkg_freq(k));
    raw(p, "</dd></div>\n<div><dt>Rows</dt><dd>");
    rows_text(p, portal_pkg_rows(k));
    raw(p, "</dd></div>\n<div><dt>Released</dt><dd><time datetime=\"");
    esc(p, portal_pkg_date(k));
    raw(p, "\">");
    esc(p, portal_pkg_date(k));
    raw(p, "</time></dd></div>\n");
}

/* report.json's weaker_than_baseline (release --allow-weaker): the findings, or NULL. */
static const cJSON *
weaker_list(const struct pkg *k)
{
    const cJSON *w = cJSON_GetObjectItemCaseSensitive(k->report, "weaker_than_baseline");

    return cJSON_IsArray(w) && cJSON_GetArraySize(w) > 0 ? w : NULL;
}

/* A release made with --allow-weaker says so at the top of its page, with the findings. */
static void
weaker_notice(struct page *p, const struct pkg *k)
{
    const cJSON *w = weaker_list(k), *it;

    if (w == NULL) {
        return;
    }
    raw(p, "<div class=\"notice weaker\" role=\"note\" id=\"weaker\">\n<p><strong>Weaker than "
           "its baseline.</strong> This release was made with <code>--allow-weaker</code>: its "
           "policy treats some columns less strictly than the baseline policy it extends "
           "requires. The package records why:</p>\n<ul>\n");
    cJSON_ArrayForEach(it, w)
    {
        raw(p, "<li>");
        esc(p, cJSON_IsString(it) ? it->valuestring : "(not text)");
        raw(p, "</li>\n");
    }
    raw(p, "</ul>\n</div>\n");
}

int
portal_write_index(const char *tmp, const struct dataset *ds, size_t n, const char *key_id,
                   struct odp_err *err)
{
    static const char *const scripts[] = {"catalog.js", NULL};
    struct page p;
    size_t i;
    int rc;

    odp_buf_init(&p.b, PAGE_MAX);
    p.rc = ODP_OK;
    head(&p, "Open Data catalog", "");
    raw(&p, "<h1>Open Data catalog</h1>\n");
    rawf(&p,
         "<p>%zu dataset%s, each published as a signed package. Every page lists what "
         "was removed or coarsened to protect people's privacy.</p>\n",
         n, n == 1 ? "" : "s");
    raw(&p, "<form class=\"filters\" id=\"filters\" role=\"search\" hidden>\n"
            "<div class=\"field\"><label for=\"q\">Search</label>"
            "<input type=\"search\" id=\"q\" name=\"q\" autocomplete=\"off\"></div>\n"
            "<div class=\"field\"><label for=\"agency\">Agency</label>"
            "<select id=\"agency\" name=\"agency\"><option value=\"\">All agencies</option>\n");
    options(&p, ds, n, portal_pkg_agency);
    raw(&p, "</select></div>\n<div class=\"field\"><label for=\"category\">Category</label>"
            "<select id=\"category\" name=\"category\">"
            "<option value=\"\">All categories</option>\n");
    options(&p, ds, n, pkg_category);
    raw(&p, "</select></div>\n</form>\n"
            "<p id=\"count\" class=\"count\" role=\"status\" aria-live=\"polite\"></p>\n"
            "<ul class=\"catalog\" id=\"catalog\">\n");
    for (i = 0; i < n; i++) {
        const struct pkg *k = ds[i].v[0];

        raw(&p, "<li class=\"ds\" data-agency=\"");
        esc(&p, portal_pkg_agency(k));
        raw(&p, "\" data-category=\"");
        esc(&p, pkg_category(k));
        raw(&p, "\">\n<article>\n<h2><a href=\"datasets/");
        esc(&p, ds[i].id);
        raw(&p, ".html\">");
        esc(&p, portal_pkg_title(k));
        raw(&p, "</a></h2>\n<p>");
        esc(&p, portal_jstr(k->portal, "description"));
        raw(&p, "</p>\n");
        facts_open(&p, k);
        raw(&p, "<div><dt>Versions</dt><dd class=\"versions-count\">");
        rawf(&p, "%zu", ds[i].nv);
        raw(&p, "</dd></div>\n</dl>\n</article>\n</li>\n");
    }
    raw(&p, "</ul>\n<p id=\"none\" class=\"none\" hidden>No dataset matches.</p>\n");
    foot(&p, "", key_id, scripts);
    rc = portal_put_page(tmp, "index.html", &p, err);
    odp_buf_release(&p.b);
    return rc;
}

/* report.json's column entry for `name`, or NULL. */
static const cJSON *
report_col(const struct pkg *k, const char *name)
{
    const cJSON *cols = cJSON_GetObjectItemCaseSensitive(k->report, "columns");
    const cJSON *c;

    cJSON_ArrayForEach(c, cols)
    {
        const char *n = portal_jstr(c, "name");

        if (n != NULL && strcmp(n, name) == 0) {
            return c;
        }
    }
    return NULL;
}

static void
dictionary(struct page *p, const struct pkg *k)
{
    size_t i;

    raw(p, "<div class=\"scroll\" role=\"region\" aria-labelledby=\"dict-h\" tabindex=\"0\">\n"
           "<table class=\"dict\">\n<thead>\n<tr><th scope=\"col\">Column</th>"
           "<th scope=\"col\">Type</th><th scope=\"col\">Description</th>"
           "<th scope=\"col\">Privacy treatment</th><th scope=\"col\">Values changed</th></tr>\n"
           "</thead>\n<tbody>\n");
    for (i = 0; i < k->ndict; i++) {
        const struct dict_row *d = &k->dict[i];
        const cJSON *rc = report_col(k, portal_or_empty(d->f[0]));
        const char *action = rc != NULL ? portal_jstr(rc, "action") : NULL;
        int dropped = rc == NULL && d->f[3] != NULL && strncmp(d->f[3], "dropped", 7) == 0;
        int64_t changed = rc != NULL ? portal_jint(rc, "changed") : -1;

        raw(p, dropped ? "<tr class=\"dropped\">" : "<tr>");
        raw(p, "<th scope=\"row\"><code>");
        esc(p, d->f[0]);
        raw(p, "</code></th><td data-label=\"Type\">");
        esc(p, d->f[1] != NULL && d->f[1][0] != '\0' ? d->f[1] : "\xE2\x80\x94");
        raw(p, "</td><td data-label=\"Description\">");
        esc(p, d->f[2]);
        raw(p, "</td><td class=\"treatment\" data-label=\"Privacy treatment\" data-column=\"");
        esc(p, d->f[0]);
        raw(p, "\">");
        if (action != NULL || dropped) {
            raw(p, "<span class=\"action action-");
            esc(p, dropped ? "drop" : action);
            raw(p, "\">");
            esc(p, dropped ? "drop" : action);
            raw(p, "</span> ");
        }
        esc(p, d->f[3]);
        raw(p, "</td><td class=\"num\" data-label=\"Values changed\">");
        if (dropped) {
            raw(p, "not published");
        } else {
            rows_text(p, changed);
        }
        raw(p, "</td></tr>\n");
    }
    raw(p, "</tbody>\n</table>\n</div>\n");
}

static void
fact_u(struct page *p, const char *label, int64_t v)
{
    raw(p, "<div><dt>");
    raw(p, label);
    raw(p, "</dt><dd>");
    rows_text(p, v);
    raw(p, "</dd></div>\n");
}

/* One fact with a text value (escaped); nothing when the value is absent. */
static void
fact_s(struct page *p, const char *label, const char *v)
{
    if (v == NULL) {
        return;
    }
    raw(p, "<div><dt>");
    raw(p, label);
    raw(p, "</dt><dd>");
    esc(p, v);
    raw(p, "</dd></div>\n");
}

/* privacy.differential_privacy of report.json (docs/PRIVACY-MODELS.md), when present. */
static void
dp_facts(struct page *p, const cJSON *d)
{
    if (!cJSON_IsObject(d)) {
        return;
    }
    fact_s(p, "Differential privacy (mechanism)", portal_jstr(d, "mechanism"));
    fact_s(p, "Epsilon spent by this release", portal_jstr(d, "epsilon_spent"));
    fact_s(p, "Epsilon left in the privacy budget", portal_jstr(d, "epsilon_left"));
    if (portal_jint(d, "margin_of_error_95") >= 0) {
        fact_u(p, "95 % margin of error of a noisy count (+/-)",
               portal_jint(d, "margin_of_error_95"));
    }
}

static void
privacy_summary(struct page *p, const struct pkg *k)
{
    const cJSON *rows = portal_jobj(k->report, "rows");
    const cJSON *pr = portal_jobj(k->report, "privacy");
    const cJSON *drop = cJSON_GetObjectItemCaseSensitive(k->report, "dropped_columns");
    const cJSON *dw = cJSON_GetObjectItemCaseSensitive(k->report, "drop_when");
    const cJSON *qi = cJSON_GetObjectItemCaseSensitive(pr, "quasi_identifiers");
    const cJSON *it;
    int64_t kk = portal_jint(pr, "k");
    int any = 0;

    raw(p, "<dl class=\"facts privacy\">\n");
    fact_u(p, "Rows in the source extract", portal_jint(rows, "in"));
    fact_u(p, "Rows published", portal_jint(rows, "out"));
    fact_u(p, "Rows dropped by rule", portal_jint(rows, "dropped"));
    fact_u(p, "Rows suppressed (k-anonymity)", portal_jint(rows, "suppressed"));
    raw(p, "<div><dt>Columns not published</dt><dd>");
    cJSON_ArrayForEach(it, drop)
    {
        if (cJSON_IsString(it)) {
            raw(p, any ? ", " : "");
            raw(p, "<code class=\"dropped-col\">");
            esc(p, it->valuestring);
            raw(p, "</code>");
            any = 1;
        }
    }
    raw(p, any ? "</dd></div>\n" : "none</dd></div>\n");
    if (kk > 0) {
        fact_u(p, "k required", kk);
        fact_u(p, "k reached (smallest group of rows sharing quasi-identifiers)",
               portal_jint(pr, "k_reached"));
        raw(p, "<div><dt>Quasi-identifiers</dt><dd>");
        any = 0;
        cJSON_ArrayForEach(it, qi)
        {
            if (cJSON_IsString(it)) {
                raw(p, any ? ", " : "");
                raw(p, "<code>");
                esc(p, it->valuestring);
                raw(p, "</code>");
                any = 1;
            }
        }
        raw(p, "</dd></div>\n");
    } else {
        raw(p, "<div><dt>k-anonymity</dt><dd>not applied</dd></div>\n");
    }
    if (portal_jint(pr, "small_cell_threshold") >= 0) {
        fact_u(p, "Small-cell threshold", portal_jint(pr, "small_cell_threshold"));
        fact_u(p, "Cells suppressed (below the threshold)",
               portal_jint(pr, "cells_suppressed_primary"));
        fact_u(p, "Cells suppressed (complementary)",
               portal_jint(pr, "cells_suppressed_complementary"));
    }
    dp_facts(p, cJSON_GetObjectItemCaseSensitive(pr, "differential_privacy"));
    cJSON_ArrayForEach(it, dw)
    {
        raw(p, "<div><dt>Rows dropped by a rule on <code>");
        esc(p, portal_jstr(it, "column"));
        raw(p, "</code></dt><dd>");
        rows_text(p, portal_jint(it, "rows"));
        raw(p, "</dd></div>\n");
    }
    raw(p, "</dl>\n");
}

static void
download_row(struct page *p, const char *href, const char *label, const uint8_t sha[32],
             uint64_t size)
{
    char hex[65], human[32], exact[32];

    odp_hex(sha, 32, hex);
    fmt_size(size, human);
    portal_fmt_count(size, exact);
    raw(p, "<tr><th scope=\"row\"><a href=\"../downloads/");
    esc(p, href);
    raw(p, "\" download>");
    esc(p, href);
    raw(p, "</a><br><span class=\"what\">");
    raw(p, label);
    raw(p, "</span></th><td class=\"num\">");
    raw(p, human);
    raw(p, "<br><span class=\"what\">");
    raw(p, exact);
    raw(p, " bytes</span></td><td><code class=\"hash\">");
    raw(p, hex);
    raw(p, "</code></td></tr>\n");
}

/* The newest release's downloads, near the top of the page (before the details). */
static void
download_top(struct page *p, const struct dataset *ds, const char *csvname)
{
    const struct pkg *k = ds->v[0];
    char human[32];

    raw(p, "<div class=\"get\" id=\"download\">\n<p><a class=\"button\" href=\"../downloads/");
    esc(p, csvname);
    raw(p, "\" download>Download CSV</a> ");
    fmt_size(k->size[2], human);
    raw(p, "<span class=\"what\">");
    raw(p, human);
    raw(p, "</span> <a class=\"button secondary\" href=\"../downloads/");
    esc(p, k->base);
    raw(p, "\" download>Signed package</a> <span class=\"what\">");
    fmt_size(k->size[0], human);
    raw(p, human);
    raw(p, "</span></p>\n<p class=\"what\">Latest release <time datetime=\"");
    esc(p, portal_pkg_date(k));
    raw(p, "\">");
    esc(p, portal_pkg_date(k));
    raw(p, "</time>");
    if (ds->nv > 1) {
        rawf(p, ", one of %zu (<a href=\"#versions-h\">all versions</a>)", ds->nv);
    }
    raw(p, ". <a href=\"#sig-h\">Check its signature</a>.</p>\n</div>\n");
}

/* The licence: Socrata's {name, termsLink} (a link only when it is http(s)). */
static void
license(struct page *p, const struct pkg *k)
{
    const cJSON *l = cJSON_GetObjectItemCaseSensitive(k->portal, "license");
    const char *name =
        cJSON_IsObject(l) ? portal_jstr(l, "name") : portal_jstr(k->portal, "license");
    const char *link = cJSON_IsObject(l) ? portal_jstr(l, "termsLink") : NULL;

    if (link != NULL && (strncmp(link, "https://", 8) == 0 || strncmp(link, "http://", 7) == 0)) {
        raw(p, "<a href=\"");
        esc(p, link);
        raw(p, "\">");
        esc(p, name != NULL ? name : link);
        raw(p, "</a>");
        return;
    }
    esc(p, portal_or_empty(name));
}

/* Table Schema type -> pandas dtype and readr column type. Every text-like type reads as
 * a string, so the leading zeros of ZIP codes, BINs, blocks and lots survive. */
static void
reader_types(const char *ts, const char **pd, const char **r)
{
    if (strcmp(ts, "integer") == 0) {
        *pd = "Int64";
        *r = "col_integer()";
    } else if (strcmp(ts, "number") == 0) {
        *pd = "float64";
        *r = "col_double()";
    } else if (strcmp(ts, "boolean") == 0) {
        *pd = "boolean";
        *r = "col_logical()";
    } else {
        *pd = "string";
        *r = "col_character()";
    }
}

/* A Python string literal body: escapes backslash and the quote (already HTML-escaped). */
static void
py_str(struct page *p, const char *s)
{
    const char *c;

    for (c = s; *c != '\0' && p->rc == ODP_OK; c++) {
        if (*c == '\\' || *c == '"') {
            raw(p, "\\");
        }
        if ((unsigned char)*c < 0x20) {
            rawf(p, "\\x%02x", (unsigned)(unsigned char)*c);
            continue;
        }
        escn(p, c, 1);
    }
}

/* "Read it with pandas / R": the column types of the data dictionary, spelled out. */
static void
read_snippet(struct page *p, const struct pkg *k, const char *csvname)
{
    size_t i, n = 0;
    const char *pd, *r;

    raw(p, "<section aria-labelledby=\"read-h\">\n<h2 id=\"read-h\">Read it with pandas or R"
           "</h2>\n<p>Give the column types, so codes keep their leading zeros (a ZIP code "
           "<code>01086</code> is not the number 1086) and suppressed cells stay empty.</p>\n"
           "<pre class=\"snippet\" id=\"snippet-pandas\"><code>import pandas as pd\n\n"
           "df = pd.read_csv(\"");
    py_str(p, csvname);
    raw(p, "\", keep_default_na=False, na_values=[\"\"], dtype={");
    for (i = 0; i < k->ndict; i++) {
        const struct dict_row *d = &k->dict[i];

        if (d->f[1] == NULL || d->f[1][0] == '\0') {
            continue; /* dropped: not in the file */
        }
        reader_types(d->f[1], &pd, &r);
        raw(p, n++ > 0 ? ",\n    \"" : "\n    \"");
        py_str(p, portal_or_empty(d->f[0]));
        raw(p, "\": \"");
        raw(p, pd);
        raw(p, "\"");
    }
    raw(p, "})</code></pre>\n<pre class=\"snippet\" id=\"snippet-r\"><code>library(readr)\n\n"
           "df &lt;- read_csv(\"");
    py_str(p, csvname);
    raw(p, "\", na = \"\", col_types = cols(");
    n = 0;
    for (i = 0; i < k->ndict; i++) {
        const struct dict_row *d = &k->dict[i];

        if (d->f[1] == NULL || d->f[1][0] == '\0') {
            continue;
        }
        reader_types(d->f[1], &pd, &r);
        raw(p, n++ > 0 ? ",\n  `" : "\n  `");
        esc(p, portal_or_empty(d->f[0]));
        raw(p, "` = ");
        raw(p, r);
    }
    raw(p, "\n))</code></pre>\n</section>\n");
}

/* Every release of the dataset, newest first, with what changed since the one before. */
static void
versions(struct page *p, const struct dataset *ds, const char *pub_b64)
{
    size_t i;

    raw(p, "<section aria-labelledby=\"versions-h\">\n<h2 id=\"versions-h\">Versions</h2>\n");
    rawf(p,
         "<p>%zu release%s of this dataset, newest first. Each is a signed package; what "
         "changed is computed by <code>odpub diff</code> from the two packages.</p>\n",
         ds->nv, ds->nv == 1 ? "" : "s");
    raw(p, "<ol class=\"versions\" id=\"versions\">\n");
    for (i = 0; i < ds->nv; i++) {
        const struct pkg *k = ds->v[i];
        char hex[65], rows[32];

        odp_hex(k->sha[0], 32, hex);
        raw(p, "<li class=\"version\" data-release=\"");
        esc(p, portal_pkg_date(k));
        raw(p, "\">\n<h3><time datetime=\"");
        esc(p, portal_pkg_date(k));
        raw(p, "\">");
        esc(p, portal_pkg_date(k));
        raw(p, "</time>");
        if (i == 0) {
            raw(p, " <span class=\"latest\">latest</span>");
        }
        raw(p, "</h3>\n<p><code>");
        esc(p, k->name);
        raw(p, "</code>");
        if (portal_pkg_rows(k) >= 0) {
            portal_fmt_count((uint64_t)portal_pkg_rows(k), rows);
            raw(p, ", ");
            raw(p, rows);
            raw(p, " rows");
        }
        raw(p, "</p>\n");
        if (weaker_list(k) != NULL) {
            rawf(p,
                 "<p class=\"weaker\"><strong>Weaker than its baseline:</strong> released "
                 "with <code>--allow-weaker</code> (%d finding%s recorded in the package).</p>\n",
                 cJSON_GetArraySize(weaker_list(k)),
                 cJSON_GetArraySize(weaker_list(k)) == 1 ? "" : "s");
        }
        raw(p, "<p class=\"changed");
        raw(p, ds->finding[i] ? " finding" : "");
        raw(p, "\"><strong>What changed:</strong> ");
        if (i + 1 == ds->nv) {
            raw(p, "first release on this site.");
        } else if (ds->changed[i] != NULL) {
            esc(p, ds->changed[i]);
        } else {
            raw(p, "not compared (the two packages could not be read side by side).");
        }
        raw(p, "</p>\n<p class=\"files\"><a href=\"../downloads/");
        esc(p, k->name);
        raw(p, ".csv\" download>CSV</a> \xC2\xB7 <a href=\"../downloads/");
        esc(p, k->base);
        raw(p, "\" download>package</a> \xC2\xB7 <a href=\"../downloads/");
        esc(p, k->base);
        raw(p, ".minisig\" download>signature</a> \xC2\xB7 SHA-256 <code class=\"hash\">");
        raw(p, hex);
        raw(p, "</code></p>\n<div class=\"verifier-mini\" hidden data-archive=\"../downloads/");
        esc(p, k->base);
        raw(p, "\" data-minisig=\"../downloads/");
        esc(p, k->base);
        raw(p, ".minisig\" data-pubkey=\"");
        esc(p, pub_b64);
        raw(p, "\"><button type=\"button\" class=\"verify-version\">Verify this version</button>"
               "<div class=\"result\" role=\"status\" aria-live=\"polite\"></div></div>\n"
               "</li>\n");
    }
    raw(p, "</ol>\n</section>\n");
}

int
portal_write_dataset(const char *tmp, const struct dataset *ds, const char *key_id,
                     const char *pub_b64, struct odp_err *err)
{
    static const char *const scripts[] = {"blake2b.js", "verify.js", NULL};
    const struct pkg *k = ds->v[0];
    struct page p;
    char *rel, csvname[NAME_MAX_LEN + 8], signame[NAME_MAX_LEN + 16], cnt[32];
    const cJSON *contact = portal_jobj(k->dcat, "contactPoint");
    const char *mail;
    int rc;

    snprintf(csvname, sizeof(csvname), "%s.csv", k->name);
    snprintf(signame, sizeof(signame), "%s.minisig", k->base);
    odp_buf_init(&p.b, PAGE_MAX);
    p.rc = ODP_OK;
    head(&p, portal_pkg_title(k), "../");
    raw(&p, "<nav class=\"crumbs\" aria-label=\"Breadcrumb\"><a href=\"../index.html\">Catalog</a>"
            " \xE2\x80\xBA ");
    esc(&p, portal_pkg_title(k));
    raw(&p, "</nav>\n<h1>");
    esc(&p, portal_pkg_title(k));
    raw(&p, "</h1>\n<p class=\"lead\">");
    esc(&p, portal_jstr(k->portal, "description"));
    raw(&p, "</p>\n");
    download_top(&p, ds, csvname);
    weaker_notice(&p, k);
    facts_open(&p, k);
    raw(&p, "<div><dt>License</dt><dd>");
    license(&p, k);
    raw(&p, "</dd></div>\n<div><dt>Contact</dt><dd>");
    esc(&p, portal_or_empty(portal_jstr(contact, "fn")));
    mail = portal_jstr(contact, "hasEmail");
    if (mail != NULL && strncmp(mail, "mailto:", 7) == 0) {
        raw(&p, " (");
        esc(&p, mail + 7);
        raw(&p, ")");
    }
    raw(&p, "</dd></div>\n<div><dt>Dataset identifier</dt><dd><code>");
    esc(&p, ds->id);
    raw(&p, "</code></dd></div>\n<div><dt>Package</dt><dd><code>");
    esc(&p, k->name);
    raw(&p, "</code></dd></div>\n</dl>\n");

    raw(&p, "<section aria-labelledby=\"dict-h\">\n<h2 id=\"dict-h\">Data dictionary and "
            "privacy treatment</h2>\n<p>Each column as published, and what was done to it "
            "before publication. Dropped columns are not in the data.</p>\n");
    dictionary(&p, k);
    raw(&p, "</section>\n");
    read_snippet(&p, k, csvname);
    raw(&p, "<section aria-labelledby=\"privacy-h\">\n<h2 id=\"privacy-h\">Privacy "
            "summary</h2>\n");
    privacy_summary(&p, k);
    raw(&p, "</section>\n<section aria-labelledby=\"preview-h\">\n"
            "<h2 id=\"preview-h\">Preview</h2>\n");
    portal_fmt_count(k->preview_rows, cnt);
    raw(&p, "<p>The first ");
    raw(&p, cnt);
    raw(&p, " rows of the published CSV");
    if (portal_pkg_rows(k) >= 0) {
        raw(&p, " (of ");
        rows_text(&p, portal_pkg_rows(k));
        raw(&p, ")");
    }
    raw(&p, ".</p>\n");
    raw(&p, k->preview);
    raw(&p, "</section>\n");

    raw(&p, "<section aria-labelledby=\"dl-h\">\n<h2 id=\"dl-h\">Downloads</h2>\n"
            "<div class=\"scroll\" role=\"region\" aria-labelledby=\"dl-h\" tabindex=\"0\">\n"
            "<table class=\"downloads\">\n<thead><tr><th scope=\"col\">File</th>"
            "<th scope=\"col\">Size</th><th scope=\"col\">SHA-256</th></tr></thead>\n<tbody>\n");
    download_row(&p, k->base, "signed package (BagIt bag)", k->sha[0], k->size[0]);
    download_row(&p, signame, "minisign signature of the package", k->sha[1], k->size[1]);
    download_row(&p, csvname, "the data alone (CSV, also inside the package)", k->sha[2],
                 k->size[2]);
    raw(&p, "</tbody>\n</table>\n</div>\n</section>\n");
    versions(&p, ds, pub_b64);

    raw(&p, "<section aria-labelledby=\"sig-h\">\n<h2 id=\"sig-h\">Signature</h2>\n"
            "<dl class=\"facts sig\">\n<div><dt>Signer key ID</dt><dd><code id=\"signer-key-id\">");
    esc(&p, key_id);
    raw(&p, "</code></dd></div>\n<div><dt>Agency public key</dt><dd><code class=\"hash\" "
            "id=\"agency-pubkey\">");
    esc(&p, pub_b64);
    raw(&p, "</code> (<a href=\"../agency.pub\">agency.pub</a>)</dd></div>\n"
            "<div><dt>Trusted comment (package archive)</dt><dd><code class=\"tc\">");
    esc(&p, k->archive_tc);
    raw(&p, "</code></dd></div>\n<div><dt>Trusted comment (bag manifest)</dt><dd><code "
            "class=\"tc\">");
    esc(&p, k->bag_tc);
    raw(&p, "</code></dd></div>\n</dl>\n");

    raw(&p, "<h3>Verify the package yourself</h3>\n<p>With <a href=\"https://jedisct1.github.io/"
            "minisign/\">minisign</a> (or <code>odpub verify</code>), after downloading the "
            "package and its signature:</p>\n<pre><code>minisign -V -P ");
    esc(&p, pub_b64);
    raw(&p, " -m ");
    esc(&p, k->base);
    raw(&p, "\nodpub verify ");
    esc(&p, k->base);
    raw(&p, " --pubkey agency.pub</code></pre>\n");
    raw(&p, "<div class=\"verifier\" id=\"verifier\" hidden data-archive=\"../downloads/");
    esc(&p, k->base);
    raw(&p, "\" data-minisig=\"../downloads/");
    esc(&p, signame);
    raw(&p, "\" data-pubkey=\"");
    esc(&p, pub_b64);
    raw(&p, "\" data-keyid=\"");
    esc(&p, key_id);
    raw(&p, "\" data-minisig-text=\"");
    esc(&p, k->sig_text);
    raw(&p, "\">\n<p>Or check it in this browser: the page loads the package and its signature "
            "and checks them against the agency key above (BLAKE2b-512 and Ed25519, nothing is "
            "sent anywhere).</p>\n"
            "<p><button type=\"button\" id=\"verify-btn\">Verify</button></p>\n"
            "<fieldset class=\"pick\">\n<legend>Or check files you downloaded</legend>\n"
            "<div class=\"field\"><label for=\"pick-archive\">Package archive</label>"
            "<input type=\"file\" id=\"pick-archive\"></div>\n"
            "<div class=\"field\"><label for=\"pick-sig\">Signature (.minisig; optional, "
            "defaults to the one published here)</label><input type=\"file\" id=\"pick-sig\" "
            "accept=\".minisig\"></div>\n"
            "<p><button type=\"button\" id=\"verify-files\">Verify chosen files</button></p>\n"
            "</fieldset>\n"
            "<div id=\"verify-result\" class=\"result\" role=\"status\" "
            "aria-live=\"polite\"></div>\n"
            "</div>\n</section>\n");
    foot(&p, "../", key_id, scripts);
    rel = malloc(strlen(ds->id) + 16);
    if (rel == NULL) {
        odp_buf_release(&p.b);
        return odp_errf(err, ODP_ENOMEM, NULL, "out of memory");
    }
    snprintf(rel, strlen(ds->id) + 16, "datasets/%s.html", ds->id);
    rc = portal_put_page(tmp, rel, &p, err);
    free(rel);
    odp_buf_release(&p.b);
    return rc;
}
