/*
** settle_setup.c — what the runs of one settle scenario share (the narrowed framework, the
** bargaining model, the decoded fields), filling one run's parameters, and the outcome list.
** Layer: simulation.
*/
#include "parley/settle_sim.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "parley/aims.h"
#include "parley/memory.h"
#include "parley/options.h"

/* B yes-no, T time-to-event ("did not happen": −1, censored at the horizon), R real, C count. */
#define B PL_OUTCOME_BINARY, PL_NONE_NEVER
#define T PL_OUTCOME_TIME, PL_NONE_MINUS_ONE
#define R PL_OUTCOME_REAL, PL_NONE_NEVER
#define C PL_OUTCOME_COUNT, PL_NONE_NEVER
static const pl_settle_outcome_desc outcome_descs[PL_SO_COUNT] = {
    {"deal", "0/1", "both belligerents accepted the terms in some round", B, "a deal within the rounds", NULL},
    {"deal_round", "round", "round of the deal (1 = the first), 0 when none", PL_OUTCOME_COUNT, PL_NONE_ZERO,
     "round of the deal", "deal"},
    {"accept_attacker", "0/1", "the attacker accepted the first round's terms", B, "attacker accepts round 1", NULL},
    {"accept_defender", "0/1", "the defender accepted the first round's terms", B, "defender accepts round 1", NULL},
    {"collapse_attacker", "0/1", "the attacker broke during the talks", B, "attacker breaks during the talks", NULL},
    {"collapse_defender", "0/1", "the defender broke during the talks", B, "defender breaks during the talks", NULL},
    {"recommenced", "0/1", "the attacker renewed the war within the horizon after a deal", B,
     "renewed war within the horizon of a deal made", "deal"},
    {"recommenced_5y", "0/1", "renewed within 5 years of the deal", B, "renewed war within 5 years of a deal made", "deal"},
    {"recommenced_10y", "0/1", "renewed within 10 years of the deal", B, "renewed war within 10 years of a deal made", "deal"},
    {"years_to_recommence", "years", "years from the deal to the renewed war, -1 when none", T,
     "years from a deal made to renewed war", "deal"},
    {"signed_recommenced_5y", "0/1", "had the first round's terms been signed: war renewed within 5 years", B,
     "renewed war within 5 years, had round 1 been signed", NULL},
    {"signed_recommenced_10y", "0/1", "had the first round's terms been signed: war renewed within 10 years", B,
     "renewed war within 10 years, had round 1 been signed", NULL},
    {"signed_years_to_recommence", "years", "had the first round's terms been signed: years to the renewed war, -1 none", T,
     "years to renewed war, had round 1 been signed", NULL},
    {"attacker_terms_value", "years of stakes", "round 1: the terms' flow to the attacker held forever", R,
     "attacker: value of the terms held forever", NULL},
    {"attacker_option_value", "years of stakes", "round 1: what the option to attack later adds to the deal", R,
     "attacker: value of the option to attack later", NULL},
    {"attacker_fight_value", "years of stakes", "round 1: the attacker's value of fighting on, under its beliefs", R,
     "attacker: value of fighting on", NULL},
    {"defender_deal_value", "years of stakes", "round 1: the deal's value to the defender, renewed war included", R,
     "defender: value of the deal, renewed war included", NULL},
    {"defender_fight_value", "years of stakes", "round 1: the defender's value of fighting on, under its beliefs", R,
     "defender: value of fighting on", NULL},
    {"attacker_utility", "utility", "round 1: the attacker's utility of the terms, red lines included", R,
     "attacker: utility of the terms", NULL},
    {"defender_utility", "utility", "round 1: the defender's utility of the terms, red lines included", R,
     "defender: utility of the terms", NULL},
    {"red_lines_attacker", "count", "round 1: red lines of the attacker the terms cross", C,
     "attacker's red lines the terms cross", NULL},
    {"red_lines_defender", "count", "round 1: red lines of the defender the terms cross", C,
     "defender's red lines the terms cross", NULL},
    {"credibility", "probability", "round 1: probability the guarantor fights a war renewed at once", R,
     "probability the guarantor fights a war renewed at once", NULL},
    {"planned_attack_years", "years", "round 1: when the attacker would renew the war after the deal, -1 never", T,
     "years after a deal to the attacker's planned renewal", NULL},
    {"power_ratio_5y", "ratio", "round 1: attacker's over defender's force five years after the deal", R,
     "attacker/defender force 5 years after a deal", NULL},
    {"exhaustion_attacker", "index", "round 1: the attacker's exhaustion", R, "attacker's exhaustion at round 1", NULL},
    {"exhaustion_defender", "index", "round 1: the defender's exhaustion", R, "defender's exhaustion at round 1", NULL},
    {"defender_collapse_rate", "1/year", "round 1: yearly hazard that the defender breaks", R,
     "yearly hazard the defender breaks, round 1", NULL},
    {"territory_km2", "km2", "attacker's net gains from the first round to the deal (or the last round)", R,
     "attacker's net gains, round 1 to the deal", NULL},
};
#undef B
#undef T
#undef R
#undef C

