/*
** report_html.c — the report page: the summary in words, the hinge curve, outcome distributions,
** time-series fans, the sensitivity ranking, the inputs with their sources, and how to
** reproduce the job; every chart a Vega view drawn in the page, which marks each one drawn.
** Layer: interfaces.
*/
#include "cli/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>

#include "parley/memory.h"
#include "parley/outfile.h"
#include "parley/sensitivity.h"
#include "parley/summary.h"

enum { HINGE_BINS = 10, MAX_FANS = 12, MAX_SENS_CHARTS = 8, MAX_WORDS = 5 };

typedef struct page {
    FILE *fp;
    pl_store *st;
    const report_data *d;
    json_t *charts;      /* [{id, spec}] */
    size_t headline;     /* outcome index */
    pl_summary *sum;     /* [n_outcomes] */
    double *scratch;     /* 3 × planned doubles */
} page;

static void text(FILE *fp, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", fp); break;
        case '<': fputs("&lt;", fp); break;
        case '>': fputs("&gt;", fp); break;
        case '"': fputs("&quot;", fp); break;
        default: fputc(*s, fp);
        }
    }
}

/* A chart placeholder and its spec (consumed). */
static void chart(page *pg, json_t *spec, const char *caption)
{
    char id[32];
    snprintf(id, sizeof id, "chart-%zu", json_array_size(pg->charts));
    fprintf(pg->fp, "<figure><div class=\"chart\" id=\"%s\"></div>", id);
    if (caption) {
        fputs("<figcaption>", pg->fp);
        text(pg->fp, caption);
        fputs("</figcaption>", pg->fp);
    }
    fputs("</figure>\n", pg->fp);
    json_array_append_new(pg->charts, json_pack("{s:s, s:o}", "id", id, "spec", spec));
}

/* 1 if outcome o took more than one value. */
static int varies(const page *pg, size_t o) { return pg->sum[o].n > 0 && pg->sum[o].max > pg->sum[o].min; }

/* A number for people: grouped thousands for large magnitudes ("935,312"), 4 significant digits
** otherwise. buf holds 48 bytes. */
static const char *num(double v, char *buf)
{
    double a = fabs(v);
    if (!(a >= 1e4 && a < 1e15)) {
        snprintf(buf, 48, "%.4g", v);
        return buf;
    }
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", a);
    size_t n = strlen(digits), at = 0;
    if (v < 0) buf[at++] = '-';
    for (size_t k = 0; k < n; k++) {
        if (k && (n - k) % 3 == 0) buf[at++] = ',';
        buf[at++] = digits[k];
    }
    buf[at] = '\0';
    return buf;
}

static const char *main_measure(const char *method)
{
    return strcmp(method, "sobol") == 0 ? "ST" : strcmp(method, "morris") == 0 ? "mu_star" : "S1";
}

static const char *measure_words(const char *measure)
{
    return strcmp(measure, "ST") == 0        ? "total-effect Sobol index"
           : strcmp(measure, "mu_star") == 0 ? "Morris mean absolute effect"
           : strcmp(measure, "S1") == 0      ? "first-order share of the variance"
                                             : measure;
}

/* Ranked sensitivity rows of outcome o under the job's main measure, into rows[max]. */
static size_t ranking(const report_data *d, size_t o, const rep_sens **rows, size_t max)
{
    size_t n = 0;
    for (size_t k = 0; k < d->n_sens && n < max; k++)
        if (strcmp(d->sens[k].outcome, d->outcome[o].name) == 0 && strcmp(d->sens[k].measure, main_measure(d->sens[k].method)) == 0)
            rows[n++] = &d->sens[k];
    return n;
}

static long input_index(const report_data *d, const char *name)
{
    for (size_t k = 0; k < d->n_inputs; k++)
        if (strcmp(d->input[k].name, name) == 0) return (long)k;
    return -1;
}

