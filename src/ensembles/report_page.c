/*
** report_page.c — the report page: the answer per grid point first (the chosen outcomes with
** 90% Wilson intervals and counts), signed drivers, the first round's terms, every outcome per
** point, fans, stored sensitivity measures, inputs and how to reproduce the job. Every table
** carries its CSV as a data: link. Numbers and tables come shaped from parley/report_data.h (result
** tables, parley/result.h); this file only writes HTML.
** Layer: ensembles (it writes a document, but from pl_report_data, an ensembles type).
*/
#include "parley/report_page.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/outfile.h"
#include "parley/vega.h"

enum { MAX_ANSWER = 6, MAX_DRIVERS = 12, MAX_FANS = 12, MAX_HIST = 24 };

typedef struct page {
    FILE *fp;
    pl_store *st;
    const pl_report_data *d;
    json_t *charts;         /* [{id, spec}] */
    size_t answer[MAX_ANSWER], n_answer;
    double *scratch;        /* 3 × planned doubles */
    int grid;
} page;

static void text(FILE *fp, const char *s)
{
    for (; *s; s++) {
        const char *e = *s == '&' ? "&amp;" : *s == '<' ? "&lt;" : *s == '>' ? "&gt;" : *s == '"' ? "&quot;" : NULL;
        if (e) fputs(e, fp);
        else fputc(*s, fp);
    }
}

/* A number for people: 4 significant digits, thousands grouped from 10^4. buf holds 48 bytes. */
static const char *num(double v, char *buf)
{
    if (!(fabs(v) >= 1e4 && fabs(v) < 1e15)) return snprintf(buf, 48, "%.4g", v), buf;
    char digits[32];
    snprintf(digits, sizeof digits, "%.0f", fabs(v));
    size_t n = strlen(digits), at = 0;
    if (v < 0) buf[at++] = '-';
    for (size_t k = 0; k < n; k++) {
        if (k && (n - k) % 3 == 0) buf[at++] = ',';
        buf[at++] = digits[k];
    }
    buf[at] = '\0';
    return buf;
}

/* ---- Tables with their CSV ---------------------------------------------------------------------- */

/* The CSV of t as a data: link (percent-encoded), so the page stays one file. */
static void csv_link(page *pg, const pl_result_table *t)
{
    char *buf = NULL;
    size_t size = 0;
    FILE *mem = open_memstream(&buf, &size);
    if (!mem) return;
    int ok = pl_result_table_write(t, PL_RESULT_CSV, mem, NULL) == PL_OK;
    if (fclose(mem) == 0 && ok) {
        fprintf(pg->fp, "<p class=\"csv\"><a download=\"%s.csv\" href=\"data:text/csv;charset=utf-8,", pl_result_table_name(t));
        for (const unsigned char *c = (const unsigned char *)buf; *c; c++)
            if (isalnum(*c) || strchr("-_.~", *c)) fputc(*c, pg->fp);
            else fprintf(pg->fp, "%%%02X", *c);
        fprintf(pg->fp, "\">Download %s.csv</a> (one row per %s)</p>\n", pl_result_table_name(t),
                pl_result_table_find_column(t, "point") == 0 ? "point and outcome" : "row");
    }
    free(buf);
}

/* The cell (row, col) of t for people: text escaped, numbers by num(), missing empty. */
static void cell(page *pg, const pl_result_table *t, size_t row, size_t col)
{
    const char *v = pl_result_table_text(t, row, col);
    char buf[48];
    double x = pl_result_table_real(t, row, col);
    if (v) fputs("<td>", pg->fp), text(pg->fp, v), fputs("</td>", pg->fp);
    else fprintf(pg->fp, "<td class=\"num\">%s</td>", isfinite(x) ? num(x, buf) : "");
}

/* t as an HTML table, then its CSV link. */
static void table_html(page *pg, const pl_result_table *t)
{
    size_t nc = pl_result_table_n_columns(t);
    fputs("<table><tr>", pg->fp);
    for (size_t c = 0; c < nc; c++) fputs("<th>", pg->fp), text(pg->fp, pl_result_table_column_name(t, c)), fputs("</th>", pg->fp);
    fputs("</tr>\n", pg->fp);
    for (size_t r = 0; r < pl_result_table_n_rows(t); r++) {
        fputs("<tr>", pg->fp);
        for (size_t c = 0; c < nc; c++) cell(pg, t, r, c);
        fputs("</tr>\n", pg->fp);
    }
    fputs("</table>\n", pg->fp);
    csv_link(pg, t);
}