const pl_settle_outcome_desc *pl_settle_outcome_descs(size_t *n)
{
    *n = PL_SO_COUNT;
    return outcome_descs;
}

void pl_settle_setup_free(pl_settle_setup *su)
{
    if (!su) return;
    pl_framework_free(su->fw);
    pl_free(su);
}

static const pl_field *field(const pl_scenario *sc, const char *key)
{
    char path[128];
    snprintf(path, sizeof path, "settle.%s", key);
    return pl_scenario_find_field(sc, path);
}

static pl_status narrow_list(const pl_scenario *sc, pl_framework *fw, const char *key, pl_narrow_op op, pl_error *err)
{
    const pl_field *f = field(sc, key);
    for (size_t k = 0; f && k < f->n_items; k++) {
        pl_error sub;
        if (pl_framework_narrow(fw, f->strings[k], op, 0, &sub))
            return pl_error_at(err, PL_EINPUT, sc->path, f->item_line[k], f->item_col[k], "%s", sub.msg);
    }
    return PL_OK;
}

/* settle.set: ["army-cap=800", ...]. */
static pl_status narrow_set(const pl_scenario *sc, pl_framework *fw, pl_error *err)
{
    const pl_field *f = field(sc, "set");
    for (size_t k = 0; f && k < f->n_items; k++) {
        char id[128];
        const char *eq = strchr(f->strings[k], '=');
        double value;
        pl_error sub;
        if (!eq || (size_t)(eq - f->strings[k]) >= sizeof id || pl_parse_double(eq + 1, &value))
            return pl_error_at(err, PL_EINPUT, sc->path, f->item_line[k], f->item_col[k],
                               "found '%s' in settle.set, expected POINT=VALUE", f->strings[k]);
        snprintf(id, sizeof id, "%.*s", (int)(eq - f->strings[k]), f->strings[k]);
        if (pl_framework_narrow(fw, id, PL_NARROW_SET, value, &sub))
            return pl_error_at(err, PL_EINPUT, sc->path, f->item_line[k], f->item_col[k], "%s", sub.msg);
    }
    return PL_OK;
}

static pl_status narrow_all(const pl_scenario *sc, pl_framework *fw, pl_error *err)
{
    pl_status st = narrow_list(sc, fw, "drop", PL_NARROW_DROP, err);
    if (!st) st = narrow_list(sc, fw, "defer", PL_NARROW_DEFER, err);
    if (!st) st = narrow_list(sc, fw, "bracket", PL_NARROW_BRACKET, err);
    if (!st) st = narrow_set(sc, fw, err);
    return st;
}

static pl_status read_framework(const pl_scenario *sc, pl_settle_setup *su, pl_error *err)
{
    const pl_field *f = field(sc, "framework");
    char path[1024];
    const char *slash = strrchr(sc->path, '/');
    if (f->text[0] == '/' || !slash) snprintf(path, sizeof path, "%s", f->text);
    else snprintf(path, sizeof path, "%.*s/%s", (int)(slash - sc->path), sc->path, f->text);
    pl_status st = pl_framework_read(path, &su->fw, err);
    if (st == PL_EIO) return pl_error_at(err, PL_EINPUT, sc->path, f->line, f->col, "found framework '%s' that cannot be read, "
                                         "expected a framework file (path relative to the scenario)", f->text);
    return st;
}

static pl_status resolve_model(const pl_scenario *sc, pl_settle_setup *su, pl_error *err)
{
    const pl_field *f = field(sc, "model");
    su->model = pl_bargain_find(f->text);
    if (!su->model)
        return pl_error_at(err, PL_EINPUT, sc->path, f->line, f->col, "found model '%s', expected a bargaining model "
                           "(parley forecast --help lists them)", f->text);
    if (!(su->model->flags & PL_BARGAIN_MULTI_DIM) && !(su->model->flags & PL_BARGAIN_PER_DIM))
        return pl_error_at(err, PL_EINPUT, sc->path, f->line, f->col, "found model '%s', expected one that handles "
                           "several points", f->text);
    pl_optset_init(&su->model_opts, su->model->options, su->model->n_options);
    return PL_OK;
}

