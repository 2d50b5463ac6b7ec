/*
** war_record.c — the observed record of a war (data/war/series.csv and the data files it names):
** one row per observation with its source and publication date, and a series of it as the points
** the model is compared with, for the calibration (war_fit.c) and the conditioning (war_condition.c).
** Layer: simulation.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/text.h"
#include "parley/war_fit.h"

/* Index of the column named name in the header, or -1. */
static int column(const pl_record *head, const char *name)
{
    for (size_t k = 0; k < head->n; k++)
        if (strcmp(head->field[k], name) == 0) return (int)k;
    return -1;
}

static pl_status need_columns(const pl_record *head, const char *path, const char *const *names, int *idx,
                              pl_error *err)
{
    for (int k = 0; names[k]; k++) {
        idx[k] = column(head, names[k]);
        if (idx[k] < 0)
            return pl_error_at(err, PL_EINPUT, path, head->line, 1, "found no column %s, expected one", names[k]);
    }
    return PL_OK;
}

int pl_war_record_month_parse(const char *text, int *month)
{
    int y, m, d;
    if (strlen(text) != 7 || pl_date_parse(text, &y, &m, &d)) return -1;
    *month = y * 12 + m - 1;
    return 0;
}

static pl_status field_month(const pl_record *rec, int k, const char *path, int *month, pl_error *err)
{
    if (pl_war_record_month_parse(rec->field[k], month))
        return pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[k], "found '%s', expected a month YYYY-MM",
                           rec->field[k]);
    return PL_OK;
}

static pl_status field_date(const pl_record *rec, int k, const char *path, long *days, pl_error *err)
{
    int y, m, d;
    if (pl_date_parse(rec->field[k], &y, &m, &d) || strlen(rec->field[k]) != 10)
        return pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[k], "found '%s', expected a date YYYY-MM-DD",
                           rec->field[k]);
    *days = pl_date_days(y, m, d);
    return PL_OK;
}

static int aggregate_of(const char *s)
{
    return strcmp(s, "sum") == 0 ? PL_OBS_SUM : strcmp(s, "per_day") == 0 ? PL_OBS_PER_DAY
           : strcmp(s, "mean") == 0                                     ? PL_OBS_MEAN : -1;
}

/* The optional offset column (k < 0: absent); an empty cell is 0, the plain log scale. */
static pl_status read_offset(const pl_record *rec, int k, const char *path, double *offset, pl_error *err)
{
    *offset = 0;
    if (k < 0 || (size_t)k >= rec->n || rec->field[k][0] == '\0') return PL_OK;
    pl_status st = pl_record_number(rec, (size_t)k, path, "an offset", offset, err);
    if (!st && !(*offset >= 0))
        st = pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[k], "found offset %g, expected a value >= 0", *offset);
    return st;
}

static pl_status read_series_row(const pl_record *rec, const int *c, const char *path, pl_war_record_series *s,
                                 pl_error *err)
{
    double period, lo, hi;
    s->name = pl_strdup(rec->field[c[0]]), s->side = pl_strdup(rec->field[c[1]]);
    s->measure = pl_strdup(rec->field[c[2]]), s->units = pl_strdup(rec->field[c[5]]);
    s->file = pl_strdup(rec->field[c[8]]);
    if (!s->name || !s->side || !s->measure || !s->units || !s->file) return pl_error_set(err, PL_ENOMEM, "out of memory");
    s->aggregate = aggregate_of(rec->field[c[3]]);
    if (s->aggregate < 0)
        return pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[c[3]], "found '%s', expected sum, per_day or mean",
                           rec->field[c[3]]);
    pl_status st = pl_record_number(rec, (size_t)c[4], path, "a period in months", &period, err);
    if (!st) st = pl_record_number(rec, (size_t)c[6], path, "a bias bound", &lo, err);
    if (!st) st = pl_record_number(rec, (size_t)c[7], path, "a bias bound", &hi, err);
    if (st) return st;
    if (period < 1 || period > 24 || period != (int)period)
        return pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[c[4]], "found %g, expected 1 to 24 months", period);
    if (!(lo > 0) || hi < lo)
        return pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[c[6]], "found bias [%g, %g], expected 0 < low <= high",
                           lo, hi);
    s->period_months = (int)period, s->bias_lo = lo, s->bias_hi = hi;
    return read_offset(rec, c[9], path, &s->offset, err);
}

