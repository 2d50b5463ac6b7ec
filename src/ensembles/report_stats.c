/*
** report_stats.c — what a reader asks of a job read back (report_data.c), always per grid
** point: probabilities with counts and Wilson intervals, summaries, signed drivers, the input an
** outcome depends on most, and the fans of time series.
** Layer: ensembles.
*/
#include "parley/report_data.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "parley/memory.h"
#include "parley/settle.h"
#include "parley/stats.h"

static int is_grid(const pl_report_data *d) { return strcmp(d->method, "grid") == 0 && d->n_axes > 0; }

long pl_report_points(const pl_report_data *d)
{
    long n = 1;
    for (size_t a = 0; is_grid(d) && a < d->n_axes; a++) n *= d->axis_n[a];
    return n;
}

void pl_report_point_runs(const pl_report_data *d, long p, long *first, long *count)
{
    if (!is_grid(d)) {
        *first = 0, *count = d->planned;
        return;
    }
    *first = p * d->design_runs;
    if (*first > d->planned) *first = d->planned;
    *count = *first + d->design_runs > d->planned ? d->planned - *first : d->design_runs;
}

double pl_report_axis_value(const pl_report_data *d, size_t a, long p)
{
    long n = d->axis_n[a], stride = 1;
    for (size_t b = a + 1; b < d->n_axes; b++) stride *= d->axis_n[b];
    long m = p / stride % n; /* as the engine's grid_values: one point alone is the axis's hi */
    return m >= n - 1 ? d->axis_hi[a] : d->axis_lo[a] + (d->axis_hi[a] - d->axis_lo[a]) * (double)m / (double)(n - 1);
}

const char *pl_report_value_label(const char *input, double v, char *buf, size_t size)
{
    buf[0] = '\0';
    const char *rung = strcmp(input, "settle.guarantee.strength") == 0 && v == floor(v) && v >= 0 && v <= 5
                           ? pl_guarantee_rung_name((int)v) : NULL;
    if (rung) snprintf(buf, size, "%g %s", v, rung);
    return buf;
}

const char *pl_report_point_label(const pl_report_data *d, long p, char *buf, size_t size)
{
    if (!is_grid(d)) return snprintf(buf, size, "all runs"), buf;
    size_t at = 0;
    buf[0] = '\0';
    for (size_t a = 0; a < d->n_axes && at < size; a++) {
        char name[96];
        double x = pl_report_axis_value(d, a, p);
        if (*pl_report_value_label(d->axis_name[a], x, name, sizeof name)) at += (size_t)snprintf(buf + at, size - at, "%s%s", a ? " / " : "", name);
        else at += (size_t)snprintf(buf + at, size - at, "%s%.6g", a ? " / " : "", x);
    }
    return buf;
}

static int counts(const pl_report_data *d, long i) { return d->ok[i] && pl_report_sampled(d, i); }

void pl_report_rate_of(const pl_report_data *d, size_t o, long first, long count, double level, pl_report_rate *r)
{
    r->k = r->n = 0;
    for (long i = first; i < first + count; i++) {
        double v = d->y[(size_t)i * d->n_outcomes + o];
        if (!counts(d, i) || !isfinite(v)) continue;
        r->n++;
        r->k += v > 0.5;
    }
    r->p = r->n ? (double)r->k / (double)r->n : (double)NAN;
    pl_stats_wilson(r->k, r->n, pl_stats_z(level), &r->lo, &r->hi);
}

pl_status pl_report_summary_of(const pl_report_data *d, size_t o, long first, long count, double *scratch,
                               pl_summary *out, pl_error *err)
{
    double *v = scratch + count;
    long m = 0;
    for (long i = first; i < first + count; i++)
        if (counts(d, i)) v[m++] = d->y[(size_t)i * d->n_outcomes + o];
    return pl_summary_compute(v, 1, m, d->binary[o], scratch, out, err);
}

int pl_report_varies(const pl_report_data *d, size_t o)
{
    double first = (double)NAN;
    for (long i = 0; i < d->planned; i++) {
        double v = d->y[(size_t)i * d->n_outcomes + o];
        if (!isfinite(v) || !d->ok[i]) continue;
        if (isnan(first)) first = v;
        else if (v != first) return 1;
    }
    return 0;
}

int pl_report_histogram(const pl_report_data *d, size_t o, int bins, long *count, double *lo, double *width)
{
    double hi = -HUGE_VAL;
    *lo = HUGE_VAL;
    for (long i = 0; i < d->planned; i++) {
        double v = d->y[(size_t)i * d->n_outcomes + o];
        if (isfinite(v) && counts(d, i)) *lo = fmin(*lo, v), hi = fmax(hi, v);
    }
    *width = (hi - *lo) / bins;
    if (!(*width > 0)) return 0;
    for (int b = 0; b < bins; b++) count[b] = 0;
    for (long i = 0; i < d->planned; i++) {
        double v = d->y[(size_t)i * d->n_outcomes + o];
        long b = isfinite(v) && counts(d, i) ? (long)((v - *lo) / *width) : -1;
        if (b >= 0) count[b >= bins ? bins - 1 : b]++;
    }
    return 1;
}

