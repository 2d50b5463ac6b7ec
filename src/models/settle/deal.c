/*
** deal.c — the terms of a peace framework: what they are worth to each actor (a salience-weighted
** spatial utility with red lines), the terms a winner imposes, and the terms the stakeholders
** negotiate through a bargaining model from the registry.
** Layer: models.
**
** Utility (docs/models/settle.md §2): u_i(x) = Σ_d s_id (1 − |x_d − ξ_id|/(hi_d − lo_d)) / Σ_d s_id
** − r·(red lines crossed), the linear spatial loss of the expected-utility and compromise models
** (Bueno de Mesquita 1994; Stokman & Van Oosten 1994), with red lines as a fixed cost r each.
*/
#include "parley/settle.h"

#include <math.h>
#include <string.h>

#include "parley/memory.h"

static int point_valued(const pl_point *pt) { return pt->effect != PL_EFFECT_GUARANTEE; }

double pl_deal_utility(const pl_framework *fw, const double *sal, const double *x, size_t i, double red_cost,
                       int *n_crossed)
{
    const double *s = sal ? sal : fw->salience;
    double num = 0, den = 0;
    int crossed = 0;
    for (size_t d = 0; d < fw->n_points; d++) {
        size_t k = i * fw->n_points + d;
        const pl_point *pt = &fw->point[d];
        if (!fw->has_position[k] || !point_valued(pt)) continue;
        num += s[k] * (1 - fabs(x[d] - fw->ideal[k]) / (pt->hi - pt->lo));
        den += s[k];
        crossed += (fw->has_red_min[k] && x[d] < fw->red_min[k]) || (fw->has_red_max[k] && x[d] > fw->red_max[k]);
    }
    if (n_crossed) *n_crossed = crossed;
    return (den > 0 ? num / den : 1) - red_cost * crossed;
}

void pl_deal_status_quo(const pl_framework *fw, double *x)
{
    for (size_t d = 0; d < fw->n_points; d++) x[d] = fw->point[d].status_quo;
}

void pl_deal_imposed(const pl_framework *fw, size_t winner, double *x)
{
    for (size_t d = 0; d < fw->n_points; d++) {
        size_t k = winner * fw->n_points + d;
        x[d] = fw->has_position[k] ? fw->ideal[k] : fw->point[d].status_quo;
    }
}

static int on_table(const pl_point *pt) { return pt->status <= PL_POINT_BRACKETED && point_valued(pt); }

/* 1 if actor i sits at the table on point d (its position there is known). */
static int seated(const pl_framework *fw, size_t i, size_t d)
{
    if (fw->holds_proposal[i]) return fw->point[d].status == PL_POINT_IN;
    return fw->has_position[i * fw->n_points + d];
}

static size_t count_dims(const pl_framework *fw)
{
    size_t n = 0;
    for (size_t d = 0; d < fw->n_points; d++) {
        if (!on_table(&fw->point[d])) continue;
        for (size_t i = 0; i < fw->n_actors; i++)
            if (seated(fw, i, d)) {
                n++;
                break;
            }
    }
    return n;
}

/* Fills dimension j of the table from point d. */
static void fill_dim(const pl_framework *fw, const double *sal, pl_stakeholders *s, size_t j, size_t d)
{
    const pl_point *pt = &fw->point[d];
    s->dim_lo[j] = pt->lo;
    s->dim_hi[j] = pt->hi;
    for (size_t i = 0; i < fw->n_actors; i++) {
        size_t k = i * fw->n_points + d, e = pl_idx(s, i, j);
        s->present[e] = (unsigned char)seated(fw, i, d);
        s->position[e] = fw->holds_proposal[i] ? pt->proposal : fw->has_position[k] ? fw->ideal[k] : pt->status_quo;
        /* The plan's author cares about every point it wrote as much as about its most salient one. */
        s->salience[e] = fw->holds_proposal[i] ? 1.0 : fw->has_position[k] ? sal[k] : 0;
    }
}

/* Replaces *slot (an empty string from pl_stakeholders_alloc) by a copy of text. */
static int replace(char **slot, const char *text)
{
    char *copy = pl_strdup(text);
    if (!copy) return 0;
    pl_free(*slot);
    *slot = copy;
    return 1;
}

