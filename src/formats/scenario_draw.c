/*
** scenario_draw.c — the calibration posterior a scenario names, and drawing a run's parameter
** values by provenance group: the posterior's columns jointly from one row (fitted), then every
** sourced and every assumed parameter with a declared uncertainty (scenario.h "Drawing").
** Layer: formats.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "parley/memory.h"
#include "parley/rng.h"
#include "scenario_int.h"

/* ---- The posterior ------------------------------------------------------------------------ */

/* A switch (0/1) or a code (-1: another rule) is not a quantity: a range states the choices a
** sweep may try, and only a distribution written out draws it. */
static int is_categorical(const pl_param_desc *d) { return strcmp(d->units, "0/1") == 0 || strcmp(d->units, "code") == 0; }

static pl_status tie_columns(pl_scenario_reader *r, const pl_posterior *post)
{
    pl_scenario *sc = r->sc;
    for (size_t c = 0; c < post->n_cols; c++) {
        int k = pl_scenario_find_param(sc, post->name[c]);
        if (k < 0)
            return pl_error_at(r->err, PL_EINPUT, post->path, post->header_line, post->name_col[c],
                               "found column '%.200s', expected the path of a parameter of %s", post->name[c], sc->path);
        pl_param *p = &sc->param[k];
        for (size_t row = 0; row < post->n_rows; row++) {
            double v = post->value[row * post->n_cols + c];
            if (v < p->desc->lo || v > p->desc->hi)
                return pl_error_at(r->err, PL_EINPUT, post->path, post->row_line[row], 1,
                                   "found %g for %s in draw %zu, expected a value in [%g, %g]", v, p->path, row,
                                   p->desc->lo, p->desc->hi);
            /* The calibration's prior is the range: a draw outside it is a posterior of other priors
            ** (the range narrowed since the fit), which would silently override the scenario's word.
            ** A parameter written without a range (one value) has none to compare with. */
            if (p->range_lo < p->range_hi && (v < p->range_lo || v > p->range_hi)) /* a range, not one value */
                return pl_error_at(r->err, PL_EINPUT, post->path, post->row_line[row], 1,
                                   "found %g for %s in draw %zu, outside its range [%g, %g] (%s:%d), expected a "
                                   "posterior fitted on this range (refit after changing it)", v, p->path, row,
                                   p->range_lo, p->range_hi, p->file ? p->file : sc->path, p->line);
            /* A switch or a code takes whole values only: 0.37 of a switch is no choice the model has. */
            if (is_categorical(p->desc) && v != floor(v))
                return pl_error_at(r->err, PL_EINPUT, post->path, post->row_line[row], 1,
                                   "found %g for %s (%s) in draw %zu, expected a whole number", v, p->path,
                                   p->desc->units, row);
        }
        p->posterior_col = (int)c;
    }
    return PL_OK;
}

pl_status pl_scenario_read_posterior(pl_scenario_reader *r)
{
    pl_scenario *sc = r->sc;
    const pl_field *f = pl_scenario_find_field(sc, "calibration.posterior");
    if (!f || !f->given) return PL_OK;
    char full[1024];
    const char *slash = strrchr(f->file, '/');
    if (f->text[0] == '/' || !slash) snprintf(full, sizeof full, "%s", f->text);
    else snprintf(full, sizeof full, "%.*s/%s", (int)(slash - f->file), f->file, f->text);
    struct stat sb;
    if (stat(full, &sb) == 0 && !S_ISREG(sb.st_mode)) /* a device or a FIFO could be endless */
        return pl_error_at(r->err, PL_EINPUT, f->file, f->line, f->col,
                           "found posterior '%.200s' that is not a regular file, expected a posterior file", f->text);
    pl_error sub;
    pl_status st = pl_posterior_read(full, &sc->posterior, &sub);
    if (st == PL_EIO)
        return pl_error_at(r->err, PL_EINPUT, f->file, f->line, f->col,
                           "found posterior '%.200s' that cannot be read (%s), expected a posterior file (path relative "
                           "to this file)", f->text, sub.msg);
    if (st) return *r->err = sub, st;
    st = tie_columns(r, sc->posterior);
    if (!st) st = pl_scenario_check_published(r, full, sc->posterior->as_of_line, 10, "the posterior (its as_of)", sc->posterior->as_of);
    return st;
}