static double real_of(const pl_result_table *t, size_t row, const char *column)
{
    return pl_result_table_real(t, row, (size_t)pl_result_table_find_column(t, column));
}

static const char *text_of(const pl_result_table *t, size_t row, const char *column)
{
    const char *v = pl_result_table_text(t, row, (size_t)pl_result_table_find_column(t, column));
    return v ? v : "";
}

/* ---- Charts and labels -------------------------------------------------------------------------- */

static void chart(page *pg, json_t *spec, const char *caption)
{
    char id[32];
    snprintf(id, sizeof id, "chart-%zu", json_array_size(pg->charts));
    fprintf(pg->fp, "<figure><div class=\"chart\" id=\"%s\"></div>", id);
    if (caption) fputs("<figcaption>", pg->fp), text(pg->fp, caption), fputs("</figcaption>", pg->fp);
    fputs("</figure>\n", pg->fp);
    json_array_append_new(pg->charts, json_pack("{s:s, s:o}", "id", id, "spec", spec));
}

static const char *outcome_label(const pl_report_data *d, long o) { return o < 0 ? "" : pl_report_outcome_label(d, (size_t)o); }

/* ---- Warnings ------------------------------------------------------------------------------------- */

static void section_warnings(page *pg)
{
    const pl_report_data *d = pg->d;
    long weak = pl_report_wide_intervals(d, pg->answer, pg->n_answer, PL_STAT_LEVEL, 0.2);
    int any = d->n_failed || weak;
    for (size_t k = 0; k < d->job->n_facts; k++) any |= strncmp(d->job->facts[k].key, "warning", 7) == 0;
    if (!any) return;
    fputs("<section id=\"warnings\" class=\"warn\"><h2>Read with care</h2>\n<ul>\n", pg->fp);
    for (size_t k = 0; k < d->job->n_facts; k++)
        if (strncmp(d->job->facts[k].key, "warning", 7) == 0)
            fputs("<li>", pg->fp), text(pg->fp, d->job->facts[k].value), fputs("</li>\n", pg->fp);
    if (d->n_failed) fprintf(pg->fp, "<li>%ld of %ld runs failed; they count as undefined.</li>\n", d->n_failed, d->n_runs);
    if (weak)
        fprintf(pg->fp, "<li>%ld estimates below have a 90%% interval wider than 20 percentage points: too few runs count "
                        "there (raise --runs).</li>\n", weak);
    fputs("</ul></section>\n", pg->fp);
}

/* ---- The answer ------------------------------------------------------------------------------------ */

/* The answer table as points by outcomes (p, interval, k of n), and the chart's rows. */
static void answer_html(page *pg, const pl_result_table *t, json_t *rows)
{
    const pl_report_data *d = pg->d;
    size_t n = pl_result_table_n_rows(t);
    fputs("<table><tr><th>point</th>", pg->fp);
    for (size_t r = 0; r < n && strcmp(text_of(t, r, "point"), text_of(t, 0, "point")) == 0; r++)
        fputs("<th>", pg->fp), text(pg->fp, outcome_label(d, pl_report_outcome_index(d, text_of(t, r, "outcome")))), fputs("</th>", pg->fp);
    for (size_t r = 0; r < n; r++) {
        const char *point = text_of(t, r, "point");
        if (!r || strcmp(point, text_of(t, r - 1, "point")) != 0)
            fputs("</tr>\n<tr><td>", pg->fp), text(pg->fp, point), fputs("</td>", pg->fp);
        double p = real_of(t, r, "value"), lo = real_of(t, r, "lo_90"), hi = real_of(t, r, "hi_90");
        long k = (long)real_of(t, r, "k"), m = (long)real_of(t, r, "n");
        int share = strcmp(text_of(t, r, "statistic"), "p") == 0;
        char a[48], b[48], c[48];
        if (!m || !isfinite(p)) fputs("<td>undefined</td>", pg->fp);
        else if (share) fprintf(pg->fp, "<td class=\"num\"><b>%.1f%%</b> <small>%.1f–%.1f%% · %ld of %ld</small></td>", 100 * p,
                                100 * lo, 100 * hi, k, m);
        else fprintf(pg->fp, "<td class=\"num\"><b>%s</b> <small>%s; 90%% interval %s to %s · %ld runs</small></td>",
                     num(p, a), text_of(t, r, "statistic"), isfinite(lo) ? num(lo, b) : "?", isfinite(hi) ? num(hi, c) : "?", m);
        if (share && m)
            json_array_append_new(rows, json_pack("{s:s, s:s, s:f, s:f, s:f, s:I, s:I}", "label", point, "group",
                                                  outcome_label(d, pl_report_outcome_index(d, text_of(t, r, "outcome"))),
                                                  "mid", p, "lo", lo, "hi", hi, "k", (json_int_t)k, "n", (json_int_t)m));
    }
    fputs("</tr>\n</table>\n", pg->fp);
    csv_link(pg, t);
}