/* The outcomes that answer the flagship question (is a guarantee accepted, and does the peace
** hold?): acceptance by each side, renewal within 5 and 10 years. */
static const char *const flagship[] = {"accept_attacker", "accept_defender", "signed_recommenced_5y",
                                       "signed_recommenced_10y"};

pl_status pl_report_pick_outcomes(const pl_report_data *d, const char *list, size_t *out, size_t max, size_t *n,
                                  pl_error *err)
{
    *n = 0;
    if (!d->n_outcomes)
        return pl_error_at(err, PL_ESTORE, d->store_path, 0, 0, "found job %lld with no outcomes, expected at least one",
                           (long long)d->job->id);
    for (const char *at = list; at && *at && *n < max;) {
        size_t len = strcspn(at, ",");
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)len, at);
        long o = pl_report_outcome_index(d, name);
        if (o < 0) return pl_error_set(err, PL_EINVAL, "--outcome %s: the job has no such outcome", name);
        out[(*n)++] = (size_t)o;
        at += len + (at[len] == ',');
    }
    for (size_t k = 0; !list && k < sizeof flagship / sizeof flagship[0] && *n < max; k++) {
        long o = pl_report_outcome_index(d, flagship[k]);
        if (o >= 0) out[(*n)++] = (size_t)o;
    }
    for (int binary = 1; binary >= 0 && !*n; binary--)
        for (size_t o = 0; o < d->n_outcomes && !*n; o++)
            if (d->binary[o] == binary && pl_report_varies(d, o)) out[(*n)++] = o;
    if (!*n) out[(*n)++] = 0;
    return PL_OK;
}

long pl_report_wide_intervals(const pl_report_data *d, const size_t *o, size_t n, double level, double width)
{
    long wide = 0;
    for (long p = 0, first, count; p < pl_report_points(d); p++) {
        pl_report_point_runs(d, p, &first, &count);
        for (size_t a = 0; a < n; a++) {
            pl_report_rate r;
            pl_report_rate_of(d, o[a], first, count, level, &r);
            wide += d->binary[o[a]] && r.hi - r.lo > width;
        }
    }
    return wide;
}

static int is_axis(const pl_report_data *d, size_t input)
{
    for (size_t a = 0; a < d->n_axes; a++)
        if (strcmp(d->axis_name[a], d->input[input].name) == 0) return 1;
    return 0;
}

/* Adds point [first, first + count)'s low- and high-fifth means of o over input column c. */
static void driver_point(const pl_report_data *d, size_t o, long c, long first, long count, double *scratch,
                         pl_report_driver *dr)
{
    double *x = scratch, *y = scratch + count;
    size_t m = 0;
    for (long i = first; i < first + count; i++) {
        double a = d->x[(size_t)i * d->n_varied + (size_t)c], b = d->y[(size_t)i * d->n_outcomes + o];
        if (counts(d, i) && isfinite(a) && isfinite(b)) x[m] = a, y[m++] = b;
    }
    size_t fifth = m / 5;
    if (fifth < 2) return;
    gsl_sort2(x, 1, y, 1, m);
    if (x[0] == x[m - 1]) return; /* the input did not vary at this point */
    double low = 0, high = 0;
    for (size_t i = 0; i < fifth; i++) low += y[i], high += y[m - 1 - i];
    dr->low += low / (double)fifth * (double)m;
    dr->high += high / (double)fifth * (double)m;
    dr->n += (long)m;
}

static void sort_by_effect(pl_report_driver *out, size_t n)
{
    for (size_t i = 1; i < n; i++) /* insertion sort: a few dozen inputs */
        for (size_t j = i; j > 0 && fabs(out[j].effect) > fabs(out[j - 1].effect); j--) {
            pl_report_driver t = out[j];
            out[j] = out[j - 1];
            out[j - 1] = t;
        }
}

size_t pl_report_drivers(const pl_report_data *d, size_t o, pl_report_driver *out, size_t max, double *scratch)
{
    size_t n = 0;
    for (size_t v = 0; v < d->n_varied; v++) {
        size_t k = d->varied[v];
        if (is_axis(d, k)) continue;
        pl_report_driver dr = {k, 0, 0, 0, 0};
        for (long p = 0, first, count; p < pl_report_points(d); p++) {
            pl_report_point_runs(d, p, &first, &count);
            driver_point(d, o, (long)v, first, count, scratch, &dr);
        }
        if (!dr.n) continue;
        dr.low /= (double)dr.n, dr.high /= (double)dr.n, dr.effect = dr.high - dr.low;
        if (n < max) out[n++] = dr;
        else if (fabs(dr.effect) > fabs(out[max - 1].effect)) out[max - 1] = dr;
        sort_by_effect(out, n);
    }
    return n;
}