static pl_status read_manifest(pl_war_record *r, const char *path, pl_error *err)
{
    static const char *const names[] = {"series", "side", "measure", "aggregate", "period_months", "units",
                                        "bias_lo", "bias_hi", "file", NULL};
    pl_text t;
    pl_status st = pl_text_read(&t, path, err);
    if (st) return st;
    pl_delim d;
    pl_record rec = {0};
    int c[10];
    pl_delim_init(&d, &t, ',', '"');
    st = pl_delim_next(&d, &rec, err);
    if (!st && rec.n == 0) st = pl_error_at(err, PL_EINPUT, path, 1, 1, "found an empty file, expected a header row");
    if (!st) st = need_columns(&rec, path, names, c, err);
    if (!st) c[9] = column(&rec, "offset"); /* optional */
    while (!st && !(st = pl_delim_next(&d, &rec, err)) && rec.n) {
        pl_war_record_series *s = pl_realloc(r->series, (r->n_series + 1) * sizeof *s);
        if (!s) st = pl_error_set(err, PL_ENOMEM, "out of memory");
        else {
            r->series = s;
            memset(&s[r->n_series], 0, sizeof *s);
            st = read_series_row(&rec, c, path, &s[r->n_series++], err);
        }
    }
    pl_record_free(&rec);
    pl_text_free(&t);
    return st;
}

int pl_war_record_find(const pl_war_record *r, const char *name)
{
    for (size_t k = 0; k < r->n_series; k++)
        if (strcmp(r->series[k].name, name) == 0) return (int)k;
    return -1;
}

static pl_status read_datum(pl_war_record *r, const pl_record *rec, const int *c, const char *path, const char *file,
                            pl_error *err)
{
    int s = pl_war_record_find(r, rec->field[c[0]]);
    if (s < 0)
        return pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[c[0]], "found series '%s', expected one listed in %s",
                           rec->field[c[0]], r->path);
    if (strcmp(r->series[s].file, file) != 0) return PL_OK; /* listed under another file: read there */
    pl_war_datum *d = pl_realloc(r->datum, (r->n_data + 1) * sizeof *d);
    if (!d) return pl_error_set(err, PL_ENOMEM, "out of memory");
    r->datum = d;
    d = &d[r->n_data];
    memset(d, 0, sizeof *d);
    d->series = s, d->line = rec->line;
    pl_status st = field_month(rec, c[1], path, &d->month, err);
    if (!st) st = pl_record_number(rec, (size_t)c[2], path, "a value", &d->value, err);
    /* With an offset c the series is fitted on ln(y + c), so a zero is a datum; without, ln y needs y > 0. */
    double c0 = r->series[s].offset;
    if (!st && c0 > 0 && !(d->value >= 0))
        st = pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[c[2]], "found %g, expected a value >= 0", d->value);
    if (!st && c0 == 0 && !(d->value > 0))
        st = pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[c[2]], "found %g, expected a positive value", d->value);
    if (!st) st = field_date(rec, c[4], path, &d->published, err);
    if (!st && !(d->source = pl_strdup(rec->field[c[3]]))) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) r->n_data++;
    return st;
}

void pl_war_record_data_path(const pl_war_record *r, size_t s, char *buf, size_t size)
{
    const char *slash = strrchr(r->path, '/');
    int dir = slash ? (int)(slash - r->path + 1) : 0;
    snprintf(buf, size, "%.*s%s", dir, r->path, r->series[s].file);
}

static pl_status read_data_file(pl_war_record *r, size_t s, pl_error *err)
{
    static const char *const names[] = {"series", "month", "value", "source", "published", NULL};
    const char *file = r->series[s].file;
    char path[4096];
    pl_war_record_data_path(r, s, path, sizeof path);
    pl_text t;
    pl_status st = pl_text_read(&t, path, err);
    if (st) return st;
    pl_delim d;
    pl_record rec = {0};
    int c[5];
    pl_delim_init(&d, &t, ',', '"');
    st = pl_delim_next(&d, &rec, err);
    if (!st) st = need_columns(&rec, path, names, c, err);
    while (!st && !(st = pl_delim_next(&d, &rec, err)) && rec.n) st = read_datum(r, &rec, c, path, file, err);
    pl_record_free(&rec);
    pl_text_free(&t);
    return st;
}

static int by_series_month(const void *a, const void *b)
{
    const pl_war_datum *x = a, *y = b;
    if (x->series != y->series) return x->series < y->series ? -1 : 1;
    return x->month < y->month ? -1 : x->month > y->month;
}

/* Each file once, in the order the manifest first names it. */
static pl_status read_files(pl_war_record *r, pl_error *err)
{
    pl_status st = PL_OK;
    for (size_t k = 0; k < r->n_series && !st; k++) {
        size_t j = 0;
        while (j < k && strcmp(r->series[j].file, r->series[k].file) != 0) j++;
        if (j == k) st = read_data_file(r, k, err);
    }
    return st;
}