/* The input the headline outcome depends on most: the ranking's first, else the largest
** given-data first-order share. -1 when nothing varied. */
static long top_input(page *pg)
{
    const report_data *d = pg->d;
    const rep_sens *row;
    long ranked = ranking(d, pg->headline, &row, 1) ? input_index(d, row->input) : -1;
    if (ranked >= 0 && d->column[ranked] >= 0) return ranked;
    long best = -1;
    double best_s = -1;
    for (size_t v = 0; v < d->n_varied; v++) {
        size_t k = d->varied[v];
        double s = pl_sens_binned_first_order(d->x + v, d->n_varied, d->y + pg->headline, d->n_outcomes, d->planned, 10,
                                              pg->scratch);
        if (isfinite(s) && s > best_s) best = (long)k, best_s = s;
    }
    return best;
}

static void summarise_all(page *pg)
{
    const report_data *d = pg->d;
    double *v = pg->scratch + 2 * d->planned;
    for (size_t o = 0; o < d->n_outcomes; o++) {
        long m = 0;
        for (long i = 0; i < d->planned; i++)
            if (report_sampled(d, i)) v[m++] = d->y[(size_t)i * d->n_outcomes + o];
        if (pl_summary_compute(v, 1, m, d->outcome[o].binary, pg->scratch, &pg->sum[o], NULL)) memset(&pg->sum[o], 0, sizeof pg->sum[o]);
    }
}

/* ---- Summary in words --------------------------------------------------------------------- */

static void outcome_words(page *pg, size_t o)
{
    const pl_summary *s = &pg->sum[o];
    const rep_outcome *out = &pg->d->outcome[o];
    fputs("<li><b>", pg->fp);
    text(pg->fp, *out->description ? out->description : out->name);
    fputs("</b>: ", pg->fp);
    if (s->n == 0) fprintf(pg->fp, "undefined in every run");
    else if (s->binary)
        fprintf(pg->fp, "probability %.1f%% (95%% Wilson interval %.1f%%–%.1f%%)", 100 * s->p, 100 * s->p_lo, 100 * s->p_hi);
    else {
        char a[48], b[48], c[48], m[48], h[48];
        fprintf(pg->fp, "median %s; 90%% of runs between %s and %s (mean %s ± %s)", num(s->q[2], a), num(s->q[0], b),
                num(s->q[4], c), num(s->mean, m), num((s->mean_hi - s->mean_lo) / 2, h));
    }
    if (s->n_missing) fprintf(pg->fp, "; undefined in %ld runs", s->n_missing);
    fputs(".</li>\n", pg->fp);
}

/* For a grid: the headline at the first and last point of the first axis, and where it moves most. */
static void grid_words(page *pg, json_t *rows)
{
    const report_data *d = pg->d;
    size_t n = json_array_size(rows), steepest = 1;
    if (n < 2 || d->n_axes != 1) return;
    double best = -1;
    for (size_t k = 1; k < n; k++) {
        double step = fabs(json_real_value(json_object_get(json_array_get(rows, k), "mid")) -
                           json_real_value(json_object_get(json_array_get(rows, k - 1), "mid")));
        if (step > best) best = step, steepest = k;
    }
    json_t *first = json_array_get(rows, 0), *last = json_array_get(rows, n - 1);
    char a[48], b[48], c[48], e[48], f[48], g[48];
    fputs("<p>Over the grid, <b>", pg->fp);
    text(pg->fp, d->outcome[pg->headline].name);
    fprintf(pg->fp, "</b> goes from %s at %s = %s to %s at %s, moving most between %s and %s.</p>\n",
            num(json_real_value(json_object_get(first, "mid")), a), d->axis_name[0], num(d->axis_lo[0], b),
            num(json_real_value(json_object_get(last, "mid")), c), num(d->axis_hi[0], e),
            num(json_real_value(json_object_get(json_array_get(rows, steepest - 1), "x")), f),
            num(json_real_value(json_object_get(json_array_get(rows, steepest), "x")), g));
}