/* A non-grid job: the first answer outcome against the input it depends on most, in ten bins. */
static void answer_curve(page *pg)
{
    const pl_report_data *d = pg->d;
    size_t o = pg->answer[0];
    long k = pl_report_top_input(d, o, pg->scratch);
    pl_report_bin bin[10];
    size_t n = k < 0 ? 0 : pl_report_binned(d, o, (size_t)k, 10, PL_STAT_LEVEL, bin, pg->scratch);
    if (!n) return;
    json_t *rows = json_array();
    for (size_t b = 0; b < n; b++)
        json_array_append_new(rows, json_pack("{s:f, s:f, s:f, s:f, s:I}", "x", bin[b].x, "mid", bin[b].mid, "lo", bin[b].lo,
                                              "hi", bin[b].hi, "runs", (json_int_t)bin[b].n));
    char caption[600];
    snprintf(caption, sizeof caption, "%s against %s, the input it depends on most, in ten equal-count bins of the runs: "
             "%s and its 90%% interval.", d->outcome[o].name, d->input[k].name, d->binary[o] ? "probability" : "mean");
    chart(pg, pl_vega_spec_band(d->input[k].name, d->outcome[o].name, rows, 0, 560), caption);
}

static pl_status section_answer(page *pg, pl_error *err)
{
    const pl_report_data *d = pg->d;
    fprintf(pg->fp, "<section id=\"answer\"><h2>The answer%s</h2>\n<p>", pg->grid ? ", point by point" : "");
    fprintf(pg->fp, "%ld of %ld planned runs (%s design, seed %s); ", d->n_runs, d->planned, d->method, d->job->seed);
    if (pg->grid) {
        fprintf(pg->fp, "%ld grid points of %ld runs each over ", pl_report_points(d), d->design_runs);
        for (size_t a = 0; a < d->n_axes; a++) fputs(a ? " and <b>" : "<b>", pg->fp), text(pg->fp, d->axis_name[a]), fputs("</b>", pg->fp);
        fputs(". Every number is for one point: nothing is pooled across the grid.", pg->fp);
    } else fprintf(pg->fp, "%zu of %zu inputs drawn from their distributions.", d->n_varied, d->n_inputs);
    fputs(" Probabilities carry their 90% Wilson interval and the runs they count (k of n); other outcomes their "
          "mean (or Kaplan–Meier median) with its 90% interval.", pg->fp);
    /* Which draws the runs kept matters to every number below: say it where the numbers start. */
    const char *cond = pl_store_job_fact(d->job, "condition");
    if (cond) fputs(" The draws were ", pg->fp), text(pg->fp, cond), fputc('.', pg->fp);
    fputs("</p>\n", pg->fp);
    pl_result_table *t;
    pl_status s = pl_report_table_answer(d, pg->answer, pg->n_answer, pg->scratch, &t, err);
    /* The rows are read with the table, but the chart comes first: the table goes to a buffer. */
    json_t *rows = json_array();
    FILE *page_fp = pg->fp;
    char *tbuf = NULL;
    size_t tsize = 0;
    if (!s && pl_result_table_n_rows(t) && (pg->fp = open_memstream(&tbuf, &tsize))) answer_html(pg, t, rows), fclose(pg->fp);
    pg->fp = page_fp;
    char axes[400] = "";
    for (size_t a = 0, at = 0; a < d->n_axes && at < sizeof axes; a++)
        at += (size_t)snprintf(axes + at, sizeof axes - at, "%s%s", a ? " / " : "", d->axis_name[a]);
    if (json_array_size(rows) && pg->grid)
        chart(pg, pl_vega_spec_points(axes, "probability", json_incref(rows), 1.0),
              "Each outcome's probability at each grid point (dot) and its 90% Wilson interval (bar); hover for k of n.");
    if (tbuf) fputs(tbuf, pg->fp);
    free(tbuf);
    json_decref(rows);
    pl_result_table_free(t);
    if (!s && !pg->grid) answer_curve(pg);
    fputs("</section>\n", pg->fp);
    return s;
}

