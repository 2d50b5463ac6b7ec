/*
** war_record.c — the observed record of a war (data/war/series.csv and the data files it names):
** one row per observation with its source and publication date, and a series of it as the points
** the model is compared with, for the calibration (war_fit.c) and the conditioning (war_condition.c).
** Layer: simulation.
*/
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "parley/memory.h"
#include "parley/text.h"
#include "parley/war_fit.h"
#include "parley/war_model.h"

/* Index of the column named name in the header, or -1. */
static int column(const pl_record *head, const char *name)
{
    for (size_t k = 0; k < head->n; k++)
        if (strcmp(head->field[k], name) == 0) return (int)k;
    return -1;
}

/* A repeated column would be read from its first copy only, the other silently ignored. */
static pl_status need_columns(const pl_record *head, const char *path, const char *const *names, int *idx,
                              pl_error *err)
{
    for (size_t k = 1; k < head->n; k++)
        for (size_t j = 0; j < k; j++)
            if (strcmp(head->field[j], head->field[k]) == 0)
                return pl_error_at(err, PL_EINPUT, path, head->line, head->col[k],
                                   "found column '%.60s' a second time, expected each column once", head->field[k]);
    for (int k = 0; names[k]; k++) {
        idx[k] = column(head, names[k]);
        if (idx[k] < 0)
            return pl_error_at(err, PL_EINPUT, path, head->line, 1, "found no column %s, expected one", names[k]);
    }
    return PL_OK;
}

/* A row as wide as the header: a short row has no value for a column (its buffer would hold the
** previous row's), an extra field belongs to no column. */
static pl_status check_width(const pl_record *rec, size_t width, const char *path, pl_error *err)
{
    if (rec->n == width) return PL_OK;
    return pl_error_at(err, PL_EINPUT, path, rec->line, rec->n > width ? rec->col[width] : rec->col[rec->n - 1],
                       "found %zu fields, expected %zu (as many as the header)", rec->n, width);
}

/* A device or a FIFO could be endless or block: only regular files (or "-", standard input). */
static pl_status check_regular(const char *path, pl_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || S_ISREG(sb.st_mode)) return PL_OK; /* a missing file: pl_text_read says so */
    return pl_error_at(err, PL_EIO, path, 0, 0, "found %s, expected a regular CSV file",
                       S_ISDIR(sb.st_mode) ? "a directory" : "a device or a pipe");
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

static const double BIAS_MIN = 1e-3, BIAS_MAX = 1e3;
/* The bound on an observed value (as a scenario's observed: values): beyond it a sum over a window
** of such values could overflow. */
static const double VALUE_MAX = 1e15;

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
    s->line = rec->line, s->file_col = rec->col[c[8]];
    for (int k = 0; k < 9; k += 8) /* the name and the file: an empty one names nothing */
        if (rec->field[c[k]][0] == '\0')
            return pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[c[k]], "found an empty %s, expected %s",
                               k ? "file" : "series name", k ? "a data file (path relative to this manifest)" : "a name");
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
    /* A source off by more than a factor of 1000 does not measure the quantity: such a bound is a
    ** typing error, and its logarithm would let b·m overflow. */
    if (!(lo >= BIAS_MIN) || hi < lo || !(hi <= BIAS_MAX))
        return pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[c[6]],
                           "found bias [%g, %g], expected %g <= low <= high <= %g", lo, hi, BIAS_MIN, BIAS_MAX);
    s->period_months = (int)period, s->bias_lo = lo, s->bias_hi = hi;
    return read_offset(rec, c[9], path, &s->offset, err);
}

static pl_status read_manifest(pl_war_record *r, const char *path, pl_error *err)
{
    static const char *const names[] = {"series", "side", "measure", "aggregate", "period_months", "units",
                                        "bias_lo", "bias_hi", "file", NULL};
    pl_text t;
    pl_status st = check_regular(path, err);
    if (!st) st = pl_text_read(&t, path, err);
    if (st) return st;
    pl_delim d;
    pl_record rec = {0};
    int c[10];
    pl_delim_init(&d, &t, ',', '"');
    st = pl_delim_next(&d, &rec, err);
    if (!st && rec.n == 0) st = pl_error_at(err, PL_EINPUT, path, 1, 1, "found an empty file, expected a header row");
    if (!st) st = need_columns(&rec, path, names, c, err);
    if (!st) c[9] = column(&rec, "offset"); /* optional */
    size_t width = rec.n;
    while (!st && !(st = pl_delim_next(&d, &rec, err)) && rec.n && !(st = check_width(&rec, width, path, err))) {
        pl_war_record_series *s = pl_realloc(r->series, (r->n_series + 1) * sizeof *s);
        if (!s) st = pl_error_set(err, PL_ENOMEM, "out of memory");
        else {
            r->series = s;
            memset(&s[r->n_series], 0, sizeof *s);
            st = read_series_row(&rec, c, path, &s[r->n_series++], err);
        }
        for (size_t k = 0; !st && k + 1 < r->n_series; k++)
            if (strcmp(r->series[k].name, r->series[r->n_series - 1].name) == 0)
                st = pl_error_at(err, PL_EINPUT, path, rec.line, rec.col[c[0]], "found series '%.60s' a second time "
                                 "(first on line %d), expected each series once", r->series[k].name, r->series[k].line);
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
    if (strcmp(r->series[s].file, file) != 0) /* it would be read from neither file: silently lost */
        return pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[c[0]], "found series '%.60s', which the manifest "
                           "reads from %.200s, expected it in that file", rec->field[c[0]], r->series[s].file);
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
    if (!st && !(d->value <= VALUE_MAX))
        st = pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[c[2]], "found %g, expected a value <= %g", d->value,
                         VALUE_MAX);
    if (!st) st = field_date(rec, c[4], path, &d->published, err);
    /* A value published before its period began reports the future: a typing error in one of the two. */
    if (!st && d->published < pl_date_days(d->month / 12, d->month % 12 + 1, 1))
        st = pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[c[4]], "found %s published before its period "
                         "(from %s) began, expected a publication date after the period's start", rec->field[c[4]],
                         rec->field[c[1]]);
    if (!st && !(d->source = pl_strdup(rec->field[c[3]]))) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) r->n_data++;
    return st;
}