pl_status pl_war_record_read(const char *manifest, pl_war_record **out, pl_error *err)
{
    *out = NULL;
    pl_war_record *r = pl_calloc(1, sizeof *r);
    if (!r || !(r->path = pl_strdup(manifest))) {
        pl_free(r);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    pl_status st = read_manifest(r, manifest, err);
    if (!st && r->n_series == 0) st = pl_error_at(err, PL_EINPUT, manifest, 2, 1, "found no series, expected at least one row");
    if (!st && r->n_series > 64) st = pl_error_at(err, PL_EINPUT, manifest, 66, 1, "found more than 64 series, expected at most 64");
    if (!st) st = read_files(r, err);
    if (st) {
        pl_war_record_free(r);
        return st;
    }
    if (r->n_data) qsort(r->datum, r->n_data, sizeof *r->datum, by_series_month);
    *out = r;
    return PL_OK;
}

void pl_war_record_free(pl_war_record *r)
{
    if (!r) return;
    for (size_t k = 0; k < r->n_series; k++) {
        pl_war_record_series *s = &r->series[k];
        pl_free(s->name), pl_free(s->side), pl_free(s->measure), pl_free(s->units), pl_free(s->file);
    }
    for (size_t k = 0; k < r->n_data; k++) pl_free(r->datum[k].source);
    pl_free(r->series), pl_free(r->datum), pl_free(r->path);
    pl_free(r);
}

/* ---- What the model is compared with ------------------------------------------------------ */

int pl_war_record_month_end(const pl_war_record *r, const pl_war_datum *d)
{
    return d->month + r->series[d->series].period_months - 1;
}

int pl_war_record_start_month(const pl_scenario *sc)
{
    return sc->start_year * 12 + sc->start_month - 1 + (sc->start_day > 1);
}

static int in_window(const pl_war_record *r, size_t k, size_t s, int from, int to)
{
    const pl_war_datum *d = &r->datum[k];
    return d->series == (int)s && d->month >= from && pl_war_record_month_end(r, d) <= to;
}

void pl_war_record_span(const pl_war_record *r, size_t s, int from, int to, size_t *begin, size_t *end)
{
    size_t k = 0;
    while (k < r->n_data && !in_window(r, k, s, from, to)) k++;
    *begin = k;
    while (k < r->n_data && in_window(r, k, s, from, to)) k++;
    *end = k;
}

/* Puts data[begin, end) of series s on o's grid of periods from its first month. */
static pl_status place_points(const pl_war_record *r, size_t s, size_t begin, size_t end, pl_obs_series *o,
                              pl_error *err)
{
    int p = r->series[s].period_months, first = r->datum[begin].month;
    for (size_t k = begin; k < end; k++) {
        const pl_war_datum *d = &r->datum[k];
        if ((d->month - first) % p) {
            char path[4096];
            pl_war_record_data_path(r, s, path, sizeof path);
            return pl_error_at(err, PL_EINPUT, path, d->line, 1, "found %s for %04d-%02d, not a whole number of "
                               "%d-month periods after its first point (%04d-%02d), expected one series per alignment",
                               r->series[s].name, d->month / 12, d->month % 12 + 1, p, first / 12, first % 12 + 1);
        }
        o->values[(d->month - first) / p] = d->value;
    }
    return PL_OK;
}

pl_status pl_war_record_series_points(const pl_war_record *r, size_t s, int from, int to, pl_obs_series *o,
                                      pl_error *err)
{
    const pl_war_record_series *rs = &r->series[s];
    size_t begin, end;
    pl_war_record_span(r, s, from, to, &begin, &end);
    memset(o, 0, sizeof *o);
    o->name = rs->name, o->entity = rs->side, o->measure = rs->measure, o->units = rs->units;
    o->aggregate = (pl_obs_aggregate)rs->aggregate, o->period_months = rs->period_months, o->weight = 1;
    if (begin == end) return PL_OK;
    int first = r->datum[begin].month;
    o->start_year = first / 12, o->start_month = first % 12 + 1;
    o->n = (size_t)((r->datum[end - 1].month - first) / rs->period_months + 1);
    if (!(o->values = pl_malloc(o->n * sizeof *o->values))) {
        memset(o, 0, sizeof *o);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t j = 0; j < o->n; j++) o->values[j] = (double)NAN;
    pl_status st = place_points(r, s, begin, end, o, err);
    if (st) {
        pl_free(o->values);
        memset(o, 0, sizeof *o);
    }
    return st;
}