/* ---- Drivers ------------------------------------------------------------------------------------- */

/* One tornado per outcome of the drivers table (its rows come grouped by outcome). */
static void driver_charts(page *pg, const pl_result_table *t)
{
    size_t n = pl_result_table_n_rows(t);
    for (size_t r = 0, start = 0; r < n; r++) {
        if (r + 1 < n && strcmp(text_of(t, r + 1, "outcome"), text_of(t, start, "outcome")) == 0) continue;
        json_t *rows = json_array();
        double top = 0;
        for (size_t k = start; k <= r; k++) {
            double e = real_of(t, k, "effect");
            json_array_append_new(rows, json_pack("{s:s, s:f, s:f, s:f}", "label", text_of(t, k, "input"), "value", e, "lo", e, "hi", e));
            top = fmax(top, fabs(e));
        }
        long o = pl_report_outcome_index(pg->d, text_of(t, start, "outcome"));
        chart(pg, pl_vega_spec_bars("highest fifth of the input minus lowest", rows, top > 0 ? top * 1.1 : 1, 1,
                                   o >= 0 && pg->d->binary[o] ? "+.0%" : "+,.3~s"), outcome_label(pg->d, o));
        start = r + 1;
    }
}

/* What each input the tornadoes show is: its declared source, once each. */
static void driver_sources(page *pg, const pl_result_table *t)
{
    const pl_report_data *d = pg->d;
    fputs("<ul class=\"sources\">\n", pg->fp);
    for (size_t r = 0; r < pl_result_table_n_rows(t); r++) {
        const char *name = text_of(t, r, "input");
        size_t seen = 0;
        while (seen < r && strcmp(text_of(t, seen, "input"), name) != 0) seen++;
        long k = pl_report_input_index(d, name);
        if (seen < r || k < 0 || !*d->input[k].source) continue;
        fputs("<li><b>", pg->fp), text(pg->fp, name), fputs("</b>: ", pg->fp), text(pg->fp, d->input[k].source);
        fputs("</li>\n", pg->fp);
    }
    fputs("</ul>\n", pg->fp);
}

static pl_status section_drivers(page *pg, pl_error *err)
{
    pl_result_table *t;
    pl_status s = pl_report_table_drivers(pg->d, pg->answer, pg->n_answer, MAX_DRIVERS, pg->scratch, &t, err);
    fputs("<section id=\"drivers\"><h2>What drives it</h2>\n<p>For each outcome, the inputs that move it most, and which "
          "way: the outcome's mean over the runs whose input lies in its highest fifth minus that over the runs in its "
          "lowest fifth, within each grid point, averaged over the points. Red: a higher value of the input raises the "
          "outcome; blue: lowers it.</p>\n<div class=\"grid\">\n", pg->fp);
    if (!s) driver_charts(pg, t);
    fputs("</div>\n", pg->fp);
    if (!s && pl_result_table_n_rows(t)) {
        driver_sources(pg, t);
        fputs("<details><summary>The numbers</summary>\n", pg->fp), table_html(pg, t), fputs("</details>\n", pg->fp);
    } else if (!s)
        fputs("<p>No input besides the grid's axes varied, so nothing else can drive the outcomes (draw inputs with "
              "<code>--draw</code>).</p>\n", pg->fp);
    fputs("</section>\n", pg->fp);
    pl_result_table_free(t);
    return s;
}

