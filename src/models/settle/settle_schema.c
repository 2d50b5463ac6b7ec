/*
** settle_schema.c — the `settle:` part of the scenario schema and filling pl_settle_values from a
** parsed scenario.
** Layer: models.
**
** As in war_schema.c, the descriptors are generated from the X-macro lists of settle_model.h
** and each descriptor's tag is the byte offset of its field, so filling is one pass over the
** scenario's flat parameter list.
*/
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "parley/aims.h"
#include "parley/settle_model.h"
#include "parley/war_model.h"

#define SETTLE_DESC_(block, name, units, lo, hi, deflt, req, help)                                            \
    {#name, units, lo, hi, deflt, req, offsetof(pl_settle_values, block.name), help},
#define NEGOTIATION_DESC_(...) SETTLE_DESC_(negotiation, __VA_ARGS__)
#define VALUATION_DESC_(...) SETTLE_DESC_(valuation, __VA_ARGS__)
#define COLLAPSE_DESC_(...) SETTLE_DESC_(collapse, __VA_ARGS__)
#define BELIEFS_DESC_(...) SETTLE_DESC_(beliefs, __VA_ARGS__)
#define TERRITORY_DESC_(...) SETTLE_DESC_(territory, __VA_ARGS__)
#define GUARANTEE_DESC_(...) SETTLE_DESC_(guarantee, __VA_ARGS__)
#define POSTDEAL_DESC_(...) SETTLE_DESC_(postdeal, __VA_ARGS__)
#define AIMS_DESC_(...) SETTLE_DESC_(aims, __VA_ARGS__)
#define RESOLVE_DESC_(...) SETTLE_DESC_(resolve, __VA_ARGS__)
#define CASE_DESC_(...) SETTLE_DESC_(cases, __VA_ARGS__)
#define COVARIATE_DESC_(...) SETTLE_DESC_(covariates, __VA_ARGS__)

static const pl_param_desc negotiation_params[] = {PL_SETTLE_NEGOTIATION_PARAMS(NEGOTIATION_DESC_)};
static const pl_param_desc valuation_params[] = {PL_SETTLE_VALUATION_PARAMS(VALUATION_DESC_)};
static const pl_param_desc collapse_params[] = {PL_SETTLE_COLLAPSE_PARAMS(COLLAPSE_DESC_)};
static const pl_param_desc beliefs_params[] = {PL_SETTLE_BELIEFS_PARAMS(BELIEFS_DESC_)};
static const pl_param_desc territory_params[] = {PL_SETTLE_TERRITORY_PARAMS(TERRITORY_DESC_)};
static const pl_param_desc guarantee_params[] = {PL_SETTLE_GUARANTEE_PARAMS(GUARANTEE_DESC_)};
static const pl_param_desc postdeal_params[] = {PL_SETTLE_POSTDEAL_PARAMS(POSTDEAL_DESC_)};
static const pl_param_desc aims_params[] = {PL_SETTLE_AIMS_PARAMS(AIMS_DESC_)};
static const pl_param_desc resolve_params[] = {PL_SETTLE_RESOLVE_PARAMS(RESOLVE_DESC_)};
/* Keyed entries: a value is found by its descriptor's place in these arrays (HYP_*, SIG_*). */
#define ENTRY_DESC_(name, units, lo, hi, deflt, req, help) {#name, units, lo, hi, deflt, req, 0, help},
static const pl_param_desc hypothesis_params[] = {PL_SETTLE_HYPOTHESIS_PARAMS(ENTRY_DESC_)};
static const pl_param_desc signal_params[] = {PL_SETTLE_SIGNAL_PARAMS(ENTRY_DESC_)};
enum { HYP_PRIOR, HYP_SUBORDINATION, HYP_LEVERAGE };
enum { SIG_P_RESOLUTE, SIG_P_IRRESOLUTE };
static const pl_param_desc case_params[] = {PL_SETTLE_CASE_PARAMS(CASE_DESC_)};
static const pl_param_desc covariate_params[] = {PL_SETTLE_COVARIATE_PARAMS(COVARIATE_DESC_)};
static const pl_param_desc actor_params[] = {
    {"capability", "weight", 0, 1e9, 1, 0, 0, "bargaining weight of this framework actor (before exhaustion)"},
};

#define COUNT_(a) (sizeof(a) / sizeof((a)[0]))
#define BLOCK_(key, params, fields, nf, help) {key, PL_SECTION_SINGLE, params, COUNT_(params), fields, nf, NULL, 0, 0, 0, 1, help}

static const pl_field_desc territory_fields[] = {
    {"point", PL_FIELD_STRING, NULL, 0, 0, 0, "territory-donetsk", "the framework point whose status quo follows the front"},
};
static const pl_field_desc guarantee_fields[] = {
    {"guarantors", PL_FIELD_STRING_LIST, NULL, 0, 0, 0, NULL, "who guarantees (for the report)"},
};
static const pl_field_desc postdeal_fields[] = {
    {"rule", PL_FIELD_ENUM, "fixed|powell", 0, 0, 0, "fixed",
     "fixed: the terms cannot be revised, the attacker holds an option to attack; powell: Powell (2006) renegotiation"},
};

static const pl_field_desc hypothesis_fields[] = {
    {"side", PL_FIELD_ENUM, "attacker|defender", 0, 0, 0, "attacker", "whose aims the hypothesis is about"},
    {"description", PL_FIELD_STRING, NULL, 0, 0, 0, "", "what the hypothesis says the side fights for"},
};
static const pl_field_desc signal_fields[] = {
    {"date", PL_FIELD_DATE, NULL, 0, 0, 1, NULL, "when the signal was public (no later than the scenario's as_of)"},
    {"kind", PL_FIELD_ENUM, "aid|deployment|statement|vote|other", 0, 0, 0, "other", "what sort of signal it is"},
    {"what", PL_FIELD_STRING, NULL, 0, 0, 0, "", "what was observed"},
};

static const pl_field_desc hinge_fields[] = {
    {"low", PL_FIELD_NUMBER, NULL, 0, 5, 0, "0", "the weaker guarantee rung the hinge outcomes compare"},
    {"high", PL_FIELD_NUMBER, NULL, 0, 5, 0, "5", "the firmer rung"},
};

static const pl_section_schema negotiation_section =
    BLOCK_("negotiation", negotiation_params, NULL, 0, "rounds, their spacing and how far each side looks ahead");
static const pl_section_schema valuation_section =
    BLOCK_("valuation", valuation_params, NULL, 0, "discounting, red lines, salience noise, the cost of war");
static const pl_section_schema collapse_section =
    BLOCK_("collapse", collapse_params, NULL, 0, "the hazard that an exhausted side breaks");
static const pl_section_schema beliefs_section =
    BLOCK_("beliefs", beliefs_params, NULL, 0, "what each side believes about the other's exhaustion");
static const pl_section_schema territory_section =
    BLOCK_("territory", territory_params, territory_fields, COUNT_(territory_fields), "how the front moves the territory point");
static const pl_section_schema guarantee_section =
    BLOCK_("guarantee", guarantee_params, guarantee_fields, COUNT_(guarantee_fields), "the security guarantee");
static const pl_section_schema postdeal_section =
    BLOCK_("postdeal", postdeal_params, postdeal_fields, COUNT_(postdeal_fields), "rebuilding, attention, renewing the war");
static const pl_section_schema aims_section =
    BLOCK_("aims", aims_params, NULL, 0, "which aims hypothesis a run takes");
static const pl_section_schema resolve_section =
    BLOCK_("resolve", resolve_params, NULL, 0, "the attacker's prior about the guarantor's resolve");
static const pl_section_schema hypotheses_section = {
    "hypotheses", PL_SECTION_KEYED, hypothesis_params, COUNT_(hypothesis_params), hypothesis_fields,
    COUNT_(hypothesis_fields), NULL, 0, 0, 0, 1, "rival hypotheses about a belligerent's aims, keyed by id, with priors"};
static const pl_section_schema signals_section = {
    "signals", PL_SECTION_KEYED, signal_params, COUNT_(signal_params), signal_fields, COUNT_(signal_fields), NULL, 0, 0, 0,
    1, "dated public signals of the guarantor's resolve, with their likelihood under each type"};
static const pl_section_schema hinge_section = {
    "hinge", PL_SECTION_SINGLE, NULL, 0, hinge_fields, COUNT_(hinge_fields), NULL, 0, 1, 0, 1,
    "when given (and enabled), parley run and sensitivity add the hinge outcomes: each run again at rungs low and high"};
static const pl_section_schema actors_section = {
    "actors", PL_SECTION_KEYED, actor_params, COUNT_(actor_params), NULL, 0, NULL, 0, 0, 0, 1,
    "bargaining weights of the framework's actors, keyed by their ids"};

/* The blocks that fill pl_settle_values by offset come first; N_BLOCKS_ counts them. */
static const pl_section_schema *const settle_children[] = {
    &negotiation_section, &valuation_section, &collapse_section,   &beliefs_section, &territory_section,
    &guarantee_section,   &postdeal_section,  &aims_section,       &resolve_section, &actors_section,
    &hypotheses_section,  &signals_section,  &hinge_section};
enum { N_BLOCKS_ = 9 };

static const pl_field_desc settle_fields[] = {
    {"framework", PL_FIELD_STRING, NULL, 0, 0, 1, NULL, "the framework file, relative to the scenario"},
    {"start", PL_FIELD_DATE, NULL, 0, 0, 1, NULL, "date of the first negotiation round"},
    {"model", PL_FIELD_STRING, NULL, 0, 0, 0, "compromise", "the bargaining model of the rounds (parley forecast --help)"},
    {"terms", PL_FIELD_ENUM, "negotiated|proposal", 0, 0, 0, "negotiated",
     "negotiated: the model's forecast on the points on the table; proposal: the plan's text as it stands"},
    {"drop", PL_FIELD_STRING_LIST, NULL, 0, 0, 0, NULL, "points to drop (narrowing)"},
    {"defer", PL_FIELD_STRING_LIST, NULL, 0, 0, 0, NULL, "points to move to a separate track"},
    {"bracket", PL_FIELD_STRING_LIST, NULL, 0, 0, 0, NULL, "points whose proposal is withdrawn"},
    {"set", PL_FIELD_STRING_LIST, NULL, 0, 0, 0, NULL, "POINT=VALUE: change a proposal"},
};

const pl_section_schema pl_settle_section = {
    "settle", PL_SECTION_SINGLE, NULL, 0, settle_fields, COUNT_(settle_fields), settle_children, COUNT_(settle_children),
    0, 1, 1, "the peace framework, the negotiation, the guarantee and the post-deal phase"};

static const pl_section_schema *const settle_sections[] = {&pl_war_sides_section, &pl_war_third_parties_section,
                                                           &pl_settle_section};
static const pl_scenario_schema settle_schema = {settle_sections, COUNT_(settle_sections)};

const pl_scenario_schema *pl_settle_schema(void) { return &settle_schema; }

static const pl_field_desc case_fields[] = {
    {"attacker", PL_FIELD_STRING, NULL, 0, 0, 0, "", "the side that renewed the war, or lost ground before the deal (rule R2)"},
    {"defender", PL_FIELD_STRING, NULL, 0, 0, 0, "", "the other side"},
    {"agreement", PL_FIELD_STRING, NULL, 0, 0, 0, "", "the agreement's name"},
    {"mechanism", PL_FIELD_STRING, NULL, 0, 0, 0, "", "the sourced mechanism and guarantor facts"},
    {"resumed", PL_FIELD_BOOL, NULL, 0, 0, 0, "false", "whether war resumed (rule R3)"},
    {"resumed_on", PL_FIELD_DATE, NULL, 0, 0, 0, NULL, "the date war resumed (rule R3)"},
    {"outcome", PL_FIELD_STRING, NULL, 0, 0, 0, "", "what happened, as sourced"},
    {"coding", PL_FIELD_STRING, NULL, 0, 0, 0, "", "how the rules of docs/backtest.md were applied"},
    {"sources", PL_FIELD_STRING_LIST, NULL, 0, 0, 0, NULL, "the sources of the facts"},
};

static const pl_section_schema covariates_section =
    BLOCK_("covariates", covariate_params, NULL, 0, "what the literature codes of the agreement and its war (docs/backtest.md C5)");

static const pl_section_schema *const case_children[] = {&valuation_section, &guarantee_section, &postdeal_section,
                                                         &covariates_section};

const pl_section_schema pl_settle_case_section = {
    "case", PL_SECTION_SINGLE, case_params, COUNT_(case_params), case_fields, COUNT_(case_fields), case_children,
    COUNT_(case_children), 0, 1, 1, "a historical agreement: its facts, its coding and the post-deal assumptions"};

static const pl_section_schema *const case_sections[] = {&pl_settle_case_section};
static const pl_scenario_schema case_schema = {case_sections, COUNT_(case_sections)};

const pl_scenario_schema *pl_settle_case_schema(void) { return &case_schema; }

/* ---- Filling the values ------------------------------------------------------------------- */

static void set_defaults(const pl_section_schema *s, pl_settle_values *v)
{
    for (size_t k = 0; k < s->n_params; k++) memcpy((char *)v + s->params[k].tag, &s->params[k].deflt, sizeof(double));
}

static int is_settle_block(const pl_section_schema *s)
{
    for (size_t k = 0; k < N_BLOCKS_; k++)
        if (s == settle_children[k]) return 1;
    return s == &pl_settle_case_section || s == &covariates_section;
}

static pl_status put_actor(const pl_scenario *sc, const pl_param *prm, double x, char *const *ids, size_t n,
                           pl_settle_values *v, pl_error *err)
{
    const pl_entry *e = &sc->entry[prm->owner];
    for (size_t i = 0; i < n; i++)
        if (strcmp(ids[i], e->id) == 0) {
            v->capability[i] = x;
            return PL_OK;
        }
    return pl_error_at(err, PL_EINPUT, e->file, e->line, e->col, "found actor '%s' under settle.actors, expected an "
                       "actor of the framework", e->id);
}

/* ---- Aims and resolve ----------------------------------------------------------------------- */

/* Index of entry e among the entries of keyed section s, in declaration order. */
static size_t entry_rank(const pl_scenario *sc, const pl_section_schema *s, int e)
{
    size_t r = 0;
    for (int k = 0; k < e; k++) r += sc->entry[k].schema == s;
    return r;
}

static size_t count_entries(const pl_scenario *sc, const pl_section_schema *s)
{
    return entry_rank(sc, s, (int)sc->n_entries);
}

pl_status pl_settle_check_aims(const pl_scenario *sc, pl_error *err)
{
    size_t n = count_entries(sc, &hypotheses_section);
    if (n > PL_SETTLE_MAX_HYPOTHESES) {
        const pl_entry *e = &sc->entry[sc->n_entries - 1];
        for (int k = (int)sc->n_entries - 1; k >= 0; k--)
            if (sc->entry[k].schema == &hypotheses_section) e = &sc->entry[k];
        return pl_error_at(err, PL_EINPUT, e->file, e->line, e->col, "found %zu hypotheses, expected at most %d", n,
                           PL_SETTLE_MAX_HYPOTHESES);
    }
    for (size_t k = 0; sc->has_as_of && k < sc->n_fields; k++) {
        const pl_field *f = &sc->field[k];
        if (f->desc != &signal_fields[0] || !f->given || f->number <= (double)sc->as_of) continue;
        return pl_error_at(err, PL_EINPUT, f->file, f->line, f->col, "found signal date %s after the scenario's as_of, "
                           "expected a signal public by then", f->text);
    }
    return PL_OK;
}

/* The hypotheses' values, their sides, and the signals' posterior on the guarantor's resolve. */
static pl_status fill_aims(const pl_scenario *sc, const double *values, pl_settle_values *v, pl_error *err)
{
    pl_settle_hypotheses *h = &v->hyp;
    h->n = count_entries(sc, &hypotheses_section);
    if (h->n > PL_SETTLE_MAX_HYPOTHESES) return pl_settle_check_aims(sc, err);
    for (size_t k = 0; k < h->n; k++) h->prior[k] = hypothesis_params[HYP_PRIOR].deflt;
    double p_res[64], p_irr[64];
    size_t n_sig = count_entries(sc, &signals_section);
    if (n_sig > 64) return pl_error_set(err, PL_EINPUT, "found %zu signals, expected at most 64", n_sig);
    for (size_t k = 0; k < n_sig; k++) p_res[k] = p_irr[k] = 0.5;
    for (size_t i = 0; i < sc->n_params; i++) {
        const pl_param *prm = &sc->param[i];
        const pl_section_schema *s = sc->section[prm->section].schema;
        if (s != &hypotheses_section && s != &signals_section) continue;
        size_t r = entry_rank(sc, s, prm->owner);
        long which = s == &hypotheses_section ? prm->desc - hypothesis_params : prm->desc - signal_params;
        if (s == &signals_section) *(which == SIG_P_RESOLUTE ? &p_res[r] : &p_irr[r]) = values[i];
        else *(which == HYP_PRIOR ? &h->prior[r] : which == HYP_SUBORDINATION ? &h->subordination[r] : &h->leverage[r]) = values[i];
    }
    for (size_t k = 0; k < sc->n_fields; k++)
        if (sc->field[k].desc == &hypothesis_fields[0])
            h->defender[entry_rank(sc, &hypotheses_section, sc->field[k].owner)] = sc->field[k].number > 0.5;
    h->taken = h->n == 0 ? -1
               : v->aims.hypothesis >= 0 ? lround(v->aims.hypothesis)
                                         : (long)pl_aims_pick(h->prior, h->n, v->aims.pick < 1 ? v->aims.pick : 0x1.fffffffffffffp-1);
    if (h->taken >= (long)h->n)
        return pl_error_set(err, PL_EINPUT, "found settle.aims.hypothesis %ld, expected one of the %zu hypotheses (0 to %zu)",
                            h->taken, h->n, h->n - 1);
    v->resolve_posterior = pl_resolve_posterior(v->resolve.prior, p_res, p_irr, n_sig);
    return PL_OK;
}

pl_status pl_settle_values_from_scenario(const pl_scenario *sc, const double *values, char *const *actor_ids,
                                         size_t n_actors, pl_settle_values *v, pl_error *err)
{
    memset(v, 0, sizeof *v);
    if (n_actors > PL_SETTLE_MAX_ACTORS)
        return pl_error_set(err, PL_EINPUT, "found %zu framework actors, expected at most %d", n_actors, PL_SETTLE_MAX_ACTORS);
    for (size_t k = 0; k < N_BLOCKS_; k++) set_defaults(settle_children[k], v);
    set_defaults(&pl_settle_case_section, v);
    set_defaults(&covariates_section, v);
    for (size_t i = 0; i < n_actors; i++) v->capability[i] = 1;
    for (size_t i = 0; i < sc->n_params; i++) {
        const pl_param *prm = &sc->param[i];
        const pl_section_schema *s = sc->section[prm->section].schema;
        double x = values[i];
        if (!isfinite(x) || x < prm->desc->lo || x > prm->desc->hi)
            return pl_error_at(err, PL_EINPUT, prm->file, prm->line, prm->col, "found %g for %s, expected a value in [%g, %g]",
                               x, prm->path, prm->desc->lo, prm->desc->hi);
        if (is_settle_block(s)) memcpy((char *)v + prm->desc->tag, &x, sizeof x);
        else if (s == &actors_section) {
            pl_status st = put_actor(sc, prm, x, actor_ids, n_actors, v, err);
            if (st) return st;
        }
    }
    return fill_aims(sc, values, v, err);
}
