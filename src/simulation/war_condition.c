/*
** war_condition.c — a scenario's drawn parameters conditioned on the observed record (history
** matching by rejection): the `condition:` section checked against the record, the implausibility
** of a draw, and a run's first consistent candidate (parley/war_condition.h).
** Layer: simulation.
*/
#include "parley/war_condition.h"

#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/stats.h"
#include "parley/war_calibrate.h"
#include "parley/war_fit.h"

enum { MAX_MATCHED = 16 };

struct pl_war_condition {
    const pl_scenario *sc;
    pl_scenario view;                      /* a shallow copy of sc whose observed series are the matched ones */
    pl_obs_series series[MAX_MATCHED];
    double observed[MAX_MATCHED];          /* Σ y over each series' points in the window */
    double bias[MAX_MATCHED];              /* the source-bias interval's midpoint */
    double tol[MAX_MATCHED];               /* each series' tolerance τ_s */
    char *name[MAX_MATCHED];
    size_t n_series, n_points;
    char *record;                          /* the manifest as written in the scenario */
    int from, to;                          /* the window, year·12 + month − 1 */
    double tolerance, cutoff;
    size_t max_tries;
    size_t n_after_as_of;                  /* points after as_of let through (PL_SCENARIO_ALLOW_AFTER_AS_OF) */
    atomic_ullong accepted, tried, failed;
};

/* ---- Reading the section ---------------------------------------------------------------------- */

static const pl_section *find_section(const pl_scenario *sc)
{
    for (size_t k = 0; k < sc->n_sections; k++)
        if (strcmp(sc->section[k].path, "condition") == 0) return &sc->section[k];
    return NULL;
}

int pl_war_condition_declared(const pl_scenario *sc)
{
    const pl_section *s = find_section(sc);
    return s && s->given && s->enabled;
}

static const pl_field *need(const pl_scenario *sc, const pl_section *sec, const char *key, pl_error *err)
{
    char path[64];
    snprintf(path, sizeof path, "condition.%s", key);
    const pl_field *f = pl_scenario_find_field(sc, path);
    if (f && f->given) return f;
    pl_error_at(err, PL_EINPUT, sec->file, sec->line, sec->col, "found condition: without %s:, expected it (%s)", key,
                f ? f->desc->help : "");
    return NULL;
}

static pl_status read_month(const pl_field *f, size_t k, int *month, pl_error *err)
{
    if (pl_war_record_month_parse(f->strings[k], month))
        return pl_error_at(err, PL_EINPUT, f->file, f->item_line[k], f->item_col[k],
                           "found '%.40s' in condition.window, expected a month YYYY-MM", f->strings[k]);
    return PL_OK;
}

static pl_status read_window(pl_war_condition *c, const pl_field *f, pl_error *err)
{
    if (f->n_items != 2)
        return pl_error_at(err, PL_EINPUT, f->file, f->line, f->col,
                           "found %zu items in condition.window, expected [first month, last month]", f->n_items);
    pl_status st = read_month(f, 0, &c->from, err);
    if (!st) st = read_month(f, 1, &c->to, err);
    if (!st && c->to < c->from)
        return pl_error_at(err, PL_EINPUT, f->file, f->item_line[1], f->item_col[1],
                           "found a window ending before it starts, expected [first month, last month]");
    int start = pl_war_record_start_month(c->sc);
    if (!st && c->from < start)
        return pl_error_at(err, PL_EINPUT, f->file, f->item_line[0], f->item_col[0],
                           "found a window from %s, expected months from the scenario's start (%04d-%02d)", f->strings[0],
                           start / 12, start % 12 + 1);
    /* Every candidate is played to the window's end: a window decades long (a typing error such as
    ** 9999-12) would play thousands of years per candidate. The bound is the longest run a scenario
    ** may have (scenario.horizon_years <= 100); the window may outlast the scenario's own horizon
    ** (a short run conditioned on a longer history). */
    if (!st && c->to - start >= 100 * 12)
        return pl_error_at(err, PL_EINPUT, f->file, f->item_line[1], f->item_col[1],
                           "found a window to %s, expected months within 100 years of the scenario's start (%04d-%02d)",
                           f->strings[1], start / 12, start % 12 + 1);
    return st;
}

