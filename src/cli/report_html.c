/*
** report_html.c — the report page: the answer per grid point first (the chosen outcomes with
** 90% Wilson intervals and counts), signed drivers, the first round's terms, every outcome per
** point, fans, stored sensitivity measures, inputs and how to reproduce the job. Every table
** carries its CSV as a data: link. Numbers come shaped from parley/report_data.h; this file only
** writes HTML.
** Layer: interfaces.
*/
#include "cli/report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/outfile.h"

enum { MAX_ANSWER = 6, MAX_DRIVERS = 12, MAX_FANS = 12, MAX_HIST = 24 };

static const double LEVEL = 0.9; /* intervals on the page: 90% Wilson */

/* The outcomes that answer the flagship question (does a guarantee get accepted, and does the
** peace hold?) when a job has them: acceptance by each side, renewal within 5 and 10 years. */
static const char *const flagship[] = {"accept_attacker", "accept_defender", "signed_recommenced_5y",
                                       "signed_recommenced_10y"};

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

/* ---- Tables with their CSV -------------------------------------------------------------------- */

typedef struct table {
    page *pg;
    FILE *csv;
    char *buf;
    size_t size;
    const char *file;
    int cells, html; /* html 0: the rows go to the CSV only (the page shows them otherwise) */
} table;

static void csv_text(table *t, const char *s)
{
    if (t->cells++) fputc(',', t->csv);
    if (!strpbrk(s, ",\"\n\r")) {
        fputs(s, t->csv);
        return;
    }
    fputc('"', t->csv);
    for (; *s; s++) fputs(*s == '"' ? "\"\"" : (char[2]){*s, 0}, t->csv);
    fputc('"', t->csv);
}

static void tbl_open_as(page *pg, table *t, const char *file, const char *const *head, size_t n, int html)
{
    *t = (table){pg, NULL, NULL, 0, file, 0, html};
    t->csv = open_memstream(&t->buf, &t->size);
    if (html) fputs("<table><tr>", pg->fp);
    for (size_t c = 0; c < n; c++) {
        if (html) fputs("<th>", pg->fp), text(pg->fp, head[c]), fputs("</th>", pg->fp);
        if (t->csv) csv_text(t, head[c]);
    }
    if (html) fputs("</tr>\n", pg->fp);
}

static void tbl_open(page *pg, table *t, const char *file, const char *const *head, size_t n)
{
    tbl_open_as(pg, t, file, head, n, 1);
}

static void tbl_row(table *t)
{
    if (t->html) fputs(t->cells ? "</tr>\n<tr>" : "<tr>", t->pg->fp);
    if (t->csv) fputc('\n', t->csv);
    t->cells = 0;
}

static void tbl_text(table *t, const char *s)
{
    if (t->html) fputs("<td>", t->pg->fp), text(t->pg->fp, s), fputs("</td>", t->pg->fp);
    if (t->csv) csv_text(t, s);
    else t->cells++;
}

/* A number: HTML as num() (as a percentage when pct), CSV with the shortest text that reads back
** as the same double. NaN is an empty cell. */
static void tbl_num(table *t, double v, int pct)
{
    char html[48] = "", csv[32] = "";
    if (isfinite(v)) {
        if (pct) snprintf(html, sizeof html, "%.1f%%", 100 * v);
        else num(v, html);
        if (v == floor(v) && fabs(v) < 1e15) snprintf(csv, sizeof csv, "%.0f", v); /* counts as integers, not 4e+01 */
        else
            for (int digits = 1; digits <= 17; digits++)
                if (snprintf(csv, sizeof csv, "%.*g", digits, v), strtod(csv, NULL) == v) break;
    }
    if (t->html) fprintf(t->pg->fp, "<td class=\"num\">%s</td>", html);
    if (t->csv) csv_text(t, csv);
    else t->cells++;
}