/* ---- Groups --------------------------------------------------------------------------------- */

const char *pl_param_group_name(pl_param_group g)
{
    static const char *const names[] = {"fitted", "sourced", "assumed"};
    return g >= 0 && g < PL_GROUP_COUNT ? names[g] : "fixed";
}


pl_param_group pl_scenario_param_group(const pl_scenario *sc, size_t k)
{
    const pl_param *p = &sc->param[k];
    if (p->pinned) return PL_GROUP_NONE;
    if (p->posterior_col >= 0 && sc->posterior) return PL_GROUP_FITTED;
    if (p->dist.kind == PL_DIST_FIXED && (!(p->given && p->range_lo < p->range_hi) || is_categorical(p->desc)))
        return PL_GROUP_NONE;
    return p->source ? PL_GROUP_SOURCED : PL_GROUP_ASSUMED;
}

int pl_scenario_group_used(const pl_scenario *sc, pl_param_group g)
{
    for (size_t k = 0; k < sc->n_params; k++)
        if (pl_scenario_param_group(sc, k) == g) return 1;
    return 0;
}

pl_dist pl_scenario_param_dist(const pl_scenario *sc, size_t k)
{
    const pl_param *p = &sc->param[k];
    if (p->dist.kind != PL_DIST_FIXED) return p->dist;
    if (!(p->range_lo < p->range_hi)) return p->dist;
    /* Only a range: the value is the likeliest, the range's ends the least likely. */
    return pl_dist_make(PL_DIST_TRIANGULAR, p->range_lo, p->range_hi, p->nominal, 0);
}

/* The 64-bit key of a group's stream: the uniform's 53 bits. */
static uint64_t group_key(double u) { return (uint64_t)ldexp(u, 53); }

void pl_scenario_draw_group(const pl_scenario *sc, pl_param_group g, double u, const unsigned char *keep, double *values)
{
    if (g == PL_GROUP_FITTED) {
        const pl_posterior *post = sc->posterior;
        if (!post) return;
        size_t row = (size_t)(u * (double)post->n_rows);
        if (row >= post->n_rows) row = post->n_rows - 1;
        for (size_t k = 0; k < sc->n_params; k++)
            if ((!keep || !keep[k]) && pl_scenario_param_group(sc, k) == PL_GROUP_FITTED)
                values[k] = post->value[row * post->n_cols + (size_t)sc->param[k].posterior_col];
        return;
    }
    gsl_rng *rng = NULL;
    for (size_t k = 0; k < sc->n_params; k++) {
        if ((keep && keep[k]) || pl_scenario_param_group(sc, k) != g) continue;
        if (!rng && !(rng = pl_rng_alloc(group_key(u), (uint64_t)g))) return; /* no memory: values stay nominal */
        pl_dist d = pl_scenario_param_dist(sc, k);
        values[k] = pl_dist_sample(&d, rng);
    }
    if (rng) gsl_rng_free(rng);
}

void pl_scenario_draw(const pl_scenario *sc, gsl_rng *rng, double *values)
{
    pl_scenario_nominals(sc, values);
    double u[PL_GROUP_COUNT];
    int used[PL_GROUP_COUNT];
    for (int g = 0; g < PL_GROUP_COUNT; g++)
        if ((used[g] = pl_scenario_group_used(sc, (pl_param_group)g))) u[g] = gsl_rng_uniform_pos(rng);
    for (int g = 0; g < PL_GROUP_COUNT; g++)
        if (used[g]) pl_scenario_draw_group(sc, (pl_param_group)g, u[g], NULL, values);
}