/* The tolerance with its provenance, as a parameter's: source: (dated under as_of) or assumed:
** with the range considered, which must hold the value. */
static pl_status read_tolerance(pl_war_condition *c, const pl_section *sec, pl_error *err)
{
    const pl_scenario *sc = c->sc;
    const pl_field *tol = need(sc, sec, "tolerance", err);
    if (!tol) return err->code;
    const pl_field *src = pl_scenario_find_field(sc, "condition.source"),
                   *pub = pl_scenario_find_field(sc, "condition.published"),
                   *ass = pl_scenario_find_field(sc, "condition.assumed"),
                   *rng = pl_scenario_find_field(sc, "condition.range");
    c->tolerance = tol->number;
    if (!(src && src->given) && !(ass && ass->given))
        return pl_error_at(err, PL_EINPUT, tol->file, tol->line, tol->col, "found condition.tolerance without "
                           "provenance, expected source: (with published:) or assumed: (with range:) beside it");
    if (ass && ass->given && !(rng && rng->given))
        return pl_error_at(err, PL_EINPUT, ass->file, ass->line, ass->col, "found condition.assumed without the range "
                           "considered, expected range: [low, high]");
    if (rng && rng->given &&
        (rng->n_items != 2 || !(rng->values[0] <= c->tolerance) || !(c->tolerance <= rng->values[1])))
        return pl_error_at(err, PL_EINPUT, rng->file, rng->line, rng->col, "found condition.range that is not [low, high] "
                           "around the tolerance %g, expected two numbers low <= %g <= high", c->tolerance, c->tolerance);
    if (src && src->given && sc->has_as_of && !(pub && pub->given))
        return pl_error_at(err, PL_EINPUT, src->file, src->line, src->col, "found condition.source without published:, "
                           "expected the date it was published (the scenario declares as_of)");
    if (pub && pub->given && sc->has_as_of && (long)pub->number > sc->as_of && !(sc->flags & PL_SCENARIO_ALLOW_AFTER_AS_OF))
        return pl_error_at(err, PL_EINPUT, pub->file, pub->line, pub->col, "found condition.published %s, after the "
                           "scenario's as_of, expected a source published by then", pub->text);
    return PL_OK;
}

/* ---- The matched series ------------------------------------------------------------------------ */

/* A point inside the window published after as_of: refused at its line, or let through and counted. */
static pl_status check_published(pl_war_condition *c, const pl_war_record *rec, const pl_war_datum *d, pl_error *err)
{
    const pl_scenario *sc = c->sc;
    if (!sc->has_as_of || d->published <= sc->as_of) return PL_OK;
    if (sc->flags & PL_SCENARIO_ALLOW_AFTER_AS_OF) {
        c->n_after_as_of++;
        return PL_OK;
    }
    char path[4096];
    pl_war_record_data_path(rec, (size_t)d->series, path, sizeof path);
    int y, m, dd, ay, am, ad;
    pl_date_from_days(d->published, &y, &m, &dd);
    pl_date_from_days(sc->as_of, &ay, &am, &ad);
    return pl_error_at(err, PL_EINPUT, path, d->line, 1, "found %s %04d-%02d published %04d-%02d-%02d, after the "
                       "scenario's as_of %04d-%02d-%02d, expected observations published by then (end condition.window "
                       "earlier, or --allow-after-as-of)", rec->series[d->series].name, d->month / 12, d->month % 12 + 1,
                       y, m, dd, ay, am, ad);
}

/* Every point of data[begin, end) published by as_of (or let through and counted). */
static pl_status check_span(pl_war_condition *c, const pl_war_record *rec, size_t begin, size_t end, pl_error *err)
{
    pl_status st = PL_OK;
    for (size_t k = begin; k < end && !st; k++) st = check_published(c, rec, &rec->datum[k], err);
    return st;
}