/* Ends the table and offers its CSV as a data: URL (percent-encoded), named file. */
static void tbl_close(table *t)
{
    FILE *fp = t->pg->fp;
    if (t->html) fputs(t->cells ? "</tr>\n</table>\n" : "</table>\n", fp);
    if (!t->csv || fclose(t->csv) != 0) return;
    fprintf(fp, "<p class=\"csv\"><a download=\"%s\" href=\"data:text/csv;charset=utf-8,", t->file);
    for (const unsigned char *c = (const unsigned char *)t->buf; *c; c++) {
        if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.~", *c)) fputc(*c, fp);
        else fprintf(fp, "%%%02X", *c);
    }
    fprintf(fp, "%%0A\">Download %s</a> (CSV, one row per %s)</p>\n", t->file, t->html ? "row above" : "point and outcome");
    free(t->buf);
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

/* Grid point p in words: each axis's value, with its rung's name where it has one. */
static const char *point_label(const page *pg, long p, char *buf, size_t size)
{
    const pl_report_data *d = pg->d;
    if (!pg->grid) return snprintf(buf, size, "all runs"), buf;
    size_t at = 0;
    for (size_t a = 0; a < d->n_axes && at < size; a++) {
        char name[96], v[48];
        double x = pl_report_axis_value(d, a, p);
        const char *label = pl_report_value_label(d->axis_name[a], x, name, sizeof name);
        at += (size_t)snprintf(buf + at, size - at, "%s%s", a ? " / " : "", *label ? label : num(x, v));
    }
    return buf;
}

/* A short name for outcome o: its description when short enough, else its key. */
static const char *outcome_label(const pl_report_data *d, size_t o)
{
    const char *desc = d->outcome[o].description;
    return *desc && strlen(desc) <= 72 ? desc : d->outcome[o].name;
}

/* ---- Choosing the answer -------------------------------------------------------------------------- */

static int varies(const page *pg, size_t o)
{
    const pl_report_data *d = pg->d;
    double first = (double)NAN;
    for (long i = 0; i < d->planned; i++) {
        double v = d->y[(size_t)i * d->n_outcomes + o];
        if (!isfinite(v) || !d->ok[i]) continue;
        if (isnan(first)) first = v;
        else if (v != first) return 1;
    }
    return 0;
}

static pl_status pick_answer(page *pg, const char *list, pl_error *err)
{
    const pl_report_data *d = pg->d;
    pg->n_answer = 0;
    if (!d->n_outcomes)
        return pl_error_at(err, PL_ESTORE, d->store_path, 0, 0, "found job %lld with no outcomes, expected at least one",
                           (long long)d->job->id);
    for (const char *at = list; at && *at && pg->n_answer < MAX_ANSWER;) {
        size_t len = strcspn(at, ",");
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)len, at);
        long o = pl_report_outcome_index(d, name);
        if (o < 0) return pl_error_set(err, PL_EINVAL, "--outcome %s: the job has no such outcome", name);
        pg->answer[pg->n_answer++] = (size_t)o;
        at += len + (at[len] == ',');
    }
    for (size_t k = 0; !list && k < sizeof flagship / sizeof flagship[0]; k++) {
        long o = pl_report_outcome_index(d, flagship[k]);
        if (o >= 0) pg->answer[pg->n_answer++] = (size_t)o;
    }
    for (int binary = 1; binary >= 0 && !pg->n_answer; binary--)
        for (size_t o = 0; o < d->n_outcomes && !pg->n_answer; o++)
            if (d->binary[o] == binary && varies(pg, o)) pg->answer[pg->n_answer++] = o;
    if (!pg->n_answer) pg->answer[pg->n_answer++] = 0;
    return PL_OK;
}

/* ---- Warnings ------------------------------------------------------------------------------------- */