static void hinge_words(page *pg)
{
    const report_data *d = pg->d;
    const rep_sens *rows[3];
    size_t n = ranking(d, pg->headline, rows, 3);
    if (!n) return;
    fputs("<p>The headline outcome hinges most on <b>", pg->fp);
    text(pg->fp, rows[0]->input);
    fprintf(pg->fp, "</b> (%s %.3g", measure_words(rows[0]->measure), rows[0]->value);
    if (isfinite(rows[0]->lo)) fprintf(pg->fp, ", 95%% interval %.3g–%.3g", rows[0]->lo, rows[0]->hi);
    fputs(")", pg->fp);
    for (size_t k = 1; k < n; k++) {
        fputs(k == 1 ? ", then on " : " and ", pg->fp);
        text(pg->fp, rows[k]->input);
        fprintf(pg->fp, " (%.3g)", rows[k]->value);
    }
    fputs(".</p>\n", pg->fp);
}

static void section_summary(page *pg)
{
    const report_data *d = pg->d;
    fputs("<section id=\"summary\"><h2>Summary</h2>\n<p>", pg->fp);
    fprintf(pg->fp, "parley ran %ld of %ld planned runs (%s design", d->n_runs, d->planned, d->method);
    fprintf(pg->fp, ", seed %s); %zu of %zu inputs were uncertain", d->seed, d->n_varied, d->n_inputs);
    if (d->n_failed) fprintf(pg->fp, "; %ld runs failed and count as undefined", d->n_failed);
    if (strcmp(d->method, "grid") == 0) fputs(". Pooled over every point of the grid", pg->fp);
    fputs(".</p>\n<ul>\n", pg->fp);
    outcome_words(pg, pg->headline);
    size_t constant = 0;
    for (size_t o = 0, shown = 1; o < d->n_outcomes; o++) {
        if (!varies(pg, o)) constant++;
        else if (o != pg->headline && shown < MAX_WORDS) outcome_words(pg, o), shown++;
    }
    fputs("</ul>\n", pg->fp);
    if (constant) fprintf(pg->fp, "<p class=\"note\">%zu of %zu outcomes took the same value in every run (see the table).</p>\n",
                          constant, d->n_outcomes);
    hinge_words(pg);
    if (strcmp(d->method, "morris") == 0)
        fputs("<p class=\"note\">Morris designs place runs on a grid of levels: the distributions below describe that "
              "grid, not a sample of the inputs.</p>\n", pg->fp);
    fputs("</section>\n", pg->fp);
}

/* ---- Hinge curve -------------------------------------------------------------------------- */

/* One point of the curve from the values v[n] of the headline outcome. */
static json_t *curve_row(page *pg, double x, double *v, long n, const char *group)
{
    pl_summary s;
    if (pl_summary_compute(v, 1, n, pg->d->outcome[pg->headline].binary, pg->scratch + 2 * pg->d->planned, &s, NULL) || s.n == 0)
        return NULL;
    json_t *row = s.binary ? json_pack("{s:f, s:f, s:f, s:f, s:I}", "x", x, "mid", s.p, "lo", s.p_lo, "hi", s.p_hi, "runs", (json_int_t)s.n)
                           : json_pack("{s:f, s:f, s:f, s:f, s:f, s:f, s:I}", "x", x, "mid", s.mean, "lo", s.q[0], "hi",
                                       s.q[4], "lo2", s.mean_lo, "hi2", s.mean_hi, "runs", (json_int_t)s.n);
    if (group) json_object_set_new(row, "group", json_string(group));
    return row;
}

static double axis_at(const report_data *d, size_t a, long m)
{
    return m == d->axis_n[a] - 1 ? d->axis_hi[a] : d->axis_lo[a] + (d->axis_hi[a] - d->axis_lo[a]) * (double)m / (double)(d->axis_n[a] - 1);
}

static json_t *grid_curve(page *pg)
{
    const report_data *d = pg->d;
    json_t *rows = json_array();
    long n2 = d->n_axes == 2 ? d->axis_n[1] : 1, per = d->design_runs;
    double *v = pg->scratch;
    for (long p = 0; p < d->axis_n[0] * n2; p++) {
        long m = 0;
        for (long r = 0; r < per && p * per + r < d->planned; r++) v[m++] = d->y[(size_t)(p * per + r) * d->n_outcomes + pg->headline];
        char group[64];
        if (d->n_axes == 2) snprintf(group, sizeof group, "%s = %.4g", d->axis_name[1], axis_at(d, 1, p % n2));
        json_t *row = curve_row(pg, axis_at(d, 0, p / n2), v, m, d->n_axes == 2 ? group : NULL);
        if (row) json_array_append_new(rows, row);
    }
    return rows;
}