/* ---- Outcomes per point ------------------------------------------------------------------------------- */

/* The first round's outcomes by points: median and 5–95% of the runs (the table's rows come point
** by point, the same outcomes at each). */
static void terms_html(page *pg, const pl_result_table *t)
{
    long points = pl_report_points(pg->d);
    size_t per = pl_result_table_n_rows(t) / (size_t)points;
    char a[48], b[48], c[48];
    fputs("<table><tr><th>outcome</th>", pg->fp);
    for (long p = 0; p < points; p++) fputs("<th>", pg->fp), text(pg->fp, text_of(t, (size_t)p * per, "point")), fputs("</th>", pg->fp);
    fputs("</tr>\n", pg->fp);
    for (size_t j = 0; j < per; j++) {
        long o = pl_report_outcome_index(pg->d, text_of(t, j, "outcome"));
        fputs("<tr><td title=\"", pg->fp), text(pg->fp, o >= 0 ? pg->d->outcome[o].description : ""), fputs("\">", pg->fp);
        text(pg->fp, text_of(t, j, "outcome")), fputs("</td>", pg->fp);
        for (long p = 0; p < points; p++) {
            size_t r = (size_t)p * per + j;
            if (!isfinite(real_of(t, r, "median"))) fputs("<td>undefined</td>", pg->fp);
            else fprintf(pg->fp, "<td class=\"num\"><b>%s</b> <small>%s to %s</small></td>", num(real_of(t, r, "median"), a),
                         num(real_of(t, r, "q05"), b), num(real_of(t, r, "q95"), c));
        }
        fputs("</tr>\n", pg->fp);
    }
    fputs("</table>\n", pg->fp);
    csv_link(pg, t);
}

static void histograms(page *pg)
{
    const pl_report_data *d = pg->d;
    enum { BINS = 30 };
    long count[BINS];
    double lo, width;
    for (size_t o = 0, shown = 0; !pg->grid && o < d->n_outcomes && shown < MAX_HIST; o++) {
        if (d->binary[o] || !pl_report_histogram(d, o, BINS, count, &lo, &width)) continue;
        json_t *rows = json_array();
        for (int b = 0; b < BINS; b++)
            json_array_append_new(rows, json_pack("{s:f, s:f, s:I}", "x0", lo + b * width, "x1", lo + (b + 1) * width,
                                                  "count", (json_int_t)count[b]));
        chart(pg, pl_vega_spec_histogram(d->outcome[o].name, rows), d->outcome[o].description), shown++;
    }
}

static pl_status section_outcomes(page *pg, pl_error *err)
{
    pl_result_table *t = NULL;
    pl_status s = PL_OK;
    if (pl_report_has_round1(pg->d)) {
        fputs("<section id=\"terms\"><h2>The first round's terms</h2>\n<p>What the terms offered in the first round are "
              "worth to each side, the red lines they cross and the guarantee's credibility at each point: the median "
              "over the runs and the range holding 90% of them (values in years of the stakes; docs/models/settle.md; "
              "hover a name for its meaning). The store keeps these values, not the terms point by point.</p>\n", pg->fp);
        s = pl_report_table_outcomes(pg->d, 1, pg->scratch, &t, err);
        if (!s) terms_html(pg, t);
        pl_result_table_free(t);
        fputs("</section>\n", pg->fp);
    }
    fputs("<section id=\"outcomes\"><h2>Every outcome, point by point</h2>\n<details><summary>The table (the "
          "statistic by the outcome's kind: p for yes/no, the Kaplan–Meier median for a time to an event, else the "
          "mean; 90% intervals)</summary>\n", pg->fp);
    if (!s) s = pl_report_table_outcomes(pg->d, 0, pg->scratch, &t, err);
    if (!s) table_html(pg, t), pl_result_table_free(t);
    fputs("</details>\n<div class=\"grid\">\n", pg->fp);
    histograms(pg);
    fputs("</div></section>\n", pg->fp);
    return s;
}

/* ---- Series, sensitivity, inputs, reproduction ------------------------------------------------------ */