static void section_warnings(page *pg)
{
    const pl_report_data *d = pg->d;
    long weak = 0, points = pl_report_points(d);
    for (long p = 0, first, count; p < points; p++) {
        pl_report_point_runs(d, p, &first, &count);
        for (size_t a = 0; a < pg->n_answer; a++) {
            pl_report_rate r;
            pl_report_rate_of(d, pg->answer[a], first, count, LEVEL, &r);
            if (d->binary[pg->answer[a]] && r.hi - r.lo > 0.2) weak++;
        }
    }
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

/* The answer's yes-no outcomes at every point: chart rows, a table of points by outcomes on the
** page, and its tidy CSV (a row per point and outcome). */
static void answer_rates(page *pg, json_t *rows)
{
    const pl_report_data *d = pg->d;
    static const char *const head[] = {"point", "outcome", "p", "lo 90%", "hi 90%", "k", "n"};
    table t;
    tbl_open_as(pg, &t, "answer.csv", head, 7, 0);
    fputs("<table><tr><th>point</th>", pg->fp);
    for (size_t a = 0; a < pg->n_answer; a++)
        if (d->binary[pg->answer[a]]) fputs("<th>", pg->fp), text(pg->fp, outcome_label(d, pg->answer[a])), fputs("</th>", pg->fp);
    fputs("</tr>\n", pg->fp);
    for (long p = 0, first, count; p < pl_report_points(d); p++) {
        char label[256];
        point_label(pg, p, label, sizeof label);
        pl_report_point_runs(d, p, &first, &count);
        fputs("<tr><td>", pg->fp), text(pg->fp, label), fputs("</td>", pg->fp);
        for (size_t a = 0; a < pg->n_answer; a++) {
            size_t o = pg->answer[a];
            if (!d->binary[o]) continue;
            pl_report_rate r;
            pl_report_rate_of(d, o, first, count, LEVEL, &r);
            if (r.n) fprintf(pg->fp, "<td class=\"num\"><b>%.1f%%</b> <small>%.1f–%.1f%% · %ld of %ld</small></td>", 100 * r.p,
                             100 * r.lo, 100 * r.hi, r.k, r.n);
            else fputs("<td>no run counts</td>", pg->fp);
            tbl_row(&t), tbl_text(&t, label), tbl_text(&t, d->outcome[o].name);
            tbl_num(&t, r.p, 1), tbl_num(&t, r.lo, 1), tbl_num(&t, r.hi, 1), tbl_num(&t, (double)r.k, 0), tbl_num(&t, (double)r.n, 0);
            if (r.n)
                json_array_append_new(rows, json_pack("{s:s, s:s, s:f, s:f, s:f, s:I, s:I}", "label", label, "group",
                                                      outcome_label(d, o), "mid", r.p, "lo", r.lo, "hi", r.hi, "k",
                                                      (json_int_t)r.k, "n", (json_int_t)r.n));
        }
        fputs("</tr>\n", pg->fp);
    }
    fputs("</table>\n", pg->fp);
    tbl_close(&t);
}

/* A non-grid job: the first answer outcome against the input it depends on most, in ten bins. */
static void answer_curve(page *pg)
{
    const pl_report_data *d = pg->d;
    size_t o = pg->answer[0];
    long k = pl_report_top_input(d, o, pg->scratch);
    pl_report_bin bin[10];
    size_t n = k < 0 ? 0 : pl_report_binned(d, o, (size_t)k, 10, LEVEL, bin, pg->scratch);
    if (!n) return;
    json_t *rows = json_array();
    for (size_t b = 0; b < n; b++)
        json_array_append_new(rows, json_pack("{s:f, s:f, s:f, s:f, s:I}", "x", bin[b].x, "mid", bin[b].mid, "lo", bin[b].lo,
                                              "hi", bin[b].hi, "runs", (json_int_t)bin[b].n));
    char caption[600];
    snprintf(caption, sizeof caption, "%s against %s, the input it depends on most, in ten equal-count bins of the runs: "
             "%s and its 90%% interval.", d->outcome[o].name, d->input[k].name, d->binary[o] ? "probability" : "mean");
    chart(pg, report_spec_band(d->input[k].name, d->outcome[o].name, rows, 0, 560), caption);
}

static void section_answer(page *pg)
{
    const pl_report_data *d = pg->d;
    fputs("<section id=\"answer\"><h2>The answer, point by point</h2>\n<p>", pg->fp);
    fprintf(pg->fp, "%ld of %ld planned runs (%s design, seed %s); ", d->n_runs, d->planned, d->method, d->job->seed);
    if (pg->grid) {
        fprintf(pg->fp, "%ld grid points of %ld runs each over ", pl_report_points(d), d->design_runs);
        for (size_t a = 0; a < d->n_axes; a++) fputs(a ? " and <b>" : "<b>", pg->fp), text(pg->fp, d->axis_name[a]), fputs("</b>", pg->fp);
        fputs(". Every number is for one point: nothing is pooled across the grid.", pg->fp);
    } else fprintf(pg->fp, "%zu of %zu inputs drawn from their distributions.", d->n_varied, d->n_inputs);
    fputs(" Probabilities carry their 90% Wilson interval and the runs they count (k of n).</p>\n", pg->fp);
    /* The rows are computed with the table, but the chart comes first: the table goes to a buffer. */
    json_t *rows = json_array();
    FILE *page_fp = pg->fp;
    char *tbuf = NULL;
    size_t tsize = 0;
    pg->fp = open_memstream(&tbuf, &tsize);
    if (pg->fp) answer_rates(pg, rows), fclose(pg->fp);
    pg->fp = page_fp;
    if (json_array_size(rows) && pg->grid)
        chart(pg, report_spec_points(d->axis_name[0], "probability", json_incref(rows), 1.0),
              "Each outcome's probability at each grid point (dot) and its 90% Wilson interval (bar); hover for k of n.");
    if (tbuf) fputs(tbuf, pg->fp);
    free(tbuf);
    json_decref(rows);
    if (!pg->grid) answer_curve(pg);
    fputs("</section>\n", pg->fp);
}

/* ---- Drivers ------------------------------------------------------------------------------------- */

static void section_drivers(page *pg)
{
    const pl_report_data *d = pg->d;
    pl_report_driver dr[MAX_DRIVERS];
    fputs("<section id=\"drivers\"><h2>What drives it</h2>\n<p>For each outcome, the inputs that move it most, and which "
          "way: the outcome's mean over the runs whose input lies in its highest fifth minus that over the runs in its "
          "lowest fifth, within each grid point, averaged over the points. Red: a higher value of the input raises the "
          "outcome; blue: lowers it.</p>\n<div class=\"grid\">\n", pg->fp);
    size_t any = 0;
    for (size_t a = 0; a < pg->n_answer; a++) {
        size_t n = pl_report_drivers(d, pg->answer[a], dr, MAX_DRIVERS, pg->scratch);
        json_t *rows = json_array();
        double top = 0;
        for (size_t k = 0; k < n; k++, any++) {
            json_array_append_new(rows, json_pack("{s:s, s:f, s:f, s:f}", "label", d->input[dr[k].input].name, "value",
                                                  dr[k].effect, "lo", dr[k].effect, "hi", dr[k].effect));
            top = fmax(top, fabs(dr[k].effect));
        }
        if (n) chart(pg, report_spec_bars("change from the input's lowest to its highest fifth", rows, top > 0 ? top * 1.1 : 1, 1),
                     outcome_label(d, pg->answer[a]));
        else json_decref(rows);
    }
    fputs("</div>\n", pg->fp);
    if (!any) {
        fputs("<p>No input besides the grid's axes varied, so nothing else can drive the outcomes (draw inputs with "
              "<code>--vary</code>).</p></section>\n", pg->fp);
        return;
    }
    fputs("<ul class=\"sources\">\n", pg->fp); /* what each input shown is, from its declaration */
    unsigned char *said = pl_calloc(d->n_inputs + 1, 1);
    for (size_t a = 0; said && a < pg->n_answer; a++) {
        size_t n = pl_report_drivers(d, pg->answer[a], dr, MAX_DRIVERS, pg->scratch);
        for (size_t k = 0; k < n; k++) {
            const pl_store_input *in = &d->input[dr[k].input];
            if (said[dr[k].input]++ || !*in->source) continue;
            fputs("<li><b>", pg->fp), text(pg->fp, in->name), fputs("</b>: ", pg->fp), text(pg->fp, in->source);
            fputs("</li>\n", pg->fp);
        }
    }
    pl_free(said);
    fputs("</ul>\n", pg->fp);
    static const char *const head[] = {"outcome", "input", "mean, lowest fifth", "mean, highest fifth", "effect", "runs"};
    table t;
    fputs("<details><summary>The numbers</summary>\n", pg->fp);
    tbl_open(pg, &t, "drivers.csv", head, 6);
    for (size_t a = 0; a < pg->n_answer; a++) {
        size_t o = pg->answer[a], n = pl_report_drivers(d, o, dr, MAX_DRIVERS, pg->scratch);
        for (size_t k = 0; k < n; k++) {
            tbl_row(&t), tbl_text(&t, d->outcome[o].name), tbl_text(&t, d->input[dr[k].input].name);
            tbl_num(&t, dr[k].low, 0), tbl_num(&t, dr[k].high, 0), tbl_num(&t, dr[k].effect, 0), tbl_num(&t, (double)dr[k].n, 0);
        }
    }
    tbl_close(&t);
    fputs("</details></section>\n", pg->fp);
}

/* ---- Outcomes per point ------------------------------------------------------------------------------- */

/* Every outcome (or those of round 1) at every point: runs, mean, quantiles, and p with its interval;
** html 0: the CSV only. */
static void outcome_table(page *pg, const char *file, int round1_only, int html)
{
    const pl_report_data *d = pg->d;
    static const char *const head[] = {"point", "outcome", "runs", "undefined", "mean", "5%", "median", "95%", "p",
                                       "lo 90%", "hi 90%"};
    table t;
    tbl_open_as(pg, &t, file, head, 11, html);
    for (long p = 0, first, count; p < pl_report_points(d); p++) {
        char label[256];
        point_label(pg, p, label, sizeof label);
        pl_report_point_runs(d, p, &first, &count);
        for (size_t o = 0; o < d->n_outcomes; o++) {
            if (round1_only && strncmp(d->outcome[o].description, "round 1", 7) != 0) continue;
            pl_summary s;
            if (pl_report_summary_of(d, o, first, count, pg->scratch, &s, NULL)) memset(&s, 0, sizeof s);
            pl_report_rate r = {0, 0, (double)NAN, (double)NAN, (double)NAN};
            if (d->binary[o]) pl_report_rate_of(d, o, first, count, LEVEL, &r);
            tbl_row(&t), tbl_text(&t, label), tbl_text(&t, d->outcome[o].name);
            tbl_num(&t, (double)s.n, 0), tbl_num(&t, (double)s.n_missing, 0);
            double cells[] = {s.mean, s.q[0], s.q[2], s.q[4]};
            for (int c = 0; c < 4; c++) tbl_num(&t, s.n ? cells[c] : (double)NAN, 0);
            tbl_num(&t, r.p, 1), tbl_num(&t, r.n ? r.lo : (double)NAN, 1), tbl_num(&t, r.n ? r.hi : (double)NAN, 1);
        }
    }
    tbl_close(&t);
}

/* The first round's terms and what they are worth: outcomes by points on the page (median and
** 5–95% of runs), the tidy table as CSV. */
static void terms_table(page *pg)
{
    const pl_report_data *d = pg->d;
    long points = pl_report_points(d);
    fputs("<table><tr><th>outcome</th>", pg->fp);
    for (long p = 0; p < points; p++) {
        char label[256];
        fputs("<th>", pg->fp), text(pg->fp, point_label(pg, p, label, sizeof label)), fputs("</th>", pg->fp);
    }
    fputs("</tr>\n", pg->fp);
    for (size_t o = 0; o < d->n_outcomes; o++) {
        if (strncmp(d->outcome[o].description, "round 1", 7) != 0) continue;
        fputs("<tr><td title=\"", pg->fp), text(pg->fp, d->outcome[o].description), fputs("\">", pg->fp);
        text(pg->fp, d->outcome[o].name), fputs("</td>", pg->fp);
        for (long p = 0, first, count; p < points; p++) {
            pl_summary s;
            char a[48], b[48], c[48];
            pl_report_point_runs(d, p, &first, &count);
            if (pl_report_summary_of(d, o, first, count, pg->scratch, &s, NULL) || !s.n) fputs("<td>undefined</td>", pg->fp);
            else fprintf(pg->fp, "<td class=\"num\"><b>%s</b> <small>%s to %s</small></td>", num(s.q[2], a), num(s.q[0], b),
                         num(s.q[4], c));
        }
        fputs("</tr>\n", pg->fp);
    }
    fputs("</table>\n", pg->fp);
}

static json_t *histogram_rows(const pl_report_data *d, size_t o)
{
    enum { BINS = 30 };
    double lo = INFINITY, hi = -INFINITY;
    for (long i = 0; i < d->planned; i++) {
        double v = d->y[(size_t)i * d->n_outcomes + o];
        if (isfinite(v) && pl_report_sampled(d, i)) lo = fmin(lo, v), hi = fmax(hi, v);
    }
    long count[BINS] = {0};
    double width = (hi - lo) / BINS;
    for (long i = 0; i < d->planned && width > 0; i++) {
        double v = d->y[(size_t)i * d->n_outcomes + o];
        long b = isfinite(v) && pl_report_sampled(d, i) ? (long)((v - lo) / width) : -1;
        if (b >= 0) count[b >= BINS ? BINS - 1 : b]++;
    }
    json_t *rows = json_array();
    for (int b = 0; b < BINS && width > 0; b++)
        json_array_append_new(rows, json_pack("{s:f, s:f, s:I}", "x0", lo + b * width, "x1", lo + (b + 1) * width, "count",
                                              (json_int_t)count[b]));
    return rows;
}

static void section_outcomes(page *pg)
{
    const pl_report_data *d = pg->d;
    int round1 = 0;
    for (size_t o = 0; o < d->n_outcomes; o++) round1 |= strncmp(d->outcome[o].description, "round 1", 7) == 0;
    if (round1) {
        fputs("<section id=\"terms\"><h2>The first round's terms</h2>\n<p>What the terms offered in the first round are "
              "worth to each side, the red lines they cross and the guarantee's credibility at each point: the median "
              "over the runs and the range holding 90% of them (values in years of the stakes; docs/models/settle.md; "
              "hover a name for its meaning). The store keeps these values, not the terms point by point.</p>\n", pg->fp);
        terms_table(pg);
        outcome_table(pg, "first-round.csv", 1, 0); /* its tidy CSV */
        fputs("</section>\n", pg->fp);
    }
    fputs("<section id=\"outcomes\"><h2>Every outcome, point by point</h2>\n<details><summary>The table</summary>\n", pg->fp);
    outcome_table(pg, "outcomes.csv", 0, 1);
    fputs("</details>\n<div class=\"grid\">\n", pg->fp);
    for (size_t o = 0, shown = 0; !pg->grid && o < d->n_outcomes && shown < MAX_HIST; o++) {
        json_t *rows = d->binary[o] || !varies(pg, o) ? NULL : histogram_rows(d, o);
        if (rows && json_array_size(rows)) chart(pg, report_spec_histogram(d->outcome[o].name, rows), d->outcome[o].description), shown++;
        else json_decref(rows);
    }
    fputs("</div></section>\n", pg->fp);
}

/* ---- Series, sensitivity, inputs, reproduction ------------------------------------------------------ */

static pl_status section_series(page *pg, pl_error *err)
{
    const pl_report_data *d = pg->d;
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
        if (n > 1) chart(pg, report_spec_band(d->job->series[k].step_unit, title, rows, 1, 260), title), shown++;
        else json_decref(rows);
    }
    fprintf(pg->fp, "</div>%s</section>\n", shown ? "" : "<p>The job kept no time series.</p>");
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
        if (json_array_size(rows)) chart(pg, report_spec_bars(pl_report_main_measure(j->sens[0].method), rows, top > 0 ? top * 1.05 : 1, 0),
                                         pg->d->outcome[pg->answer[a]].name);
        else json_decref(rows);
    }
    fputs("</div>\n<details><summary>Every measure</summary>\n", pg->fp);
    static const char *const head[] = {"outcome", "input", "method", "measure", "value", "lo 95%", "hi 95%"};
    table t;
    tbl_open(pg, &t, "sensitivity.csv", head, 7);
    for (size_t k = 0; k < j->n_sens; k++) {
        const pl_store_sens *r = &j->sens[k];
        tbl_row(&t), tbl_text(&t, r->outcome), tbl_text(&t, r->input), tbl_text(&t, r->method), tbl_text(&t, r->measure);
        tbl_num(&t, r->value, 0), tbl_num(&t, r->lo, 0), tbl_num(&t, r->hi, 0);
    }
    tbl_close(&t);
    fputs("</details></section>\n", pg->fp);
}