/* Equal-count bins of the top input (ties kept together), one curve point per bin. */
static json_t *binned_curve(page *pg, long k)
{
    const report_data *d = pg->d;
    double *x = pg->scratch, *y = pg->scratch + d->planned;
    size_t m = 0;
    for (long i = 0; i < d->planned; i++) {
        double a = d->x[(size_t)i * d->n_varied + (size_t)d->column[k]], b = d->y[(size_t)i * d->n_outcomes + pg->headline];
        if (report_sampled(d, i) && isfinite(a) && isfinite(b)) x[m] = a, y[m++] = b;
    }
    json_t *rows = json_array();
    gsl_sort2(x, 1, y, 1, m);
    for (size_t start = 0, b = 1; start < m; b++) {
        size_t end = b >= HINGE_BINS ? m : m * b / HINGE_BINS;
        if (end <= start) end = start + 1;
        while (end < m && x[end] == x[end - 1]) end++;
        double xs = 0;
        for (size_t i = start; i < end; i++) xs += x[i];
        json_t *row = curve_row(pg, xs / (double)(end - start), y + start, (long)(end - start), NULL);
        if (row) json_array_append_new(rows, row);
        start = end;
    }
    return rows;
}

static void section_hinge(page *pg)
{
    const report_data *d = pg->d;
    const rep_outcome *o = &d->outcome[pg->headline];
    int grid = strcmp(d->method, "grid") == 0;
    long k = grid ? input_index(d, d->axis_name[0]) : top_input(pg);
    fputs("<section id=\"hinge\"><h2>What the answer hinges on</h2>\n", pg->fp);
    if (k < 0) {
        fputs(d->n_varied ? "<p>No outcome varied with the inputs: there is no curve to draw.</p></section>\n"
                          : "<p>Every input was fixed: there is nothing for the outcome to hinge on. Vary inputs with "
                            "<code>--vary</code>.</p></section>\n", pg->fp);
        return;
    }
    json_t *rows = grid ? grid_curve(pg) : binned_curve(pg, k);
    if (grid) grid_words(pg, rows);
    fputs("<p>", pg->fp);
    text(pg->fp, o->name);
    fputs(o->binary ? " (probability, with its 95% Wilson interval)" : " (mean, its 95% interval, and the 5–95% range of runs)", pg->fp);
    fputs(grid ? " at each point of the grid over " : " against ", pg->fp);
    text(pg->fp, d->input[k].name);
    fputs(grid ? ".</p>\n" : ", the input it depends on most, in ten equal-count bins of the runs.</p>\n", pg->fp);
    chart(pg, report_spec_band(d->n_axes == 2 ? d->axis_name[1] : "", d->input[k].name, o->name, rows, !o->binary, d->n_axes == 2),
          NULL);
    fputs("</section>\n", pg->fp);
}

/* ---- Outcome distributions ---------------------------------------------------------------- */

static json_t *histogram_rows(page *pg, size_t o)
{
    const pl_summary *s = &pg->sum[o];
    enum { BINS = 30 };
    long count[BINS] = {0};
    double lo = s->min, width = (s->max - s->min) / BINS;
    for (long i = 0; i < pg->d->planned; i++) {
        double v = pg->d->y[(size_t)i * pg->d->n_outcomes + o];
        if (!isfinite(v) || !report_sampled(pg->d, i)) continue;
        long b = width > 0 ? (long)((v - lo) / width) : 0;
        count[b < 0 ? 0 : b >= BINS ? BINS - 1 : b]++;
    }
    json_t *rows = json_array();
    int bins = width > 0 ? BINS : 1;
    if (!(width > 0)) width = fabs(lo) > 0 ? fabs(lo) * 0.01 : 0.5, lo -= width / 2;
    for (int b = 0; b < bins; b++)
        json_array_append_new(rows, json_pack("{s:f, s:f, s:I}", "x0", lo + b * width, "x1", lo + (b + 1) * width, "count",
                                              (json_int_t)count[b]));
    return rows;
}