void pl_war_record_data_path(const pl_war_record *r, size_t s, char *buf, size_t size)
{
    const char *slash = strrchr(r->path, '/'), *file = r->series[s].file;
    int dir = slash && file[0] != '/' ? (int)(slash - r->path + 1) : 0; /* a file may be named absolutely */
    snprintf(buf, size, "%.*s%s", dir, r->path, file);
}

/* A data file that cannot be read, reported where the manifest names it. */
static pl_status unreadable(const pl_war_record *r, const pl_war_record_series *s, const pl_error *sub, pl_error *err)
{
    return pl_error_at(err, PL_EINPUT, r->path, s->line, s->file_col, "found file '%.200s' that cannot be read (%.300s), "
                       "expected a data file (path relative to this manifest)", s->file, sub->msg);
}

static pl_status read_data_file(pl_war_record *r, size_t s, pl_error *err)
{
    static const char *const names[] = {"series", "month", "value", "source", "published", NULL};
    const char *file = r->series[s].file;
    char path[4096];
    pl_war_record_data_path(r, s, path, sizeof path);
    pl_text t;
    pl_error sub;
    pl_error_clear(&sub);
    pl_status st = check_regular(path, &sub);
    if (!st) st = pl_text_read(&t, path, &sub);
    if (st == PL_EIO) return unreadable(r, &r->series[s], &sub, err);
    if (st) return *err = sub, st;
    pl_delim d;
    pl_record rec = {0};
    int c[5];
    pl_delim_init(&d, &t, ',', '"');
    st = pl_delim_next(&d, &rec, err);
    if (!st) st = need_columns(&rec, path, names, c, err);
    size_t width = rec.n;
    while (!st && !(st = pl_delim_next(&d, &rec, err)) && rec.n && !(st = check_width(&rec, width, path, err)))
        st = read_datum(r, &rec, c, path, file, err);
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

/* After sorting: every series has data, and each month of a series one value (two would be
** fitted as two independent observations of the same quantity, and a fit's view keeps only one). */
static pl_status check_data(const pl_war_record *r, pl_error *err)
{
    char path[4096];
    for (size_t k = 1; k < r->n_data; k++) {
        const pl_war_datum *a = &r->datum[k - 1], *b = &r->datum[k];
        if (a->series != b->series || a->month != b->month) continue;
        const pl_war_record_series *s = &r->series[b->series];
        pl_war_record_data_path(r, (size_t)b->series, path, sizeof path);
        return pl_error_at(err, PL_EINPUT, path, a->line > b->line ? a->line : b->line, 1, "found %s %04d-%02d a second "
                           "time (first on line %d), expected one value per series and month", s->name, b->month / 12,
                           b->month % 12 + 1, a->line < b->line ? a->line : b->line);
    }
    size_t at = 0;
    for (size_t s = 0; s < r->n_series; s++) {
        while (at < r->n_data && r->datum[at].series < (int)s) at++;
        if (at == r->n_data || r->datum[at].series != (int)s)
            return pl_error_at(err, PL_EINPUT, r->path, r->series[s].line, 1, "found series %s with no values in %s, "
                               "expected at least one (or leave the series out)", r->series[s].name, r->series[s].file);
    }
    return PL_OK;
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
    if (!st && r->n_series > 64)
        st = pl_error_at(err, PL_EINPUT, manifest, r->series[64].line, 1, "found more than 64 series, expected at most 64");
    if (!st) st = read_files(r, err);
    if (!st && r->n_data) qsort(r->datum, r->n_data, sizeof *r->datum, by_series_month);
    if (!st) st = check_data(r, err);
    if (st) {
        pl_war_record_free(r);
        return st;
    }
    *out = r;
    return PL_OK;
}

pl_status pl_war_record_check_span(const pl_war_record *r, const pl_scenario *sc, pl_error *err)
{
    /* The run's last day, as the war model counts it. */
    long end = pl_date_days(sc->start_year, sc->start_month, sc->start_day) + pl_war_horizon_days(sc);
    char path[4096];
    for (size_t k = 0; k < r->n_data; k++) {
        const pl_war_datum *d = &r->datum[k];
        const pl_war_record_series *s = &r->series[d->series];
        int last = d->month + s->period_months; /* the month after the period */
        if (pl_date_days(last / 12, last % 12 + 1, 1) - 1 <= end) continue;
        int ey, em, ed;
        pl_date_from_days(end, &ey, &em, &ed);
        pl_war_record_data_path(r, (size_t)d->series, path, sizeof path);
        return pl_error_at(err, PL_EINPUT, path, d->line, 1, "found %s %04d-%02d, a period ending after the run of %s "
                           "(to %04d-%02d-%02d), expected observations within scenario.horizon_years", s->name,
                           d->month / 12, d->month % 12 + 1, sc->path, ey, em, ed);
    }
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