/* The view keeps copies of the names: the record is freed once the view is built. */
static pl_status copy_names(pl_war_condition *c, const pl_war_record_series *r, pl_obs_series *o, pl_error *err)
{
    o->entity = pl_strdup(r->side), o->measure = pl_strdup(r->measure), o->units = pl_strdup(r->units);
    o->name = c->name[c->n_series] = pl_strdup(r->name);
    if (!o->entity || !o->measure || !o->units || !o->name) return pl_error_set(err, PL_ENOMEM, "out of memory");
    return PL_OK;
}

/* The view's next series: series rs of the record inside the window, with its window total. */
static pl_status add_series(pl_war_condition *c, const pl_war_record *rec, int rs, const pl_field *f, size_t item,
                            pl_error *err)
{
    const pl_war_record_series *r = &rec->series[rs];
    pl_obs_series *o = &c->series[c->n_series];
    size_t begin, end;
    pl_war_record_span(rec, (size_t)rs, c->from, c->to, &begin, &end);
    pl_status st = check_span(c, rec, begin, end, err);
    if (!st && begin == end)
        st = pl_error_at(err, PL_EINPUT, f->file, f->item_line[item], f->item_col[item], "found series %s with no "
                         "observation inside condition.window, expected one with some", r->name);
    if (!st) st = pl_war_record_series_points(rec, (size_t)rs, c->from, c->to, o, err);
    if (!st) st = copy_names(c, r, o, err);
    if (st) return st;
    o->file = f->file, o->line = f->item_line[item], o->col = f->item_col[item];
    double total = 0;
    for (size_t k = begin; k < end; k++) total += rec->datum[k].value;
    /* The implausibility compares logarithms of window totals: a total of 0 (a series of zeros,
    ** such as months without outages) has none, so it cannot be matched this way. */
    if (!(total > 0))
        return pl_error_at(err, PL_EINPUT, f->file, f->item_line[item], f->item_col[item], "found series %s whose "
                           "points in the window sum to %g, expected a positive total (the match compares logarithms)",
                           r->name, total);
    c->observed[c->n_series] = total, c->bias[c->n_series] = 0.5 * (r->bias_lo + r->bias_hi);
    /* τ with the spread of the source's bias interval added in quadrature, the bias taken uniform on
    ** the log scale: a series stated only within a factor (a schedule's national mean, 0.5-2 times the
    ** true one) is matched more loosely than one without (b_lo = b_hi adds nothing). */
    double spread = (log(r->bias_hi) - log(r->bias_lo)) / sqrt(12.0);
    c->tol[c->n_series] = sqrt(c->tolerance * c->tolerance + spread * spread);
    c->n_points += end - begin;
    c->n_series++;
    return PL_OK;
}

static pl_status read_series(pl_war_condition *c, const pl_war_record *rec, const pl_field *f, pl_error *err)
{
    if (f->n_items == 0 || f->n_items > MAX_MATCHED)
        return pl_error_at(err, PL_EINPUT, f->file, f->line, f->col, "found %zu series in condition.series, expected 1 "
                           "to %d", f->n_items, MAX_MATCHED);
    for (size_t k = 0; k < f->n_items; k++) {
        int rs = pl_war_record_find(rec, f->strings[k]);
        if (rs < 0)
            return pl_error_at(err, PL_EINPUT, f->file, f->item_line[k], f->item_col[k], "found series '%.100s', "
                               "expected one listed in %s", f->strings[k], rec->path);
        for (size_t j = 0; j < k; j++)
            if (strcmp(f->strings[j], f->strings[k]) == 0)
                return pl_error_at(err, PL_EINPUT, f->file, f->item_line[k], f->item_col[k], "found series '%.100s' "
                                   "twice, expected each once", f->strings[k]);
        pl_status st = add_series(c, rec, rs, f, k, err);
        if (st) return st;
    }
    return PL_OK;
}