size_t pl_report_binned(const pl_report_data *d, size_t o, size_t k, int bins, double level, pl_report_bin *out,
                        double *scratch)
{
    double *x = scratch, *y = scratch + d->planned, z = pl_stats_z(level);
    size_t m = 0, n = 0;
    for (long i = 0; d->column[k] >= 0 && i < d->planned; i++) {
        double a = d->x[(size_t)i * d->n_varied + (size_t)d->column[k]], b = d->y[(size_t)i * d->n_outcomes + o];
        if (counts(d, i) && isfinite(a) && isfinite(b)) x[m] = a, y[m++] = b;
    }
    gsl_sort2(x, 1, y, 1, m);
    for (size_t start = 0, b = 1; start < m && n < (size_t)bins; b++) {
        size_t end = b >= (size_t)bins ? m : m * b / (size_t)bins;
        if (end <= start) end = start + 1;
        while (end < m && x[end] == x[end - 1]) end++;
        long c = (long)(end - start);
        double xs = 0, mean = gsl_stats_mean(y + start, 1, end - start), sd = c > 1 ? gsl_stats_sd(y + start, 1, end - start) : 0;
        for (size_t i = start; i < end; i++) xs += x[i];
        pl_report_bin *r = &out[n++];
        *r = (pl_report_bin){xs / (double)c, mean, mean - z * sd / sqrt((double)c), mean + z * sd / sqrt((double)c), c};
        if (d->binary[o]) pl_stats_wilson(lround(mean * (double)c), c, z, &r->lo, &r->hi);
        start = end;
    }
    return n;
}

const char *pl_report_main_measure(const char *method)
{
    return strcmp(method, "sobol") == 0 ? "ST" : strcmp(method, "morris") == 0 ? "mu_star" : "S1";
}

long pl_report_top_input(const pl_report_data *d, size_t o, double *scratch)
{
    const pl_store_job *j = d->job;
    for (size_t k = 0; k < j->n_sens; k++) { /* ranked largest first within (outcome, measure) */
        const pl_store_sens *r = &j->sens[k];
        if (strcmp(r->outcome, d->outcome[o].name) != 0 || strcmp(r->measure, pl_report_main_measure(r->method)) != 0) continue;
        long in = pl_report_input_index(d, r->input);
        if (in >= 0 && d->column[in] >= 0 && !is_axis(d, (size_t)in)) return in;
    }
    pl_report_driver top; /* else the first of the signed drivers the page shows */
    return pl_report_drivers(d, o, &top, 1, scratch) ? (long)top.input : -1;
}

/* ---- Fans ---------------------------------------------------------------------------------- */

typedef struct fan_ctx {
    pl_report_fan_row *rows;
    size_t n, cap, n_v, cap_v;
    double *v;
    long step;
} fan_ctx;

/* Closes the step whose values are in c->v. */
static int fan_flush(fan_ctx *c)
{
    if (!c->n_v) return 0;
    if (pl_grow((void **)&c->rows, &c->cap, c->n + 1, sizeof *c->rows)) return -1;
    pl_report_fan_row *r = &c->rows[c->n++];
    gsl_sort(c->v, 1, c->n_v);
    static const double level[5] = {0.05, 0.25, 0.5, 0.75, 0.95};
    for (int q = 0; q < 5; q++) r->q[q] = gsl_stats_quantile_from_sorted_data(c->v, 1, c->n_v, level[q]);
    r->step = c->step;
    r->n = (long)c->n_v;
    c->n_v = 0;
    return 0;
}

static pl_status fan_point(void *ctx, long run, long step, double value, pl_error *err)
{
    fan_ctx *c = ctx;
    (void)run;
    if (step != c->step && fan_flush(c)) return pl_error_set(err, PL_ENOMEM, "out of memory");
    c->step = step;
    if (pl_grow((void **)&c->v, &c->cap_v, c->n_v + 1, sizeof *c->v)) return pl_error_set(err, PL_ENOMEM, "out of memory");
    c->v[c->n_v++] = value;
    return PL_OK;
}

pl_status pl_report_fan(pl_store *st, const pl_report_data *d, size_t k, pl_report_fan_row **rows, size_t *n,
                        pl_error *err)
{
    fan_ctx c = {NULL, 0, 0, 0, 0, NULL, -1};
    const pl_store_series *s = &d->job->series[k];
    pl_status stt = pl_store_each_series_point(st, d->job->id, s->name, s->entity, fan_point, &c, err);
    if (!stt && fan_flush(&c)) stt = pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_free(c.v);
    if (stt) {
        pl_free(c.rows);
        c.rows = NULL, c.n = 0;
    }
    *rows = c.rows;
    *n = c.n;
    return stt;
}
