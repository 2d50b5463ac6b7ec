/*
** settle_case.c — historical ceasefires as post-deal worlds: reading a case with the common
** assumptions under it, and one run of its realised path (docs/backtest.md).
** Layer: simulation.
*/
#include "parley/settle_sim.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "parley/war.h"
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

#define SIDE_DEFAULT_(block, name, units, lo, hi, deflt, req, help) sp->block.name = deflt;
#define FRONT_DEFAULT_(...) SIDE_DEFAULT_(front, __VA_ARGS__)
#define WEARINESS_DEFAULT_(...) SIDE_DEFAULT_(weariness, __VA_ARGS__)
#define HOME_DEFAULT_(...) SIDE_DEFAULT_(home, __VA_ARGS__)

/* docs/backtest.md rule C8: a case's renewed war is fought in the war model's front and weariness
** (the schema's defaults: docs/models/war.md), each side's line its force at the deal, its base
** effectiveness the case's, its home front's morale 1 − the case's exhaustion, losses at equal
** forces loss_share_per_day of the line (square law), ground gain_km2_per_day at equal forces;
** manpower, strikes and the economy off. */
static void case_war(const pl_settle_values *v, pl_war_params *w)
{
    const pl_settle_case_p *cv = &v->cases;
    const pl_settle_covariates *c = &v->covariates;
    double force[2] = {cv->force * c->capability_ratio, cv->force};
    double eff[2] = {c->decisive > 0.5 ? 0.5 * cv->effectiveness : cv->effectiveness, cv->effectiveness};
    memset(w, 0, sizeof *w);
    for (int x = 0; x < PL_WAR_SIDES; x++) {
        pl_war_side_params *sp = &w->side[x];
        PL_WAR_FRONT_PARAMS(FRONT_DEFAULT_)
        PL_WAR_WEARINESS_PARAMS(WEARINESS_DEFAULT_)
        PL_WAR_HOMEFRONT_PARAMS(HOME_DEFAULT_)
        sp->modules = PL_WAR_FRONT;
        sp->front.forces_line = sp->front.line_requirement = force[x];
        sp->front.base_effectiveness = eff[x];
        sp->front.reference_force = cv->force;
        sp->front.attrition_coeff = cv->loss_share_per_day * cv->force;
        sp->front.gain_coeff = cv->gain_km2_per_day;
        sp->home.morale_initial = sp->home.morale_base = 1 - cv->exhaustion;
    }
    pl_war_params_prepare(w);
}

pl_status pl_settle_case_params(const pl_scenario *sc, const double *values, pl_settle_params *p, pl_error *err)
{
    memset(p, 0, sizeof *p);
    pl_status st = pl_settle_values_from_scenario(sc, values, NULL, 0, &p->v, err);
    if (st) return st;
    apply_covariates(&p->v);
    const pl_guarantee *gp = &p->v.guarantee;
    p->guarantee = *gp;
    if (gp->strength >= 0) pl_guarantee_from_strength(gp->strength, &p->guarantee);
    case_war(&p->v, &p->war);
    return PL_OK;
}

/* pl_postdeal_utility_fn for a case: the ground a renewed war takes moves the terms toward the attacker's
** ideal (1) and the defender's worst (0) in proportion to the contested area taken. */
static double case_utility(const void *ctx, int side, double km2)
{
    const pl_settle_case_p *cv = ctx;
    double taken = fmin(1, fmax(0, km2 / cv->contested_km2));
    return side == PL_WAR_ATTACKER ? cv->terms_attacker + (1 - cv->terms_attacker) * taken : cv->terms_defender * (1 - taken);
}

pl_status pl_settle_case_run(const pl_settle_params *p, double window_years, gsl_rng *rng, double *years, pl_error *err)
{
    pl_postdeal_world w;
    size_t horizon = (size_t)lround(window_years * 12);
    pl_status st = pl_postdeal_init(&w, &p->v, &p->guarantee, &p->war, PL_COMMIT_FIXED, horizon, err);
    if (st) {
        pl_postdeal_free(&w);
        return st;
    }
    const pl_settle_case_p *cv = &p->v.cases;
    pl_war_state war;
    pl_war_init(&war, &p->war);
    /* A lost war leaves the defender its worst (the attacker's terms worth 0 to it); the attacker
    ** broken by a renewed war loses its gains likewise (docs/backtest.md C8). */
    const pl_war_side_state *a = &war.side[PL_WAR_ATTACKER], *d = &war.side[PL_WAR_DEFENDER];
    pl_postdeal_start s = {.na0 = a->line + a->reserve, .qa0 = a->effectiveness, .nd0 = d->line + d->reserve,
                  .qd0 = d->effectiveness, .ua = cv->terms_attacker, .ud = cv->terms_defender, .u_lose_a = 0,
                  .u_lose_d = 0, .cap = HUGE_VAL, .base_a = p->war.side[PL_WAR_ATTACKER].front.base_effectiveness,
                  .base_d = p->war.side[PL_WAR_DEFENDER].front.base_effectiveness, .war = &war,
                  .utility_at = case_utility, .utility_ctx = cv};
    pl_postdeal_begin(&w, &s);
    long month = pl_postdeal_realised(&w, horizon, rng);
    *years = month < 0 ? -1 : (double)month / 12;
    pl_postdeal_free(&w);
    return PL_OK;
}