static pl_status read_record(pl_war_condition *c, const pl_field *f, pl_war_record **rec, pl_error *err)
{
    char full[2048];
    const char *slash = strrchr(f->file, '/');
    if (f->text[0] == '/' || !slash) snprintf(full, sizeof full, "%s", f->text);
    else snprintf(full, sizeof full, "%.*s/%s", (int)(slash - f->file), f->file, f->text);
    if (!(c->record = pl_strdup(f->text))) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_error sub;
    pl_error_clear(&sub);
    pl_status st = pl_war_record_read(full, rec, &sub);
    if (st == PL_EIO)
        return pl_error_at(err, PL_EINPUT, f->file, f->line, f->col, "found record '%.200s' that cannot be read (%s), "
                           "expected a record manifest (path relative to this file)", f->text, sub.msg);
    if (st) *err = sub;
    return st;
}

static pl_status build(pl_war_condition *c, const pl_section *sec, pl_error *err)
{
    const pl_scenario *sc = c->sc;
    const pl_field *rec_f = need(sc, sec, "record", err), *ser_f = rec_f ? need(sc, sec, "series", err) : NULL,
                   *win_f = ser_f ? need(sc, sec, "window", err) : NULL;
    if (!win_f) return err->code;
    pl_status st = read_window(c, win_f, err);
    if (!st) st = read_tolerance(c, sec, err);
    if (st) return st;
    c->cutoff = pl_scenario_find_field(sc, "condition.cutoff")->number;
    const pl_field *tries = pl_scenario_find_field(sc, "condition.max_tries");
    if (tries->number != floor(tries->number)) /* 1.5 candidates is no count */
        return pl_error_at(err, PL_EINPUT, tries->file, tries->line, tries->col,
                           "found %g for condition.max_tries, expected a whole number", tries->number);
    c->max_tries = (size_t)tries->number;
    pl_war_record *rec = NULL;
    st = read_record(c, rec_f, &rec, err);
    if (!st) st = read_series(c, rec, ser_f, err);
    pl_war_record_free(rec); /* the view keeps copies of the names it needs */
    if (st) return st;
    c->view = *sc;
    c->view.series = c->series, c->view.n_series = c->n_series;
    return PL_OK;
}

pl_status pl_war_condition_create(const pl_scenario *sc, pl_war_condition **out, pl_error *err)
{
    *out = NULL;
    if (!pl_war_condition_declared(sc) || (sc->flags & PL_SCENARIO_NO_CONDITION)) return PL_OK;
    pl_war_condition *c = pl_calloc(1, sizeof *c);
    if (!c) return pl_error_set(err, PL_ENOMEM, "out of memory");
    c->sc = sc;
    atomic_init(&c->accepted, 0), atomic_init(&c->tried, 0), atomic_init(&c->failed, 0);
    pl_status st = build(c, find_section(sc), err);
    if (!st) { /* the nominal run: an unknown measure or a window before the start is an input error */
        double *v = pl_malloc((sc->n_params + 1) * sizeof *v);
        pl_war_obs_point *pt = NULL;
        size_t n = 0;
        if (!v) st = pl_error_set(err, PL_ENOMEM, "out of memory");
        else {
            pl_scenario_nominals(sc, v);
            st = pl_war_observe(&c->view, v, &pt, &n, err);
        }
        pl_free(pt), pl_free(v);
    }
    if (st) {
        pl_war_condition_free(c);
        return st;
    }
    *out = c;
    return PL_OK;
}

void pl_war_condition_free(pl_war_condition *c)
{
    if (!c) return;
    for (size_t s = 0; s < MAX_MATCHED; s++) {
        pl_free(c->series[s].values);
        pl_free(c->series[s].entity), pl_free(c->series[s].measure), pl_free(c->series[s].units);
        pl_free(c->name[s]);
    }
    pl_free(c->record);
    pl_free(c);
}

size_t pl_war_condition_n_series(const pl_war_condition *c) { return c->n_series; }
const char *pl_war_condition_series_name(const pl_war_condition *c, size_t s) { return s < c->n_series ? c->name[s] : NULL; }