static void summary_table(page *pg)
{
    const report_data *d = pg->d;
    fputs("<table><tr><th>outcome</th><th>runs</th><th>mean</th><th>sd</th><th>5%</th><th>25%</th><th>50%</th>"
          "<th>75%</th><th>95%</th><th>probability (95% interval)</th></tr>\n", pg->fp);
    for (size_t o = 0; o < d->n_outcomes; o++) {
        const pl_summary *s = &pg->sum[o];
        fputs("<tr><td>", pg->fp);
        text(pg->fp, d->outcome[o].name);
        fprintf(pg->fp, "</td><td>%ld</td>", s->n);
        double cells[] = {s->mean, s->sd, s->q[0], s->q[1], s->q[2], s->q[3], s->q[4]};
        char buf[48];
        for (size_t c = 0; s->n && c < 7; c++) fprintf(pg->fp, "<td class=\"num\">%s</td>", num(cells[c], buf));
        if (!s->n) fputs("<td colspan=\"7\">undefined in every run</td>", pg->fp);
        if (s->binary) fprintf(pg->fp, "<td>%.3f (%.3f–%.3f)</td></tr>\n", s->p, s->p_lo, s->p_hi);
        else fputs("<td></td></tr>\n", pg->fp);
    }
    fputs("</table>\n", pg->fp);
}

static void section_outcomes(page *pg)
{
    const report_data *d = pg->d;
    fputs("<section id=\"outcomes\"><h2>Outcome distributions</h2>\n", pg->fp);
    summary_table(pg);
    json_t *probs = json_array();
    for (size_t o = 0; o < d->n_outcomes; o++)
        if (d->outcome[o].binary && pg->sum[o].n)
            json_array_append_new(probs, json_pack("{s:s, s:f, s:f, s:f}", "label", d->outcome[o].name, "value", pg->sum[o].p,
                                                   "lo", pg->sum[o].p_lo, "hi", pg->sum[o].p_hi));
    if (json_array_size(probs)) chart(pg, report_spec_bars("probability", probs, 1), "Probabilities with 95% Wilson intervals");
    else json_decref(probs);
    fputs("<div class=\"grid\">\n", pg->fp);
    for (size_t o = 0, shown = 0; o < d->n_outcomes && shown < 24; o++) {
        if (d->outcome[o].binary || !varies(pg, o)) continue;
        chart(pg, report_spec_histogram(d->outcome[o].name, histogram_rows(pg, o)), d->outcome[o].description);
        shown++;
    }
    fputs("</div></section>\n", pg->fp);
}

/* ---- Time series ---------------------------------------------------------------------------- */

static pl_status section_series(page *pg, pl_error *err)
{
    json_t *fans;
    pl_status s = report_fans(pg->st, pg->d, MAX_FANS, &fans, err);
    if (s) return s;
    fputs("<section id=\"series\"><h2>Over time</h2>\n", pg->fp);
    if (!json_array_size(fans)) fputs("<p>The job kept no time series.</p>\n", pg->fp);
    else fputs("<p>Median (line), 25–75% (dark band) and 5–95% (light band) of the runs that kept their series.</p>\n"
               "<div class=\"grid\">\n", pg->fp);
    size_t k;
    json_t *f;
    json_array_foreach(fans, k, f)
    {
        char title[300], x_title[64];
        snprintf(title, sizeof title, "%s (%s)", json_string_value(json_object_get(f, "series")),
                 json_string_value(json_object_get(f, "entity")));
        snprintf(x_title, sizeof x_title, "%s", json_string_value(json_object_get(f, "unit")));
        json_t *spec = report_spec_band("", x_title, title, json_incref(json_object_get(f, "rows")), 1, 0);
        json_object_set_new(spec, "width", json_integer(260));
        chart(pg, spec, title);
    }
    if (json_array_size(fans)) fputs("</div>\n", pg->fp);
    fputs("</section>\n", pg->fp);
    json_decref(fans);
    return PL_OK;
}

