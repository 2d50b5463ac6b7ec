/*
** scenario_query.c — finishing a parsed scenario (header, observed series, calibration lists),
** finding and overriding its parameters, drawing values, and calendar dates.
** Layer: formats.
*/
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/options.h"
#include "scenario_int.h"

/* ---- Dates (proleptic Gregorian; Hinnant's days-from-civil) --------------------------------- */

long pl_date_days(int y, int m, int d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void pl_date_from_days(long z, int *year, int *month, int *day)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (*month <= 2));
}

static int month_length(int y, int m)
{
    static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return len[m - 1] + (m == 2 && leap);
}

int pl_date_parse(const char *text, int *year, int *month, int *day)
{
    int y, m, d = 1, used = 0;
    size_t len = strlen(text);
    for (size_t k = 0; k < len; k++) /* sscanf's %d would take "+1" or " 1" as a month */
        if (k != 4 && k != 7 && !isdigit((unsigned char)text[k])) return -1;
    if (len == 10 && sscanf(text, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && used == 10) {
    } else if (len == 7 && sscanf(text, "%4d-%2d%n", &y, &m, &used) == 2 && used == 7) {
    } else {
        return -1;
    }
    if (text[4] != '-' || (len == 10 && text[7] != '-')) return -1;
    if (y < 1000 || m < 1 || m > 12 || d < 1 || d > month_length(y, m)) return -1;
    *year = y, *month = m, *day = d;
    return 0;
}

/* ---- Finishing --------------------------------------------------------------------------- */

static const pl_field *field_of(const pl_scenario *sc, const char *prefix, const char *key)
{
    char path[512];
    snprintf(path, sizeof path, "%s.%s", prefix, key);
    return pl_scenario_find_field(sc, path);
}

static char *dup_text(const pl_field *f) { return f && f->text ? pl_strdup(f->text) : NULL; }

static pl_status finish_header(pl_scenario_reader *r)
{
    pl_scenario *sc = r->sc;
    const pl_field *start = field_of(sc, "scenario", "start"), *seed = field_of(sc, "scenario", "seed");
    sc->name = dup_text(field_of(sc, "scenario", "name"));
    sc->description = dup_text(field_of(sc, "scenario", "description"));
    if (!sc->name || !sc->description) return pl_scenario_nomem(r);
    pl_date_parse(start->text, &sc->start_year, &sc->start_month, &sc->start_day);
    sc->horizon_years = field_of(sc, "scenario", "horizon_years")->number;
    sc->step_days = field_of(sc, "scenario", "step")->number == 1 ? 7 : 1;
    sc->seed = -1;
    /* Read from its text: as a double (the field's number) a seed above 2^53 would silently round. */
    if (seed && seed->given && (pl_parse_long(seed->text, &sc->seed) || sc->seed < 0 || sc->seed > (1LL << 53)))
        return pl_error_at(r->err, PL_EINPUT, seed->file, seed->line, seed->col,
                           "found seed %s, expected a whole number in [0, 2^53]", seed->text);
    return PL_OK;
}

pl_status pl_scenario_check_published(pl_scenario_reader *r, const char *file, int line, int col, const char *what, long published)
{
    pl_scenario *sc = r->sc;
    if (!sc->has_as_of || published <= sc->as_of) return PL_OK;
    int y, m, d, ay, am, ad;
    pl_date_from_days(published, &y, &m, &d);
    pl_date_from_days(sc->as_of, &ay, &am, &ad);
    char msg[PL_ERROR_MSG_MAX];
    snprintf(msg, sizeof msg, "found %s published %04d-%02d-%02d, after the scenario's as_of %04d-%02d-%02d, expected "
             "only facts known by then (--allow-after-as-of lets it through)", what, y, m, d, ay, am, ad);
    if (!(r->flags & PL_SCENARIO_ALLOW_AFTER_AS_OF)) return pl_error_at(r->err, PL_EINPUT, file, line, col, "%s", msg);
    if (sc->n_after_as_of++ == 0) {
        char where[PL_ERROR_MSG_MAX + 300];
        snprintf(where, sizeof where, "%s:%d:%d: %s", file, line, col, msg);
        if (!(sc->after_as_of_first = pl_strdup(where))) return pl_scenario_nomem(r);
    }
    return PL_OK;
}

/* published: of an observed series (the latest of its numbers), under the same as-of rules as a
** parameter's. */
static pl_status series_published(pl_scenario_reader *r, const pl_entry *e, pl_obs_series *s)
{
    const pl_field *pub = field_of(r->sc, e->path, "published"), *src = field_of(r->sc, e->path, "source");
    if (!pub || !pub->given) {
        if (r->sc->has_as_of)
            return pl_error_at(r->err, PL_EINPUT, src->file, src->line, src->col,
                               "found source: without published: in %s, expected published: YYYY-MM-DD (the scenario "
                               "declares as_of, so every calibration target says when it was published)", e->path);
        return PL_OK;
    }
    if (strlen(pub->text) != 10)
        return pl_error_at(r->err, PL_EINPUT, pub->file, pub->line, pub->col,
                           "found '%s' for published of %s, expected a date YYYY-MM-DD", pub->text, e->path);
    s->has_published = 1;
    s->published = (long)pub->number;
    return pl_scenario_check_published(r, pub->file, pub->line, pub->col, e->path, s->published);
}

static pl_status finish_series(pl_scenario_reader *r, const pl_entry *e, pl_obs_series *s)
{
    const pl_field *values = field_of(r->sc, e->path, "values"), *start = field_of(r->sc, e->path, "start");
    int day;
    s->file = e->file;
    s->line = e->line, s->col = e->col;
    s->name = pl_strdup(e->id);
    const pl_field *measure = field_of(r->sc, e->path, "measure"), *period = field_of(r->sc, e->path, "period_months");
    s->entity = dup_text(field_of(r->sc, e->path, "side"));
    s->measure = dup_text(measure);
    s->period_months = (int)period->number;
    s->aggregate = (pl_obs_aggregate)field_of(r->sc, e->path, "aggregate")->number;
    s->weight = field_of(r->sc, e->path, "weight")->number;
    if (period->number != floor(period->number))
        return pl_error_at(r->err, PL_EINPUT, period->file, period->line, period->col,
                           "found period_months %g in %s, expected a whole number of months", period->number, e->path);
    s->units = dup_text(field_of(r->sc, e->path, "units"));
    s->source = dup_text(field_of(r->sc, e->path, "source"));
    s->values = pl_calloc(values->n_items + 1, sizeof *s->values);
    if (!s->name || !s->units || !s->source || !s->values) return pl_scenario_nomem(r);
    if (values->n_items) memcpy(s->values, values->values, values->n_items * sizeof *s->values);
    s->n = values->n_items;
    pl_date_parse(start->text, &s->start_year, &s->start_month, &day);
    return series_published(r, e, s);
}

static pl_status finish_observed(pl_scenario_reader *r)
{
    pl_scenario *sc = r->sc;
    size_t n = 0;
    for (size_t k = 0; k < sc->n_entries; k++) n += sc->entry[k].owner < 0 && strcmp(sc->entry[k].schema->key, "observed") == 0;
    if (!n) return PL_OK;
    if (!(sc->series = pl_calloc(n, sizeof *sc->series))) return pl_scenario_nomem(r);
    for (size_t k = 0; k < sc->n_entries; k++) {
        if (sc->entry[k].owner >= 0 || strcmp(sc->entry[k].schema->key, "observed") != 0) continue;
        pl_status st = finish_series(r, &sc->entry[k], &sc->series[sc->n_series++]);
        if (st) return st;
    }
    return PL_OK;
}

static pl_status unknown_param(pl_scenario_reader *r, const pl_field *f, size_t k)
{
    const pl_scenario *sc = r->sc;
    const char **paths = pl_malloc((sc->n_params + 1) * sizeof *paths);
    if (!paths) return pl_scenario_nomem(r);
    for (size_t i = 0; i < sc->n_params; i++) paths[i] = sc->param[i].path;
    const char *near = pl_scenario_suggest(f->strings[k], paths, sc->n_params);
    char hint[300] = "";
    if (near) snprintf(hint, sizeof hint, " (did you mean '%s'?)", near);
    pl_free(paths);
    return pl_error_at(r->err, PL_EINPUT, f->file, f->item_line[k], f->item_col[k],
                       "found '%.200s' in calibration.free, expected the path of a parameter%s", f->strings[k], hint);
}

static pl_status read_window(pl_scenario_reader *r, const char *key, int from[2], int to[2])
{
    const pl_field *f = field_of(r->sc, "calibration", key);
    if (!f || !f->given) return PL_OK;
    int d, y0, m0, y1, m1;
    if (f->n_items != 2 || pl_date_parse(f->strings[0], &y0, &m0, &d) || pl_date_parse(f->strings[1], &y1, &m1, &d) ||
        y0 * 12 + m0 > y1 * 12 + m1)
        return pl_error_at(r->err, PL_EINPUT, f->file, f->line, f->col,
                           "found a bad calibration.%s window, expected [first month, last month] as YYYY-MM, in order",
                           key);
    from[0] = y0, from[1] = m0, to[0] = y1, to[1] = m1;
    return PL_OK;
}

static pl_status finish_calibration(pl_scenario_reader *r)
{
    pl_scenario *sc = r->sc;
    const pl_field *f = field_of(sc, "calibration", "free");
    if (f && f->n_items) {
        if (!(sc->free_param = pl_calloc(f->n_items, sizeof *sc->free_param))) return pl_scenario_nomem(r);
        for (size_t k = 0; k < f->n_items; k++) {
            int i = pl_scenario_find_param(sc, f->strings[k]);
            if (i < 0) return unknown_param(r, f, k);
            for (size_t j = 0; j < sc->n_free; j++)
                if (sc->free_param[j] == i)
                    return pl_error_at(r->err, PL_EINPUT, f->file, f->item_line[k], f->item_col[k],
                                       "found '%s' twice in calibration.free, expected each parameter once", f->strings[k]);
            sc->free_param[sc->n_free++] = i;
        }
    }
    pl_status st = read_window(r, "fit", sc->fit_from, sc->fit_to);
    return st ? st : read_window(r, "test", sc->test_from, sc->test_to);
}

pl_status pl_scenario_finish(pl_scenario_reader *r)
{
    pl_status st = finish_header(r);
    if (!st) st = finish_observed(r);
    if (!st) st = finish_calibration(r);
    return st;
}

/* ---- Queries ------------------------------------------------------------------------------ */

int pl_scenario_find_param(const pl_scenario *sc, const char *path)
{
    for (size_t k = 0; k < sc->n_params; k++)
        if (strcmp(sc->param[k].path, path) == 0) return (int)k;
    return -1;
}

const pl_field *pl_scenario_find_field(const pl_scenario *sc, const char *path)
{
    for (size_t k = 0; k < sc->n_fields; k++)
        if (strcmp(sc->field[k].path, path) == 0) return &sc->field[k];
    return NULL;
}

int pl_scenario_find_entry(const pl_scenario *sc, const char *path)
{
    for (size_t k = 0; k < sc->n_entries; k++)
        if (strcmp(sc->entry[k].path, path) == 0) return (int)k;
    return -1;
}

int pl_scenario_enabled(const pl_scenario *sc, const char *path)
{
    for (size_t k = 0; k < sc->n_sections; k++)
        if (strcmp(sc->section[k].path, path) == 0) return sc->section[k].enabled;
    return -1;
}

const pl_obs_series *pl_scenario_find_series(const pl_scenario *sc, const char *name)
{
    for (size_t k = 0; k < sc->n_series; k++)
        if (strcmp(sc->series[k].name, name) == 0) return &sc->series[k];
    return NULL;
}

static pl_status find_for_update(pl_scenario *sc, const char *path, pl_param **p, pl_error *err)
{
    int i = pl_scenario_find_param(sc, path);
    if (i < 0) {
        const char **paths = pl_malloc((sc->n_params + 1) * sizeof *paths), *near = NULL;
        for (size_t k = 0; paths && k < sc->n_params; k++) paths[k] = sc->param[k].path;
        if (paths) near = pl_scenario_suggest(path, paths, sc->n_params);
        char hint[300] = "";
        if (near) snprintf(hint, sizeof hint, " (did you mean '%s'?)", near);
        pl_free(paths);
        return pl_error_set(err, PL_EINVAL, "found '%s', expected the path of a scenario parameter%s", path, hint);
    }
    *p = &sc->param[i];
    return PL_OK;
}

pl_status pl_scenario_set_value(pl_scenario *sc, const char *path, double value, pl_error *err)
{
    pl_param *p = NULL;
    pl_status st = find_for_update(sc, path, &p, err);
    if (st) return st;
    if (!isfinite(value) || value < p->desc->lo || value > p->desc->hi)
        return pl_error_set(err, PL_EINVAL, "found %g for %s, expected a value in [%g, %g]", value, path, p->desc->lo,
                            p->desc->hi);
    p->nominal = value;
    p->dist = pl_dist_fixed(value);
    p->pinned = 1;
    return PL_OK;
}

pl_status pl_scenario_set_dist(pl_scenario *sc, const char *path, const pl_dist *dist, pl_error *err)
{
    pl_param *p = NULL;
    pl_status st = find_for_update(sc, path, &p, err);
    if (st) return st;
    pl_error derr;
    if (pl_dist_check(dist, &derr)) return pl_error_set(err, PL_EINVAL, "%s for %s", derr.msg, path);
    double lo, hi;
    pl_dist_support(dist, &lo, &hi);
    if (lo < p->desc->lo || hi > p->desc->hi)
        return pl_error_set(err, PL_EINVAL, "found support [%g, %g] for %s, expected it within [%g, %g]", lo, hi, path,
                            p->desc->lo, p->desc->hi);
    p->dist = *dist;
    p->nominal = pl_dist_mean(dist);
    p->pinned = 0;
    p->posterior_col = -1; /* a distribution the caller gives replaces the fitted one */
    return PL_OK;
}

void pl_scenario_nominals(const pl_scenario *sc, double *values)
{
    for (size_t k = 0; k < sc->n_params; k++) values[k] = sc->param[k].nominal;
}