/* ---- Implausibility and candidates -------------------------------------------------------------- */

pl_status pl_war_condition_implausibility(const pl_war_condition *c, const double *values, double *imp, double *worst,
                                          pl_error *err)
{
    pl_war_obs_point *pt = NULL;
    size_t n = 0;
    pl_error sub;
    pl_error_clear(&sub);
    pl_status st = pl_war_observe(&c->view, values, &pt, &n, &sub);
    double model[MAX_MATCHED] = {0};
    *worst = 0;
    if (st == PL_ENOMEM) {
        *err = sub;
        return st;
    }
    for (size_t k = 0; !st && k < n; k++) model[pt[k].series] += pt[k].predicted;
    pl_free(pt);
    for (size_t s = 0; s < c->n_series; s++) {
        /* A run that fails, or takes no ground where the record shows some, matches nothing. */
        double i = !st && model[s] > 0 && isfinite(model[s])
                       ? fabs(log(c->observed[s]) - log(c->bias[s] * model[s])) / c->tol[s]
                       : (double)INFINITY;
        if (imp) imp[s] = i;
        if (i > *worst) *worst = i;
    }
    return PL_OK;
}

double pl_war_condition_uniform(double u, size_t k)
{
    if (k == 0) return u;
    /* The stream keyed by u's 53 bits, offset from the key pl_scenario_draw_group uses for u. */
    gsl_rng *r = pl_rng_alloc((uint64_t)ldexp(u, 53) ^ UINT64_C(0x636f6e646974696f), (uint64_t)k);
    if (!r) return u; /* no memory: the candidate repeats; the cap ends the run */
    double v = gsl_rng_uniform_pos(r);
    gsl_rng_free(r);
    return v;
}

/* count: add the tries to the acceptance counts (0 when a run's draw is made again). */
static pl_status draw_groups(pl_war_condition *c, const double *u, const int *used, const unsigned char *keep,
                             double *values, size_t *tries, int count, pl_error *err)
{
    double worst = (double)INFINITY;
    int any = 0;
    for (int g = 0; g < PL_GROUP_COUNT; g++) any |= used[g];
    *tries = 0;
    if (!any) return PL_OK; /* nothing drawn (--nominal, everything fixed): nothing to condition */
    for (size_t k = 0; k < c->max_tries; k++) {
        for (int g = 0; g < PL_GROUP_COUNT; g++)
            if (used[g]) pl_scenario_draw_group(c->sc, (pl_param_group)g, pl_war_condition_uniform(u[g], k), keep, values);
        pl_status st = pl_war_condition_implausibility(c, values, NULL, &worst, err);
        if (st) return st;
        if (worst <= c->cutoff) {
            *tries = k + 1;
            if (count) atomic_fetch_add(&c->tried, (unsigned long long)k + 1), atomic_fetch_add(&c->accepted, 1ULL);
            return PL_OK;
        }
    }
    *tries = c->max_tries;
    if (count) atomic_fetch_add(&c->tried, (unsigned long long)c->max_tries), atomic_fetch_add(&c->failed, 1ULL);
    char last[96]; /* an infinite implausibility is a war that failed or took no ground: say so, not "inf" */
    if (isfinite(worst)) snprintf(last, sizeof last, "the last's largest implausibility %.3g", worst);
    else snprintf(last, sizeof last, "the last's war failed or took none of the ground recorded");
    return pl_error_set(err, PL_EMODEL, "none of %zu candidate draws is consistent with the record %s (%s, cutoff %g): "
                        "the ranges and the record disagree; widen condition.tolerance or check the ranges", c->max_tries,
                        c->record, last, c->cutoff);
}

pl_status pl_war_condition_draw_groups(pl_war_condition *c, const double *u, const int *used, const unsigned char *keep,
                                       double *values, size_t *tries, pl_error *err)
{
    return draw_groups(c, u, used, keep, values, tries, 1, err);
}