/* ---- Sensitivity ------------------------------------------------------------------------------ */

static void sens_chart(page *pg, size_t o)
{
    const rep_sens *rows[15];
    size_t n = ranking(pg->d, o, rows, 15);
    if (!n) return;
    json_t *data = json_array();
    double top = 0;
    for (size_t k = 0; k < n; k++) {
        double lo = isfinite(rows[k]->lo) ? rows[k]->lo : rows[k]->value, hi = isfinite(rows[k]->hi) ? rows[k]->hi : rows[k]->value;
        top = fmax(top, fmax(hi, rows[k]->value));
        json_array_append_new(data, json_pack("{s:s, s:f, s:f, s:f}", "label", rows[k]->input, "value", rows[k]->value, "lo", lo, "hi", hi));
    }
    char caption[400];
    snprintf(caption, sizeof caption, "%s: %s", pg->d->outcome[o].name, measure_words(rows[0]->measure));
    chart(pg, report_spec_bars(rows[0]->measure, data, top > 0 ? top * 1.05 : 1), caption);
}

static void sens_table(page *pg)
{
    const report_data *d = pg->d;
    fputs("<details><summary>Every sensitivity measure</summary><table><tr><th>outcome</th><th>input</th><th>method</th>"
          "<th>measure</th><th>value</th><th>95% interval</th></tr>\n", pg->fp);
    for (size_t k = 0; k < d->n_sens; k++) {
        const rep_sens *r = &d->sens[k];
        const char *cells[] = {r->outcome, r->input, r->method, r->measure};
        fputs("<tr>", pg->fp);
        for (size_t c = 0; c < 4; c++) fputs("<td>", pg->fp), text(pg->fp, cells[c]), fputs("</td>", pg->fp);
        fprintf(pg->fp, "<td>%.4g</td><td>", r->value);
        if (isfinite(r->lo)) fprintf(pg->fp, "%.4g–%.4g", r->lo, r->hi);
        fputs("</td></tr>\n", pg->fp);
    }
    fputs("</table></details>\n", pg->fp);
}

static void section_sensitivity(page *pg)
{
    const report_data *d = pg->d;
    fputs("<section id=\"sensitivity\"><h2>Which inputs drive each outcome</h2>\n", pg->fp);
    if (!d->n_sens) {
        fputs(strcmp(d->method, "grid") == 0 ? "<p>A grid job: the hinge curve above is its sensitivity analysis.</p>\n"
                                             : "<p>No sensitivity measures were stored for this job.</p>\n", pg->fp);
        fputs("</section>\n", pg->fp);
        return;
    }
    fprintf(pg->fp, "<p>Inputs ranked by the %s (method: %s; see docs/ensembles.md).</p>\n<div class=\"grid\">\n",
            measure_words(main_measure(d->sens[0].method)), d->sens[0].method);
    sens_chart(pg, pg->headline);
    for (size_t o = 0, shown = 1; o < d->n_outcomes && shown < MAX_SENS_CHARTS; o++)
        if (o != pg->headline && ranking(d, o, (const rep_sens *[1]){0}, 1)) sens_chart(pg, o), shown++;
    fputs("</div>\n", pg->fp);
    sens_table(pg);
    fputs("</section>\n", pg->fp);
}

/* ---- Inputs and reproduction ------------------------------------------------------------------- */

static void input_rows(page *pg, int varied)
{
    for (size_t k = 0; k < pg->d->n_inputs; k++) {
        const rep_input *in = &pg->d->input[k];
        if (in->varied != varied) continue;
        fputs("<tr><td>", pg->fp);
        text(pg->fp, in->name);
        fprintf(pg->fp, "</td><td>%.6g</td><td>", in->nominal);
        text(pg->fp, varied ? in->dist : "fixed");
        fputs("</td><td>", pg->fp);
        text(pg->fp, in->source);
        fputs("</td></tr>\n", pg->fp);
    }
}