static pl_status section_series(page *pg, pl_error *err)
{
    const pl_report_data *d = pg->d;
    if (!d->job->n_series) return PL_OK;
    fputs("<section id=\"series\"><h2>Over time</h2>\n<p>Median (line), 25–75% (dark band) and 5–95% (light band) of the "
          "runs that kept their series.</p>\n<div class=\"grid\">\n", pg->fp);
    size_t shown = 0;
    for (size_t k = 0; k < d->job->n_series && shown < MAX_FANS; k++) {
        pl_report_fan_row *f;
        size_t n;
        pl_status s = pl_report_fan(pg->st, d, k, &f, &n, err);
        if (s) return s;
        json_t *rows = json_array();
        for (size_t i = 0; i < n; i++)
            json_array_append_new(rows, json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:I}", "x", (json_int_t)f[i].step, "lo",
                                                  f[i].q[0], "lo2", f[i].q[1], "mid", f[i].q[2], "hi2", f[i].q[3], "hi",
                                                  f[i].q[4], "runs", (json_int_t)f[i].n));
        pl_free(f);
        char title[300];
        snprintf(title, sizeof title, "%s (%s)", d->job->series[k].name, d->job->series[k].entity);
        if (n > 1) chart(pg, pl_vega_spec_band(d->job->series[k].step_unit, title, rows, 1, 260), title), shown++;
        else json_decref(rows);
    }
    fprintf(pg->fp, "</div>%s</section>\n", shown ? "" : "<p>No series kept more than one step.</p>");
    return PL_OK;
}

static void section_sensitivity(page *pg)
{
    const pl_store_job *j = pg->d->job;
    if (!j->n_sens) return;
    fputs("<section id=\"sensitivity\"><h2>Sensitivity measures stored with the job</h2>\n<div class=\"grid\">\n", pg->fp);
    for (size_t a = 0; a < pg->n_answer; a++) {
        json_t *rows = json_array();
        double top = 0;
        for (size_t k = 0; k < j->n_sens && json_array_size(rows) < 15; k++) {
            const pl_store_sens *r = &j->sens[k];
            if (strcmp(r->outcome, pg->d->outcome[pg->answer[a]].name) || strcmp(r->measure, pl_report_main_measure(r->method))) continue;
            double lo = isfinite(r->lo) ? r->lo : r->value, hi = isfinite(r->hi) ? r->hi : r->value;
            top = fmax(top, fmax(hi, r->value));
            json_array_append_new(rows, json_pack("{s:s, s:f, s:f, s:f}", "label", r->input, "value", r->value, "lo", lo, "hi", hi));
        }
        if (json_array_size(rows)) chart(pg, pl_vega_spec_bars(pl_report_main_measure(j->sens[0].method), rows, top > 0 ? top * 1.05 : 1, 0, NULL),
                                         pg->d->outcome[pg->answer[a]].name);
        else json_decref(rows);
    }
    fputs("</div>\n<details><summary>Every measure</summary>\n", pg->fp);
    pl_result_table *t;
    if (!pl_report_table_sensitivity(pg->d, &t, NULL)) table_html(pg, t);
    pl_result_table_free(t);
    fputs("</details></section>\n", pg->fp);
}

static void section_inputs(page *pg)
{
    fputs("<section id=\"inputs\"><h2>Inputs and their sources</h2>\n", pg->fp);
    for (int varied = 1; varied >= 0; varied--) {
        pl_result_table *t;
        if (!varied) fputs("<details><summary>Fixed inputs</summary>\n", pg->fp);
        if (!pl_report_table_inputs(pg->d, varied, &t, NULL)) table_html(pg, t);
        pl_result_table_free(t);
    }
    fputs("</details></section>\n", pg->fp);
}

static void section_reproduce(page *pg)
{
    const pl_report_data *d = pg->d;
    const char *parts[] = {"<section id=\"reproduce\"><h2>Reproducing these results</h2>\n<p>parley version <b>", d->version,
                           "</b>, seed <b>", d->job->seed, "</b>, job of <code>", d->store_path, "</code>, created ",
                           d->job->created, ", ", d->seconds, " s on ", d->parallelism,
                           ". Run i draws from random stream (seed, i), so the same command gives the same numbers on any "
                           "number of threads or MPI ranks:</p>\n<pre>", d->command_line, "</pre>\n</section>\n"};
    for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++)
        if (k % 2) text(pg->fp, parts[k]);
        else fputs(parts[k], pg->fp);
}

