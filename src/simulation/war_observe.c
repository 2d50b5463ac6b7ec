/*
** war_observe.c — the war model's aggregates per observed period of a scenario's series, on the
** mean-field path (pl_war_observe, parley/war_calibrate.h): what calibration and conditioning
** compare with the record. Kept apart from the fit so that builds without GSL's nonlinear
** least squares (the browser explorer) still condition on the record.
** Layer: simulation.
*/
#include <math.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/war.h"
#include "parley/war_calibrate.h"

/* ---- Which model quantity each observed series reads ------------------------------------- */

typedef struct measure {
    size_t column;
    int side; /* -1 for a global column */
    pl_war_series_kind kind;
} measure;

static pl_status find_measure(const pl_scenario *sc, const pl_obs_series *s, const pl_war_params *p, measure *m,
                              pl_error *err)
{
    size_t n;
    const pl_war_series_desc *cols = pl_war_series_columns(&n);
    if (!s->measure)
        return pl_error_at(err, PL_EINPUT, sc->path, s->line, s->col,
                           "found no measure: in observed.%s, expected the name of a series column (docs/formats.md)",
                           s->name);
    size_t k = 0;
    while (k < n && strcmp(cols[k].name, s->measure) != 0) k++;
    if (k == n)
        return pl_error_at(err, PL_EINPUT, sc->path, s->line, s->col,
                           "found measure '%s' in observed.%s, expected a series column such as losses or "
                           "territory_gain_km2", s->measure, s->name);
    m->column = k;
    m->kind = cols[k].kind;
    m->side = -1;
    for (int x = 0; x < PL_WAR_SIDES; x++)
        if (s->entity && strcmp(s->entity, p->side[x].id) == 0) m->side = x;
    int named = s->entity && s->entity[0];
    if (m->side < 0 && (cols[k].per_side || named)) /* a side the war lacks is a typing error, per side or not */
        return pl_error_at(err, PL_EINPUT, sc->path, s->line, s->col,
                           "found side '%s' in observed.%s, expected '%s' or '%s'%s%s%s", named ? s->entity : "(none)",
                           s->name, p->side[0].id, p->side[1].id, cols[k].per_side ? " (measure " : "",
                           cols[k].per_side ? s->measure : "", cols[k].per_side ? " is per side)" : "");
    if (!cols[k].per_side) m->side = -1;
    return PL_OK;
}

/* ---- Periods ------------------------------------------------------------------------------ */

static long month_day(const pl_war_params *p, int months_since_year0)
{
    int y = months_since_year0 / 12, m = months_since_year0 % 12 + 1;
    return pl_date_days(y, m, 1) - p->start_days;
}

static int in_window(const int from[2], const int to[2], int first, int last)
{
    if (!from[0]) return 0;
    return first >= from[0] * 12 + from[1] - 1 && last <= to[0] * 12 + to[1] - 1;
}

static size_t count_points(const pl_scenario *sc)
{
    size_t n = 0;
    for (size_t s = 0; s < sc->n_series; s++)
        for (size_t j = 0; j < sc->series[s].n; j++) n += !isnan(sc->series[s].values[j]);
    return n;
}

static pl_status make_points(const pl_scenario *sc, const pl_war_params *p, pl_war_obs_point *pt, pl_error *err)
{
    size_t k = 0;
    for (size_t s = 0; s < sc->n_series; s++) {
        const pl_obs_series *o = &sc->series[s];
        int first0 = o->start_year * 12 + o->start_month - 1;
        for (size_t j = 0; j < o->n; j++) {
            if (isnan(o->values[j])) continue;
            int first = first0 + (int)j * o->period_months, last = first + o->period_months - 1;
            pl_war_obs_point *q = &pt[k++];
            q->series = (int)s, q->index = j, q->observed = o->values[j];
            q->year = first / 12, q->month = first % 12 + 1;
            q->day0 = month_day(p, first), q->day1 = month_day(p, last + 1);
            q->in_fit = in_window(sc->fit_from, sc->fit_to, first, last);
            q->in_test = in_window(sc->test_from, sc->test_to, first, last);
            if (q->day0 < 0)
                return pl_error_at(err, PL_EINPUT, o->file, o->line, o->col,
                                   "found a period of observed.%s starting %04d-%02d, expected periods from the "
                                   "scenario's start", o->name, q->year, q->month);
        }
    }
    return PL_OK;
}