static void section_inputs(page *pg)
{
    fputs("<section id=\"inputs\"><h2>Inputs and their sources</h2>\n<table><tr><th>input</th><th>value</th>"
          "<th>distribution</th><th>source</th></tr>\n", pg->fp);
    input_rows(pg, 1);
    fputs("</table>\n<details><summary>Fixed inputs</summary><table><tr><th>input</th><th>value</th><th></th>"
          "<th>source</th></tr>\n", pg->fp);
    input_rows(pg, 0);
    fputs("</table></details></section>\n", pg->fp);
}

static void section_reproduce(page *pg)
{
    const report_data *d = pg->d;
    fputs("<section id=\"reproduce\"><h2>Reproducing these results</h2>\n<p>", pg->fp);
    fputs("parley version <b>", pg->fp);
    text(pg->fp, d->version);
    fprintf(pg->fp, "</b>, seed <b>%s</b>, job %lld of <code>", d->seed, (long long)d->job);
    text(pg->fp, d->store_path);
    fputs("</code>, created ", pg->fp);
    text(pg->fp, d->created);
    fputs(", ", pg->fp);
    text(pg->fp, d->seconds);
    fputs(" s on ", pg->fp);
    text(pg->fp, d->parallelism);
    fputs(". Run i draws from random stream (seed, i), so the same command gives the same numbers on any number "
          "of threads or MPI ranks:</p>\n<pre>", pg->fp);
    text(pg->fp, d->command_line);
    fputs("</pre>\n</section>\n", pg->fp);
}

/* ---- The page ----------------------------------------------------------------------------------- */

static const char *const style =
    "body{font:15px/1.45 system-ui,sans-serif;max-width:1180px;margin:0 auto;padding:0 24px 48px;color:#1d232b}"
    "h1{font-size:1.6em;margin:.8em 0 .1em}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.6em}"
    ".meta{color:#57606a}.note{color:#57606a;font-style:italic}table{border-collapse:collapse;font-size:13px;margin:.6em 0}"
    "td,th{border:1px solid #d0d7de;padding:3px 7px;text-align:left;vertical-align:top}th{background:#f3f5f7}td.num{text-align:right}"
    ".grid{display:flex;flex-wrap:wrap;gap:8px 24px}figure{margin:8px 0}figcaption{font-size:12px;color:#57606a;max-width:560px}"
    "pre{background:#f3f5f7;padding:8px;white-space:pre-wrap;word-break:break-all}code{background:#f3f5f7}";

/* Draws every chart, marks each figure, and records the tally on <body> for tests. */
static const char *const render_js =
    "(function () {\n"
    "  var charts = JSON.parse(document.getElementById('parley-charts').textContent), done = 0, failed = 0;\n"
    "  function tally() { document.body.setAttribute('data-charts-rendered', done);\n"
    "    document.body.setAttribute('data-charts-failed', failed);\n"
    "    if (done + failed === charts.length) document.body.setAttribute('data-charts-finished', 'yes'); }\n"
    "  charts.forEach(function (c) {\n"
    "    var el = document.getElementById(c.id);\n"
    "    try {\n"
    "      new vega.View(vega.parse(c.spec), {renderer: 'svg', container: el, hover: true}).runAsync().then(function () {\n"
    "        var marks = el.querySelectorAll('svg path, svg rect, svg line').length;\n"
    "        el.setAttribute('data-marks', marks); if (marks > 0) { done++; el.setAttribute('data-rendered', 'yes'); } else failed++;\n"
    "        tally(); }, function (e) { failed++; el.setAttribute('data-error', String(e)); tally(); });\n"
    "    } catch (e) { failed++; el.setAttribute('data-error', String(e)); tally(); }\n"
    "  });\n"
    "  tally();\n"
    "})();\n";

