/*
** settle_case.c — historical ceasefires as post-deal worlds: reading a case with the common
** assumptions under it, and one run of its realised path (docs/backtest.md).
** Layer: simulation.
*/
#include "parley/settle_sim.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "settle_postdeal.h"

pl_status pl_settle_case_read(const char *path, const pl_scenario *common, pl_scenario **out, pl_error *err)
{
    pl_status st = pl_scenario_read(path, pl_settle_case_schema(), out, err);
    for (size_t i = 0; !st && common && i < (*out)->n_params; i++) {
        const pl_param *prm = &(*out)->param[i];
        int j = prm->given ? -1 : pl_scenario_find_param(common, prm->path);
        if (j >= 0 && common->param[j].given) st = pl_scenario_set_dist(*out, prm->path, &common->param[j].dist, err);
    }
    if (st && *out) {
        pl_scenario_free(*out);
        *out = NULL;
    }
    return st;
}

#define COVARIATE_NAME_(name, ...) #name,
const char *const pl_settle_covariate_names[PL_SETTLE_N_COVARIATES] = {PL_SETTLE_COVARIATE_PARAMS(COVARIATE_NAME_)};

void pl_settle_case_covariates(const pl_scenario *sc, double *x, unsigned char *coded)
{
    char path[96];
    for (size_t j = 0; j < PL_SETTLE_N_COVARIATES; j++) {
        snprintf(path, sizeof path, "case.covariates.%s", pl_settle_covariate_names[j]);
        int k = pl_scenario_find_param(sc, path);
        x[j] = k >= 0 ? sc->param[k].nominal : (double)NAN;
        coded[j] = k >= 0 && sc->param[k].given;
    }
}

/* Rule C8's ladder code: the force's level, plus half a rung per further mechanism. */
double pl_settle_case_ladder(const pl_settle_covariates *c)
{
    static const double level_code[] = {0, 1, 3, 5};
    int level = (int)lround(fmin(3, fmax(0, c->peacekeepers)));
    double code = level_code[level] + 0.5 * ((c->dmz > 0.5) + (c->third_party_guarantee > 0.5) + (c->joint_commission > 0.5));
    return fmin(5, code);
}

static double clamp(double x, double lo, double hi) { return fmin(hi, fmax(lo, x)); }

/* docs/backtest.md rule C8: the covariates set the post-deal world's inputs. */
static void apply_covariates(pl_settle_values *v)
{
    const pl_settle_covariates *c = &v->covariates;
    double cost_decades = log10(c->battle_deaths / 1000);
    v->guarantee.strength = pl_settle_case_ladder(c);
    v->valuation.war_cost_attacker = v->valuation.war_cost_defender = clamp(0.5 + 0.5 * cost_decades, 0.3, 2);
    v->cases.exhaustion = clamp(0.2 + 0.1 * cost_decades, 0.1, 0.6);
    v->cases.terms_attacker -= 0.1 * (c->territorial > 0.5) + 0.1 * (c->prior_war > 0.5);
}

pl_status pl_settle_case_params(const pl_scenario *sc, const double *values, pl_settle_params *p, pl_error *err)
{
    memset(p, 0, sizeof *p);
    pl_status st = pl_settle_values_from_scenario(sc, values, NULL, 0, &p->v, err);
    if (st) return st;
    apply_covariates(&p->v);
    const pl_settle_guarantee_p *gp = &p->v.guarantee;
    p->guarantee = (pl_guarantee){.p_fight = gp->p_fight, .forces = gp->forces, .automaticity = gp->automaticity,
                                  .duration = gp->duration_years, .half_life = gp->half_life_years,
                                  .attention_floor = gp->attention_floor, .power = gp->power,
                                  .tripwire_scale = gp->tripwire_scale, .force_quality = gp->force_quality,
                                  .cost_factor = gp->cost_factor};
    if (gp->strength >= 0) pl_guarantee_from_strength(gp->strength, &p->guarantee);
    return PL_OK;
}

pl_status pl_settle_case_run(const pl_settle_params *p, double window_years, gsl_rng *rng, double *years, pl_error *err)
{
    pd_world w;
    size_t horizon = (size_t)lround(window_years * 12);
    pl_status st = pd_init(&w, &p->v, &p->guarantee, PL_COMMIT_FIXED, horizon, err);
    if (st) {
        pd_free(&w);
        return st;
    }
    const pl_settle_case_p *cv = &p->v.cases;
    const pl_settle_covariates *c = &p->v.covariates;
    /* Rule C8: the attacker's force is capability_ratio x the defender's; a decisive defeat halves
    ** its effectiveness at the deal. A lost war leaves the defender its worst: the attacker's terms. */
    double qa0 = c->decisive > 0.5 ? 0.5 * cv->effectiveness : cv->effectiveness;
    pd_start s = {.na0 = cv->force * c->capability_ratio, .qa0 = qa0, .nd0 = cv->force, .qd0 = cv->effectiveness,
                  .ea = cv->exhaustion, .ed = cv->exhaustion, .ua = cv->terms_attacker, .ud = cv->terms_defender,
                  .u_lose_d = 0, .cap = HUGE_VAL, .base_a = 1, .base_d = 1};
    pd_begin(&w, &s);
    long month = pd_realised(&w, horizon, rng);
    *years = month < 0 ? -1 : (double)month / 12;
    pd_free(&w);
    return PL_OK;
}