static pl_status name_table(const pl_framework *fw, pl_deal_table *t, pl_error *err)
{
    pl_stakeholders *s = t->s;
    int ok = replace(&s->name, fw->name) && replace(&s->description, fw->title) && replace(&s->source, fw->path ? fw->path : "");
    for (size_t i = 0; ok && i < fw->n_actors; i++) ok = replace(&s->actor[i], fw->actor[i]) && replace(&s->actor_desc[i], fw->actor_name[i]);
    for (size_t j = 0; ok && j < t->n_dims; j++) ok = replace(&s->dim[j], fw->point[t->point[j]].id);
    return ok ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
}

pl_status pl_deal_table_create(const pl_framework *fw, const double *sal, pl_deal_table *t, pl_error *err)
{
    memset(t, 0, sizeof *t);
    if (!sal) sal = fw->salience;
    t->n_dims = count_dims(fw);
    if (t->n_dims == 0) return pl_error_set(err, PL_EINPUT, "framework %s has no point left on the table", fw->name);
    t->s = pl_stakeholders_alloc(fw->n_actors, t->n_dims);
    t->point = pl_malloc(t->n_dims * sizeof *t->point);
    if (!t->s || !t->point) {
        pl_deal_table_free(t);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    size_t j = 0;
    for (size_t d = 0; d < fw->n_points; d++) {
        if (!on_table(&fw->point[d])) continue;
        int anyone = 0;
        for (size_t i = 0; i < fw->n_actors; i++) anyone |= seated(fw, i, d);
        if (!anyone) continue;
        t->point[j] = d;
        fill_dim(fw, sal, t->s, j++, d);
    }
    pl_status st = name_table(fw, t, err);
    if (st) pl_deal_table_free(t);
    return st;
}

void pl_deal_table_free(pl_deal_table *t)
{
    pl_stakeholders_free(t->s);
    pl_free(t->point);
    memset(t, 0, sizeof *t);
}

static void fill_untabled(const pl_framework *fw, const double *sq, double guarantee_value, double *x)
{
    for (size_t d = 0; d < fw->n_points; d++)
        x[d] = fw->point[d].effect == PL_EFFECT_GUARANTEE ? guarantee_value : sq ? sq[d] : fw->point[d].status_quo;
}

pl_status pl_deal_negotiate(const pl_framework *fw, pl_deal_table *t, const double *cap, const pl_bargain_type *type,
                            const pl_optset *opts, gsl_rng *rng, const double *sq, double guarantee_value, double *x,
                            pl_error *err)
{
    pl_stakeholders *s = t->s;
    for (size_t i = 0; i < s->n_actors; i++)
        for (size_t j = 0; j < s->n_dims; j++) s->capability[pl_idx(s, i, j)] = cap[i];
    pl_forecast *f = NULL;
    pl_status st = pl_bargain_run(type, s, opts, rng, &f, err);
    if (st) return st;
    fill_untabled(fw, sq, guarantee_value, x);
    for (size_t j = 0; j < t->n_dims; j++) {
        double v = f->forecast[j];
        if (!isfinite(v)) {
            pl_forecast_free(f);
            return pl_error_set(err, PL_EMODEL, "model %s gave a non-finite forecast on point %s", type->name, s->dim[j]);
        }
        x[t->point[j]] = v;
    }
    pl_forecast_free(f);
    return PL_OK;
}

void pl_deal_proposal(const pl_framework *fw, const double *sq, double guarantee_value, double *x)
{
    fill_untabled(fw, sq, guarantee_value, x);
    for (size_t d = 0; d < fw->n_points; d++)
        if (fw->point[d].status == PL_POINT_IN && point_valued(&fw->point[d])) x[d] = fw->point[d].proposal;
}

double pl_deal_army_cap(const pl_framework *fw, const double *x)
{
    for (size_t d = 0; d < fw->n_points; d++)
        if (fw->point[d].effect == PL_EFFECT_ARMY_CAP) return x[d] * 1000.0;
    return HUGE_VAL;
}