/* Every settle.actors entry must name an actor of the framework. */
static pl_status check_actors(const pl_scenario *sc, const pl_settle_setup *su, pl_error *err)
{
    for (size_t k = 0; k < sc->n_entries; k++) {
        const pl_entry *e = &sc->entry[k];
        if (strncmp(e->path, "settle.actors.", 14) == 0 && pl_framework_find_actor(su->fw, e->id) < 0)
            return pl_error_at(err, PL_EINPUT, e->file, e->line, e->col, "found actor '%s' under settle.actors, expected "
                               "an actor of framework %s", e->id, su->fw->name);
    }
    return PL_OK;
}

static pl_status resolve_fields(const pl_scenario *sc, pl_settle_setup *su, pl_error *err)
{
    su->terms_proposal = (int)field(sc, "terms")->number;
    su->rule = (pl_commitment_rule)(int)field(sc, "postdeal.rule")->number;
    long first = pl_date_days(sc->start_year, sc->start_month, sc->start_day);
    const pl_field *start = field(sc, "start");
    su->start_day = (long)start->number - first;
    if (su->start_day < 0)
        return pl_error_at(err, PL_EINPUT, sc->path, start->line, start->col, "found settle.start %s before the scenario's "
                           "start, expected a later date", start->text);
    const pl_field *tp = field(sc, "territory.point");
    su->territory_point = pl_framework_find_point(su->fw, tp->text);
    if (su->territory_point < 0 && tp->given)
        return pl_error_at(err, PL_EINPUT, sc->path, tp->line, tp->col, "found territory point '%s', expected a point of "
                           "framework %s", tp->text, su->fw->name);
    su->attacker = (size_t)pl_framework_find_role(su->fw, PL_ROLE_ATTACKER);
    su->defender = (size_t)pl_framework_find_role(su->fw, PL_ROLE_DEFENDER);
    const pl_field *g = field(sc, "guarantee.guarantors");
    for (size_t k = 0; g && k < g->n_items; k++)
        snprintf(su->guarantors + strlen(su->guarantors), sizeof su->guarantors - strlen(su->guarantors), "%s%s",
                 k ? ", " : "", g->strings[k]);
    return PL_OK;
}

pl_status pl_settle_setup_refresh(const pl_scenario *sc, pl_settle_setup *su, pl_error *err)
{
    su->guarantors[0] = '\0';
    pl_status st = narrow_all(sc, su->fw, err);
    if (!st) st = resolve_fields(sc, su, err);
    if (!st) st = check_actors(sc, su, err);
    if (!st) st = pl_settle_check_aims(sc, err);
    if (!st && su->fw->n_points > PL_SETTLE_MAX_POINTS)
        st = pl_error_set(err, PL_EINPUT, "framework %s has %zu points, expected at most %d", su->fw->name, su->fw->n_points,
                          PL_SETTLE_MAX_POINTS);
    return st;
}

pl_status pl_settle_setup_create(const pl_scenario *sc, pl_settle_setup **out, pl_error *err)
{
    *out = NULL;
    if (!field(sc, "framework")) return pl_error_set(err, PL_EINVAL, "%s was not read with the settle schema", sc->path);
    pl_settle_setup *su = pl_calloc(1, sizeof *su);
    if (!su) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = read_framework(sc, su, err);
    if (!st) st = resolve_model(sc, su, err);
    if (!st) st = pl_settle_setup_refresh(sc, su, err);
    if (st) {
        pl_settle_setup_free(su);
        return st;
    }
    *out = su;
    return PL_OK;
}

/* The guarantee a run reads: the scenario's, with its rung (when one is given) resolved into the
** components it sets. */
static void resolve_guarantee(const pl_guarantee *gp, pl_guarantee *g)
{
    *g = *gp;
    if (gp->strength >= 0) pl_guarantee_from_strength(gp->strength, g);
}

pl_status pl_settle_params_from_scenario(const pl_settle_setup *su, const pl_scenario *sc, const double *values,
                                         pl_settle_params *p, pl_error *err)
{
    memset(p, 0, sizeof *p);
    pl_status st = pl_war_params_from_scenario(sc, values, &p->war, err);
    if (!st) st = pl_settle_values_from_scenario(sc, values, su->fw->actor, su->fw->n_actors, &p->v, err);
    if (st) return st;
    resolve_guarantee(&p->v.guarantee, &p->guarantee);
    p->guarantee.doubt = 1 - pl_resolve_factor(p->v.resolve_posterior, p->v.resolve.irresolute_share);
    p->setup = su;
    return PL_OK;
}