pl_status pl_war_condition_redraw_groups(pl_war_condition *c, const double *u, const int *used,
                                         const unsigned char *keep, double *values, pl_error *err)
{
    size_t tries;
    return draw_groups(c, u, used, keep, values, &tries, 0, err);
}

pl_status pl_war_condition_draw(pl_war_condition *c, gsl_rng *rng, double *values, size_t *tries, pl_error *err)
{
    double u[PL_GROUP_COUNT] = {0};
    int used[PL_GROUP_COUNT];
    pl_scenario_nominals(c->sc, values);
    for (int g = 0; g < PL_GROUP_COUNT; g++)
        if ((used[g] = pl_scenario_group_used(c->sc, (pl_param_group)g))) u[g] = gsl_rng_uniform_pos(rng);
    return pl_war_condition_draw_groups(c, u, used, NULL, values, tries, err);
}

void pl_war_condition_counts(const pl_war_condition *c, unsigned long long *accepted, unsigned long long *tried,
                             unsigned long long *failed)
{
    /* C17's atomic_load takes a non-const pointer: read through a copy of the handle's address. */
    pl_war_condition *m;
    memcpy(&m, &c, sizeof m);
    if (accepted) *accepted = atomic_load(&m->accepted);
    if (tried) *tried = atomic_load(&m->tried);
    if (failed) *failed = atomic_load(&m->failed);
}

void pl_war_condition_add_counts(pl_war_condition *c, unsigned long long accepted, unsigned long long tried,
                                 unsigned long long failed)
{
    atomic_fetch_add(&c->accepted, accepted), atomic_fetch_add(&c->tried, tried), atomic_fetch_add(&c->failed, failed);
}

/* "tolerance 0.25", or "tolerances 0.25, 0.25, 0.4" when the series' differ. */
static void describe_tolerances(const pl_war_condition *c, char *buf, size_t size)
{
    int same = 1;
    for (size_t s = 1; s < c->n_series; s++) same &= c->tol[s] == c->tol[0];
    if (same) {
        snprintf(buf, size, "tolerance %g", c->n_series ? c->tol[0] : c->tolerance);
        return;
    }
    size_t at = (size_t)snprintf(buf, size, "tolerances");
    for (size_t s = 0; s < c->n_series && at < size; s++)
        at += (size_t)snprintf(buf + at, size - at, "%s %.3g", s ? "," : "", c->tol[s]);
}

void pl_war_condition_describe(const pl_war_condition *c, char *buf, size_t size)
{
    unsigned long long k, n, f;
    pl_war_condition_counts(c, &k, &n, &f);
    char names[256] = "";
    for (size_t s = 0; s < c->n_series; s++)
        snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", s ? ", " : "", c->name[s]);
    double lo, hi;
    pl_stats_wilson((long)k, (long)n, pl_stats_z(0.90), &lo, &hi);
    if (!n) {
        snprintf(buf, size, "conditioned on the record %s: no candidate draws (nothing drawn)", c->record);
        return;
    }
    char tols[160] = "";
    describe_tolerances(c, tols, sizeof tols);
    int at = snprintf(buf, size, "conditioned on the record %s (%s, %04d-%02d..%04d-%02d, %zu points; %s, "
                      "cutoff %g): accepted %llu of %llu candidate draws (%.1f %%, 90 %% Wilson %.1f-%.1f %%)",
                      c->record, names, c->from / 12, c->from % 12 + 1, c->to / 12, c->to % 12 + 1, c->n_points,
                      tols, c->cutoff, k, n, n ? 100.0 * (double)k / (double)n : 0.0, 100 * lo, 100 * hi);
    if (f && at > 0 && (size_t)at < size)
        at += snprintf(buf + at, size - (size_t)at, "; %llu run%s found none in %zu", f, f == 1 ? "" : "s", c->max_tries);
    if (c->n_after_as_of && at > 0 && (size_t)at < size)
        snprintf(buf + at, size - (size_t)at, "; %zu point%s published after as_of (--allow-after-as-of)", c->n_after_as_of,
                 c->n_after_as_of == 1 ? "" : "s");
}