static void section_inputs(page *pg)
{
    const pl_report_data *d = pg->d;
    static const char *const head[] = {"input", "value", "distribution", "source"};
    fputs("<section id=\"inputs\"><h2>Inputs and their sources</h2>\n", pg->fp);
    for (int varied = 1; varied >= 0; varied--) {
        table t;
        if (!varied) fputs("<details><summary>Fixed inputs</summary>\n", pg->fp);
        tbl_open(pg, &t, varied ? "inputs-varied.csv" : "inputs-fixed.csv", head, 4);
        for (size_t k = 0; k < d->n_inputs; k++) {
            if (d->input[k].varied != varied) continue;
            tbl_row(&t), tbl_text(&t, d->input[k].name), tbl_num(&t, d->input[k].nominal, 0);
            tbl_text(&t, varied ? d->input[k].distribution : "fixed"), tbl_text(&t, d->input[k].source);
        }
        tbl_close(&t);
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
    "td,th{border:1px solid #d0d7de;padding:3px 7px;text-align:left;vertical-align:top}th{background:#f3f5f7}td.num{text-align:right}"
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
    section_answer(pg);
    section_drivers(pg);
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

pl_status report_write_html(FILE *fp, pl_store *st, const pl_report_data *d, const char *outcomes, const char *vega_dir,
                            pl_error *err)
{
    page pg = {fp, st, d, json_array(), {0}, 0, NULL, strcmp(d->method, "grid") == 0 && d->n_axes > 0};
    pg.scratch = pl_malloc((3 * (size_t)d->planned + 1) * sizeof *pg.scratch);
    pl_status s = !pg.scratch || !pg.charts ? pl_error_set(err, PL_ENOMEM, "out of memory") : pick_answer(&pg, outcomes, err);
    if (!s) {
        fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>parley report: ", fp);
        text(fp, d->title);
        fprintf(fp, "</title>\n<meta name=\"generator\" content=\"parley %s\">\n<style>%s</style>\n<script>\n", PARLEY_VERSION, style);
        s = report_write_vega(fp, vega_dir, err);
    }
    if (!s) s = body(&pg, err);
    json_decref(pg.charts);
    pl_free(pg.scratch);
    return s;
}