/* ---- The page --------------------------------------------------------------------------------------- */

static const char *const style =
    "body{font:15px/1.45 system-ui,sans-serif;max-width:1180px;margin:0 auto;padding:0 24px 48px;color:#1d232b}"
    "h1{font-size:1.6em;margin:.8em 0 .1em}h2{border-bottom:1px solid #d0d7de;padding-bottom:.2em;margin-top:1.6em}"
    ".meta{color:#57606a}.warn{background:#fff8e6;border-left:4px solid #d4a017;padding:2px 14px}"
    "table{border-collapse:collapse;font-size:13px;margin:.6em 0}.csv{font-size:13px;margin:.2em 0 .8em}"
    "td,th{border:1px solid #d0d7de;padding:3px 7px;text-align:left;vertical-align:top}th{background:#f3f5f7}td.num{text-align:right}td small{display:block;white-space:nowrap;color:#57606a}"
    ".grid{display:flex;flex-wrap:wrap;gap:8px 24px}figure{margin:8px 0}figcaption{font-size:12px;color:#57606a;max-width:560px}"
    ".sources{font-size:13px;color:#57606a}pre{background:#f3f5f7;padding:8px;white-space:pre-wrap;word-break:break-all}code{background:#f3f5f7}";

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

/* JSON inside a <script> element. Escaping "</" alone is not enough: in script data "<!--" followed by
** "<script" enters the double-escaped state, where "</script>" no longer ends the element and every
** chart after it is lost. JSON holds "<", ">" and "&" only inside strings, where \u003c, \u003e and
** \u0026 mean the same characters, so none of them is written raw (HTML spec, "script data"). */
static void write_script_json(FILE *fp, const char *json)
{
    for (const char *p = json; *p; p++)
        if (*p == '<') fputs("\\u003c", fp);
        else if (*p == '>') fputs("\\u003e", fp);
        else if (*p == '&') fputs("\\u0026", fp);
        else fputc(*p, fp);
}

static pl_status body(page *pg, pl_error *err)
{
    const pl_report_data *d = pg->d;
    fputs("</script></head>\n<body>\n<header><h1>", pg->fp);
    text(pg->fp, d->title);
    fputs("</h1><p class=\"meta\">", pg->fp);
    text(pg->fp, d->job->command);
    fprintf(pg->fp, " · %ld runs · %s design · seed %s · parley ", d->n_runs, d->method, d->job->seed);
    text(pg->fp, d->version);
    fputs("</p></header>\n", pg->fp);
    section_warnings(pg);
    pl_status s = section_answer(pg, err);
    if (!s) s = section_drivers(pg, err);
    if (!s) s = section_outcomes(pg, err);
    if (!s) s = section_series(pg, err);
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

pl_status pl_report_write_html(FILE *fp, pl_store *st, const pl_report_data *d, const char *outcomes, const char *vega_dir,
                            pl_error *err)
{
    page pg = {fp, st, d, json_array(), {0}, 0, NULL, strcmp(d->method, "grid") == 0 && d->n_axes > 0};
    pg.scratch = pl_malloc((3 * (size_t)d->planned + 1) * sizeof *pg.scratch);
    pl_status s = !pg.scratch || !pg.charts ? pl_error_set(err, PL_ENOMEM, "out of memory")
                                             : pl_report_pick_outcomes(d, outcomes, pg.answer, MAX_ANSWER, &pg.n_answer, err);
    if (!s) {
        fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>parley report: ", fp);
        text(fp, d->title);
        fprintf(fp, "</title>\n<meta name=\"generator\" content=\"parley %s\">\n<style>%s</style>\n<script>\n", PARLEY_VERSION, style);
        s = pl_vega_write_library(fp, vega_dir, err);
    }
    if (!s) s = body(&pg, err);
    json_decref(pg.charts);
    pl_free(pg.scratch);
    return s;
}