/* ---- Running the model and aggregating ----------------------------------------------------- */

/* Daily raw values of each series' measure: raw[s][d] and the prefix sums of stocks. */
typedef struct tape {
    size_t n_series;
    long days;
    measure *m;
    double *raw, *prefix; /* n_series × (days + 1) */
} tape;

static void tape_put(tape *t, const pl_war_state *s, long d)
{
    for (size_t k = 0; k < t->n_series; k++) {
        double v = pl_war_series_raw(s, t->m[k].column, t->m[k].side);
        size_t at = k * (size_t)(t->days + 1) + (size_t)d;
        t->raw[at] = v;
        t->prefix[at] = (d ? t->prefix[at - 1] : 0) + (d ? v : 0);
    }
}

static pl_status run_tape(const pl_war_params *p, tape *t, pl_error *err)
{
    pl_war_state s;
    pl_war_init(&s, p);
    tape_put(t, &s, 0);
    for (long d = 1; d <= t->days; d++) {
        pl_war_step(&s, p, NULL);
        tape_put(t, &s, d);
    }
    return pl_war_run(&s, p, NULL, 0, NULL, err); /* checks the final state is finite */
}

static double aggregate(const tape *t, size_t k, const pl_obs_series *o, long d0, long d1)
{
    const double *raw = &t->raw[k * (size_t)(t->days + 1)], *pre = &t->prefix[k * (size_t)(t->days + 1)];
    double span = (double)(d1 - d0);
    /* A stock's total is the sum of its daily values; a flow's is the change of its counter. */
    double total = t->m[k].kind == PL_WAR_STOCK ? pre[d1] - pre[d0] : raw[d1] - raw[d0];
    return o->aggregate == PL_OBS_SUM ? total : total / span;
}

pl_status pl_war_observe(const pl_scenario *sc, const double *values, pl_war_obs_point **points, size_t *n,
                         pl_error *err)
{
    *points = NULL, *n = 0;
    pl_war_params p;
    pl_status st = pl_war_params_from_scenario(sc, values, &p, err);
    if (st) return st;
    p.stochastic = 0;
    size_t np = count_points(sc);
    pl_war_obs_point *pt = pl_calloc(np + 1, sizeof *pt);
    tape t = {sc->n_series, 0, pl_calloc(sc->n_series + 1, sizeof *t.m), NULL, NULL};
    if (!pt || !t.m) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t s = 0; s < sc->n_series && !st; s++) st = find_measure(sc, &sc->series[s], &p, &t.m[s], err);
    if (!st) st = make_points(sc, &p, pt, err);
    for (size_t k = 0; k < np && !st; k++)
        if (pt[k].day1 > t.days) t.days = pt[k].day1;
    if (!st) {
        t.raw = pl_calloc(sc->n_series * (size_t)(t.days + 1) + 1, sizeof *t.raw);
        t.prefix = pl_calloc(sc->n_series * (size_t)(t.days + 1) + 1, sizeof *t.prefix);
        st = t.raw && t.prefix ? run_tape(&p, &t, err) : pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t k = 0; k < np && !st; k++)
        pt[k].predicted = aggregate(&t, (size_t)pt[k].series, &sc->series[pt[k].series], pt[k].day0, pt[k].day1);
    pl_free(t.m), pl_free(t.raw), pl_free(t.prefix);
    if (st) {
        pl_free(pt);
        return st;
    }
    *points = pt, *n = np;
    return PL_OK;
}