/* The named outcome, else the first yes/no outcome that varies, else the first that varies. */
static size_t pick_headline(const page *pg, const char *name, pl_error *err, pl_status *st)
{
    const report_data *d = pg->d;
    *st = PL_OK;
    if (d->n_outcomes == 0) { /* every job parley writes declares some: a damaged store (the page read outcome 0) */
        *st = pl_error_at(err, PL_ESTORE, d->store_path, 0, 0, "found job %lld with no outcomes, expected at least one",
                          (long long)d->job);
        return 0;
    }
    for (size_t o = 0; name && o < d->n_outcomes; o++)
        if (strcmp(d->outcome[o].name, name) == 0) return o;
    if (name) *st = pl_error_set(err, PL_EINVAL, "--outcome %s: the job has no such outcome", name);
    for (int binary = 1; binary >= 0; binary--)
        for (size_t o = 0; o < d->n_outcomes; o++)
            if (d->outcome[o].binary == binary && varies(pg, o)) return o;
    return 0;
}

static void head(page *pg)
{
    const report_data *d = pg->d;
    fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>parley report: ", pg->fp);
    text(pg->fp, d->title);
    fprintf(pg->fp, "</title>\n<meta name=\"generator\" content=\"parley %s\">\n<style>%s</style>\n<script>\n", PARLEY_VERSION, style);
}

/* JSON inside a <script> element. Escaping "</" alone is not enough: in script data "<!--" followed by
** "<script" enters the double-escaped state, where "</script>" no longer ends the element and every
** chart after it is lost. JSON holds "<", ">" and "&" only inside strings, where \u003c, \u003e and
** \u0026 mean the same characters, so none of them is written raw (HTML spec, "script data"). */
static void write_script_json(FILE *fp, const char *json)
{
    for (const char *p = json; *p; p++) {
        if (*p == '<') fputs("\\u003c", fp);
        else if (*p == '>') fputs("\\u003e", fp);
        else if (*p == '&') fputs("\\u0026", fp);
        else fputc(*p, fp);
    }
}

static pl_status body(page *pg, pl_error *err)
{
    const report_data *d = pg->d;
    fputs("</script></head>\n<body>\n<header><h1>", pg->fp);
    text(pg->fp, d->title);
    fputs("</h1><p class=\"meta\">", pg->fp);
    text(pg->fp, d->command);
    fprintf(pg->fp, " · %ld runs · %s design · seed %s · parley ", d->n_runs, d->method, d->seed);
    text(pg->fp, d->version);
    fputs("</p></header>\n", pg->fp);
    section_summary(pg);
    section_hinge(pg);
    section_outcomes(pg);
    pl_status s = section_series(pg, err);
    if (s) return s;
    section_sensitivity(pg);
    section_inputs(pg);
    section_reproduce(pg);
    char *charts = json_dumps(pg->charts, JSON_COMPACT | JSON_REAL_PRECISION(10));
    if (!charts) return pl_error_set(err, PL_ENOMEM, "out of memory");
    fputs("<script type=\"application/json\" id=\"parley-charts\">", pg->fp);
    write_script_json(pg->fp, charts);
    fprintf(pg->fp, "</script>\n<script>\n%s</script>\n</body></html>\n", render_js);
    free(charts);
    return pl_write_status(pg->fp, err);
}

pl_status report_write_html(FILE *fp, pl_store *st, const report_data *d, const char *headline, const char *vega_dir,
                            pl_error *err)
{
    page pg = {fp, st, d, json_array(), 0, NULL, NULL};
    pl_status s = PL_OK;
    pg.sum = pl_calloc(d->n_outcomes + 1, sizeof *pg.sum);
    pg.scratch = pl_malloc((3 * (size_t)d->planned + 1) * sizeof *pg.scratch);
    if (!pg.sum || !pg.scratch || !pg.charts) s = pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!s) summarise_all(&pg);
    if (!s) pg.headline = pick_headline(&pg, headline, err, &s);
    if (!s) {
        head(&pg);
        s = report_write_vega(fp, vega_dir, err);
    }
    if (!s) s = body(&pg, err);
    json_decref(pg.charts);
    pl_free(pg.sum);
    pl_free(pg.scratch);
    return s;
}
