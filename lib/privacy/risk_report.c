/*
 * risk_report.c - the readable risk report: one self-contained HTML file with inline SVG
 * (no script, no font, no fetch), written into a package as metadata/risk-report.html.
 *
 * It shows what report.json holds, for people: the models required and reached, records
 * at risk per model before and after, the class-size histogram before and after, the level
 * chosen per quasi-identifier with the rule applied, and the search's figures. Only
 * counts, names from the policy (escaped) and treatment texts appear: never a cell value.
 * Readable on a phone: fluid layout, SVG scaled to the width.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fs.h"

#include "risk_report.h"

static int
esc(struct odp_buf *b, const char *s, struct odp_err *err)
{
    int rc = ODP_OK;

    for (; s != NULL && *s != '\0' && rc == ODP_OK; s++) {
        switch (*s) {
        case '&':
            rc = odp_buf_adds(b, "&amp;", err);
            break;
        case '<':
            rc = odp_buf_adds(b, "&lt;", err);
            break;
        case '>':
            rc = odp_buf_adds(b, "&gt;", err);
            break;
        case '"':
            rc = odp_buf_adds(b, "&quot;", err);
            break;
        case '\'':
            rc = odp_buf_adds(b, "&#39;", err);
            break;
        default:
            rc = odp_buf_addc(b, *s, err);
        }
    }
    return rc;
}

static const char CSS[] =
    "body{font:16px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;"
    "color:#1b1b1b;background:#fff}"
    "main{max-width:60rem;margin:0 auto;padding:1rem}"
    "h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:1.5rem 0 .5rem;"
    "border-bottom:2px solid #ddd}"
    ".cards{display:flex;flex-wrap:wrap;gap:.5rem}"
    ".card{flex:1 1 9rem;border:1px solid #ccc;border-radius:6px;padding:.5rem}"
    ".card b{display:block;font-size:1.4rem}"
    ".tbl{overflow-x:auto}table{border-collapse:collapse;width:100%}"
    "th,td{text-align:left;padding:.3rem .4rem;border-bottom:1px solid #e3e3e3;"
    "vertical-align:top}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".ok{color:#136f2b;font-weight:600}.bad{color:#a4161a;font-weight:600}"
    "svg{width:100%;max-width:34rem;height:auto;display:block}"
    ".legend span{display:inline-block;width:.8rem;height:.8rem;margin:0 .3rem 0 .8rem;"
    "vertical-align:middle}"
    "footer{color:#555;font-size:.85rem;margin:2rem 0 1rem}";

#define COL_BEFORE "#9aa5b1"
#define COL_AFTER "#1f6feb"
#define COL_SUP "#d1495b"

static int
num(struct odp_buf *b, double v, struct odp_err *err)
{
    if (!isfinite(v)) {
        return odp_buf_adds(b, "&#8734;", err);
    }
    if (v == floor(v) && fabs(v) < 1e15) {
        return odp_buf_addf(b, err, "%.0f", v);
    }
    return odp_buf_addf(b, err, "%.4g", v);
}

static int
model_row(struct odp_buf *b, const char *name, const char *detail,
          const struct odp_risk_model *before, const struct odp_risk_model *after, const char *cmp,
          struct odp_err *err)
{
    int rc = odp_buf_adds(b, "<tr><td>", err);

    rc = rc == ODP_OK ? esc(b, name, err) : rc;
    if (rc == ODP_OK && detail != NULL) {
        rc = odp_buf_adds(b, "<br><small>", err);
        rc = rc == ODP_OK ? esc(b, detail, err) : rc;
        rc = rc == ODP_OK ? odp_buf_adds(b, "</small>", err) : rc;
    }
    rc = rc == ODP_OK ? odp_buf_addf(b, err, "</td><td class=n>%s ", cmp) : rc;
    rc = rc == ODP_OK ? num(b, after->required, err) : rc;
    if (rc == ODP_OK && after->required_c > 0) {
        rc = odp_buf_adds(b, " (c ", err);
        rc = rc == ODP_OK ? num(b, after->required_c, err) : rc;
        rc = rc == ODP_OK ? odp_buf_adds(b, ")", err) : rc;
    }
    rc = rc == ODP_OK ? odp_buf_adds(b, "</td><td class=n>", err) : rc;
    rc = rc == ODP_OK ? num(b, after->reached, err) : rc;
    rc = rc == ODP_OK ? odp_buf_addf(b, err,
                                     "</td><td class=n>%llu</td><td class=n>%llu</td>"
                                     "<td class=n>%llu</td><td class=ok>met</td></tr>\n",
                                     (unsigned long long)before->rows_failing,
                                     (unsigned long long)after->classes_failing,
                                     (unsigned long long)after->rows_failing)
                      : rc;
    return rc;
}

/* Horizontal bars: one group per label, two bars (before / after) per group. */
static int
bars(struct odp_buf *b, const char *title, size_t n, const char *const *labels, const uint64_t *v0,
     const uint64_t *v1, const uint64_t *v1sup, struct odp_err *err)
{
    uint64_t max = 1;
    size_t i;
    const int lw = 100, W = 420, bh = 14, gh = 2 * bh + 10;
    int rc, H = (int)n * gh + 10;

    for (i = 0; i < n; i++) {
        max = v0[i] > max ? v0[i] : max;
        max = v1[i] > max ? v1[i] : max;
    }
    rc = odp_buf_addf(b, err, "<svg viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"", W, H);
    rc = rc == ODP_OK ? esc(b, title, err) : rc;
    rc = rc == ODP_OK ? odp_buf_adds(b, "\">", err) : rc;
    for (i = 0; rc == ODP_OK && i < n; i++) {
        int y = (int)i * gh + 5;
        double w0 = (double)(W - lw - 60) * (double)v0[i] / (double)max;
        double w1 = (double)(W - lw - 60) * (double)v1[i] / (double)max;
        double ws = v1sup != NULL ? (double)(W - lw - 60) * (double)v1sup[i] / (double)max : 0;

        rc = odp_buf_addf(b, err, "<text x=\"0\" y=\"%d\" font-size=\"14\">", y + bh + 4);
        rc = rc == ODP_OK ? esc(b, labels[i], err) : rc;
        rc = rc == ODP_OK
                 ? odp_buf_addf(b, err,
                                "</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                                "fill=\"" COL_BEFORE "\"/><text x=\"%.1f\" y=\"%d\" "
                                "font-size=\"12\">%llu</text>"
                                "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                                "fill=\"" COL_AFTER "\"/>"
                                "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                                "fill=\"" COL_SUP "\"/><text x=\"%.1f\" y=\"%d\" "
                                "font-size=\"12\">%llu</text>",
                                lw, y, w0, bh, lw + w0 + 4, y + bh - 3, (unsigned long long)v0[i],
                                lw, y + bh + 2, w1, bh, lw, y + bh + 2, ws, bh, lw + w1 + 4,
                                y + 2 * bh - 1, (unsigned long long)v1[i])
                 : rc;
    }
    return rc == ODP_OK ? odp_buf_adds(b, "</svg>\n", err) : rc;
}

static int
legend(struct odp_buf *b, int sup, const char *after, struct odp_err *err)
{
    int rc = odp_buf_addf(b, err,
                          "<p class=legend><span style=\"background:" COL_BEFORE
                          "\"></span>at the finest levels<span style=\"background:" COL_AFTER
                          "\"></span>%s",
                          after);

    if (rc == ODP_OK && sup) {
        rc = odp_buf_adds(b, "<span style=\"background:" COL_SUP "\"></span>suppressed", err);
    }
    return rc == ODP_OK ? odp_buf_adds(b, "</p>\n", err) : rc;
}

int
odp_risk_report_html(const struct odp_risk_summary *s, const struct odp_risk_html_in *in,
                     struct odp_buf *b, struct odp_err *err)
{
    const struct odp_risk_eval *a = s->after, *bf = s->before;
    const char *labels[4];
    uint64_t r0[4], r1[4];
    size_t i, nm = 0;
    int rc;
    char detail[200];

    rc = odp_buf_adds(b,
                      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                      "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';"
                      " style-src 'unsafe-inline'\"><title>Risk report: ",
                      err);
    rc = rc == ODP_OK ? esc(b, in->package, err) : rc;
    rc = rc == ODP_OK ? odp_buf_addf(b, err, "</title><style>%s</style></head><body><main>\n", CSS)
                      : rc;
    rc = rc == ODP_OK ? odp_buf_adds(b, "<h1>Disclosure-risk report</h1>\n<p>", err) : rc;
    rc = rc == ODP_OK ? esc(b, in->title != NULL ? in->title : in->package, err) : rc;
    rc = rc == ODP_OK ? odp_buf_adds(b, " &middot; package <code>", err) : rc;
    rc = rc == ODP_OK ? esc(b, in->package, err) : rc;
    rc = rc == ODP_OK ? odp_buf_adds(b, "</code> &middot; released ", err) : rc;
    rc = rc == ODP_OK ? esc(b, in->release_date, err) : rc;
    rc = rc == ODP_OK
             ? odp_buf_addf(b, err,
                            "</p>\n<div class=cards id=summary>"
                            "<div class=card>rows in<b>%llu</b></div>"
                            "<div class=card>rows published<b>%llu</b></div>"
                            "<div class=card>suppressed<b>%llu</b></div>"
                            "<div class=card>dropped by rule<b>%llu</b></div>"
                            "<div class=card>classes published<b>%llu</b></div>"
                            "<div class=card>smallest class<b>%.0f</b></div></div>\n",
                            (unsigned long long)in->rows_in, (unsigned long long)in->rows_out,
                            (unsigned long long)in->rows_suppressed,
                            (unsigned long long)in->rows_dropped,
                            (unsigned long long)(a->classes - a->classes_suppressed), a->k.reached)
             : rc;

    /* models */
    rc = rc == ODP_OK ? odp_buf_adds(b,
                                     "<h2>Privacy models</h2>\n<div class=tbl><table id=models>"
                                     "<tr><th>model</th><th class=n>required</th>"
                                     "<th class=n>reached</th><th class=n>records at risk "
                                     "before</th><th class=n>classes failing</th><th "
                                     "class=n>rows suppressed for it</th><th>status</th></tr>\n",
                                     err)
                      : rc;
    if (rc == ODP_OK && a->k.on) {
        rc = model_row(b, "k-anonymity", "smallest class size", &bf->k, &a->k, "&ge;", err);
        labels[nm] = "k-anonymity";
        r0[nm] = bf->k.rows_failing;
        r1[nm++] = a->k.rows_failing;
    }
    if (rc == ODP_OK && a->ldiv.on) {
        snprintf(detail, sizeof(detail), "%s, sensitive column %.64s", s->l_measure,
                 s->l_sensitive);
        rc = model_row(b, "l-diversity", detail, &bf->ldiv, &a->ldiv,
                       strcmp(s->l_measure, "recursive") == 0 ? "c &gt;" : "&ge;", err);
        labels[nm] = "l-diversity";
        r0[nm] = bf->ldiv.rows_failing;
        r1[nm++] = a->ldiv.rows_failing;
    }
    if (rc == ODP_OK && a->tclose.on) {
        snprintf(detail, sizeof(detail), "EMD, %s distance, sensitive column %.64s", s->t_distance,
                 s->t_sensitive);
        rc = model_row(b, "t-closeness", detail, &bf->tclose, &a->tclose, "&le;", err);
        labels[nm] = "t-closeness";
        r0[nm] = bf->tclose.rows_failing;
        r1[nm++] = a->tclose.rows_failing;
    }
    if (rc == ODP_OK && s->has_kmap) {
        rc = model_row(b, "k-map", "people in the population per class", &bf->kmap, &a->kmap,
                       "&ge;", err);
        labels[nm] = "k-map";
        r0[nm] = bf->kmap.rows_failing;
        r1[nm++] = a->kmap.rows_failing;
    }
    rc = rc == ODP_OK ? odp_buf_adds(b, "</table></div>\n", err) : rc;

    /* records at risk per model */
    if (rc == ODP_OK && nm > 0) {
        rc = odp_buf_adds(b,
                          "<h2>Records at risk per model</h2>\n<p>Rows in classes that fail "
                          "each model, at the finest levels and at the published levels (the "
                          "published file leaves those rows out).</p>\n",
                          err);
        rc = rc == ODP_OK ? legend(b, 0, "at the chosen levels (suppressed)", err) : rc;
        rc =
            rc == ODP_OK ? bars(b, "records at risk per model", nm, labels, r0, r1, NULL, err) : rc;
    }

    /* class sizes */
    rc = rc == ODP_OK ? odp_buf_adds(b,
                                     "<h2>Class sizes</h2>\n<p>Rows by the size of their "
                                     "quasi-identifier class. A class of 1 is a unique "
                                     "record.</p>\n",
                                     err)
                      : rc;
    rc = rc == ODP_OK ? legend(b, 1, "at the chosen levels", err) : rc;
    rc = rc == ODP_OK ? bars(b, "rows by class size", ODP_RISK_NBUCKETS, odp_risk_bucket_names,
                             s->rows[0], s->rows[1], s->rows_suppressed[1], err)
                      : rc;

    /* risks */
    rc = rc == ODP_OK ? odp_buf_addf(b, err,
                                     "<h2>Re-identification risk (published rows)</h2>\n<div "
                                     "class=tbl><table id=risks><tr><th>measure</th><th "
                                     "class=n>value</th></tr>\n<tr><td>prosecutor, highest</td><td "
                                     "class=n>%.4g</td></tr>\n<tr><td>prosecutor, average</td><td "
                                     "class=n>%.4g</td></tr>\n",
                                     a->risk.prosecutor_max, a->risk.prosecutor_avg)
                      : rc;
    if (rc == ODP_OK && s->has_pop) {
        rc = odp_buf_addf(b, err,
                          "<tr><td>journalist, highest</td><td class=n>%.4g</td></tr>\n"
                          "<tr><td>marketer</td><td class=n>%.4g</td></tr>\n",
                          a->risk.journalist_max, a->risk.marketer);
    }
    rc = rc == ODP_OK ? odp_buf_adds(b, "</table></div>\n", err) : rc;

    /* columns */
    rc = rc == ODP_OK ? odp_buf_adds(b,
                                     "<h2>Quasi-identifiers</h2>\n<div class=tbl><table "
                                     "id=columns><tr><th>column</th><th class=n>level "
                                     "chosen</th><th>published as</th></tr>\n",
                                     err)
                      : rc;
    for (i = 0; rc == ODP_OK && i < s->nqi; i++) {
        const char *treat = NULL;
        size_t c;

        for (c = 0; c < in->ncols; c++) {
            if (strcmp(in->cols[c].name, s->qi[i]) == 0) {
                treat = in->cols[c].treatment;
            }
        }
        rc = odp_buf_adds(b, "<tr><td>", err);
        rc = rc == ODP_OK ? esc(b, s->qi[i], err) : rc;
        rc = rc == ODP_OK ? odp_buf_addf(b, err, "</td><td class=n>%u of %u</td><td>", s->level[i],
                                         s->levels[i] - 1)
                          : rc;
        rc = rc == ODP_OK ? esc(b, treat != NULL ? treat : "", err) : rc;
        rc = rc == ODP_OK ? odp_buf_adds(b, "</td></tr>\n", err) : rc;
    }
    rc = rc == ODP_OK ? odp_buf_adds(b, "</table></div>\n", err) : rc;

    /* the search */
    if (rc == ODP_OK && s->search != NULL) {
        rc = odp_buf_addf(
            b, err,
            "<h2>Generalisation search</h2>\n<div class=tbl><table id=search>"
            "<tr><th></th><th class=n>finest levels</th><th class=n>chosen levels</th></tr>\n"
            "<tr><td>classes</td><td class=n>%llu</td><td class=n>%llu</td></tr>\n"
            "<tr><td>rows failing a model</td><td class=n>%llu</td><td class=n>%llu</td></tr>\n"
            "<tr><td>loss (%s, minimised)</td><td class=n>%.6g</td><td class=n>%.6g</td></tr>\n"
            "<tr><td>loss (generalisation intensity)</td><td class=n>%.4g</td><td "
            "class=n>%.4g</td></tr>\n</table></div>\n<p>%llu of %llu lattice nodes evaluated, "
            "%llu judged by monotonicity; at most %llu rows may be suppressed.</p>\n",
            (unsigned long long)bf->classes, (unsigned long long)a->classes,
            (unsigned long long)bf->rows_suppressed, (unsigned long long)a->rows_suppressed,
            s->metric, bf->loss[s->metric_id], a->loss[s->metric_id],
            bf->loss[ODP_RISK_METRIC_PREC], a->loss[ODP_RISK_METRIC_PREC],
            (unsigned long long)s->search->nodes_evaluated,
            (unsigned long long)s->search->nodes_total, (unsigned long long)s->search->nodes_pruned,
            (unsigned long long)a->suppression_allowed);
    }
    rc = rc == ODP_OK ? odp_buf_adds(b,
                                     "<footer>Made by odpub from the release's counts; it "
                                     "holds no value from the data. The same figures are in "
                                     "report.json (privacy.models, privacy.risk, "
                                     "privacy.generalization).</footer>\n</main></body></html>\n",
                                     err)
                      : rc;
    return rc;
}

int
odp_riskjob_html_file(const struct odp_riskjob *rj, const char *path,
                      const struct odp_risk_html_in *in, int sync, struct odp_err *err)
{
    struct odp_risk_summary s;
    struct odp_buf b;
    int rc;

    odp_buf_init(&b, (size_t)1 << 24);
    rc = odp_riskjob_summary(rj, &s, err);
    if (rc == ODP_OK) {
        rc = odp_risk_report_html(&s, in, &b, err);
    }
    if (rc == ODP_OK) {
        rc = odp_write_file_sync(path, b.p, b.len, NULL, sync, err);
    }
    odp_buf_release(&b);
    return rc;
}

int
odp_riskjob_write_html(const struct odp_riskjob *rj, const char *bag,
                       const struct odp_risk_html_in *in, int sync, struct odp_err *err)
{
    char *dir = odp_path_join(bag, "metadata"), *path = odp_path_join(bag, ODP_RISK_REPORT_PATH);
    int rc =
        dir != NULL && path != NULL ? ODP_OK : odp_errf(err, ODP_ENOMEM, NULL, "out of memory");

    if (rc == ODP_OK) {
        rc = odp_mkdirs(dir, err);
    }
    if (rc == ODP_OK) {
        rc = odp_riskjob_html_file(rj, path, in, sync, err);
    }
    free(dir);
    free(path);
    return rc;
}
