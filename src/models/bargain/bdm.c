/*
** bdm.c — the two faces of Bueno de Mesquita's expected-utility model: bdm-scholz-code (the
** semantics of the public code believed to follow Scholz's) and bdm-scholz-paper (Scholz,
** Calbert & Smith 2011, one option per ambiguity); their options and type objects.
** Layer: models.
**
** Both modes run the same engine (bdm_engine.c); a mode is a pl_bdm_config. Every option, its
** default and the reason for it: docs/models/bdm.md.
*/
#include "models/bargain/bdm.h"

#include <string.h>

#define BDM_COMMON_OPTIONS                                                                                   \
    {"rounds", PL_OPT_INT, "8", 1, 100000, NULL,                                                             \
     "rounds of challenges after the input (default 8: the length of Scholz et al. 2011, Table 2)"},         \
        {"risk-q", PL_OPT_DOUBLE, "1", 0, 1, NULL,                                                           \
         "Q, the probability of the status quo when an actor does not challenge (Scholz: 1.0)"},             \
        {"stop-tolerance", PL_OPT_DOUBLE, "0", 0, 1e300, NULL,                                               \
         "stop early once the median moved less than this in two rounds running (0: play every round)"},     \
        {"events", PL_OPT_ENUM, "taken", 0, 0, "taken|all",                                                  \
         "record the offers actors take, or also every dyad's quadrant (dyad:* events)"}

static const pl_option_desc code_options[] = {
    BDM_COMMON_OPTIONS,
    {"fix-capitulation", PL_OPT_FLAG, "0", 0, 0, NULL,
     "let the Compel region move the weaker side (the reference code's test never fires)"},
};

static const pl_option_desc paper_options[] = {
    BDM_COMMON_OPTIONS,
    {"range", PL_OPT_ENUM, "initial", 0, 0, "initial|round",
     "A0: R, the range of positions, from the input or from each round's positions"},
    {"resist-salience", PL_OPT_ENUM, "responder", 0, 0, "responder|printed",
     "A1: the salience that resists in E^j(U_ji): the responder's s_i, or s_j as eq. 25b prints it"},
    {"opponent-risk", PL_OPT_ENUM, "own", 0, 0, "own|focal",
     "A1b: E^j(U_ji) with j's own risk exponent (BDM 1985), or with the focal actor's"},
    {"security", PL_OPT_ENUM, "adversary", 0, 0, "adversary|focal",
     "A2: security S_i as the adversaries' own E^j(U_ji), or as i sees them (E^i(U_ji))"},
    {"compromise-region", PL_OPT_ENUM, "figure", 0, 0, "figure|text",
     "A3: i compromises when E^j(U_ji) > 0 (fig. 6) or when it is < 0 (as the text prints it)"},
    {"selection", PL_OPT_ENUM, "least", 0, 0, "least|enforce|type|code",
     "A4: the offer taken: least move; highest proposer EU; by kind then least move; the code's rule"},
    {"probability", PL_OPT_ENUM, "pairwise", 0, 0, "pairwise|all-pairs",
     "P: eq. 31 over the dyad's votes, or the code's denominator over all pairs of actors"},
    {"q-terms", PL_OPT_ENUM, "full", 0, 0, "full|status-quo-only",
     "eq. 7 in full, or only -Q*U_sq as the reference code has it (matters when Q < 1)"},
    {"conflict", PL_OPT_ENUM, "move", 0, 0, "move|stay",
     "oct: the loser of a conflict (both EUs > 0) moves to the winner, or nobody moves"},
    {"capitulation", PL_OPT_ENUM, "on", 0, 0, "on|off",
     "cap: the Compel region of fig. 6 moves the weaker side fully, or is ignored"},
    {"compromise-position", PL_OPT_ENUM, "eq36", 0, 0, "eq36|weighted",
     "comp: x_i + (x_j - x_i)|a/b| (eq. 36), or (|a| x_i + |b| x_j)/(|a| + |b|)"},
    {"mu", PL_OPT_ENUM, "median", 0, 0, "median|mean",
     "mu: the position mu in U_b/U_w: the round's weighted median, or its weighted mean"},
};

void pl_bdm_config_paper(pl_bdm_config *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    cfg->rounds = 8;
    cfg->q = 1.0;
    cfg->range = PL_BDM_RANGE_INITIAL;
    cfg->resist = PL_BDM_RESIST_RESPONDER;
    cfg->opponent = PL_BDM_VIEW_OWN;
    cfg->security = PL_BDM_VIEW_OWN;
    cfg->selection = PL_BDM_SEL_LEAST;
    cfg->probability = PL_BDM_PROB_PAIRWISE;
    cfg->q_terms = 1;
    cfg->conflict_moves = 1;
    cfg->capitulation = 1;
}

/* Where the code reads the paper otherwise (bargaining-models.md §2.9–2.10; docs/models/bdm.md §4). */
void pl_bdm_config_code(pl_bdm_config *cfg)
{
    pl_bdm_config_paper(cfg);
    cfg->opponent = PL_BDM_VIEW_FOCAL;
    cfg->security = PL_BDM_VIEW_FOCAL;
    cfg->selection = PL_BDM_SEL_CODE;
    cfg->probability = PL_BDM_PROB_ALL_PAIRS;
    cfg->q_terms = 0;
    cfg->capitulation = 0;
}

static void read_common(const pl_optset *o, pl_bdm_config *cfg)
{
    cfg->rounds = (size_t)pl_optset_int(o, "rounds");
    cfg->q = pl_optset_double(o, "risk-q");
    cfg->stop_tolerance = pl_optset_double(o, "stop-tolerance");
    cfg->all_events = pl_optset_enum(o, "events") == 1;
}

static pl_status run_code(const pl_stakeholders *s, const pl_optset *o, gsl_rng *rng, pl_forecast *f, pl_error *err)
{
    (void)rng;
    pl_bdm_config cfg;
    pl_bdm_config_code(&cfg);
    read_common(o, &cfg);
    cfg.capitulation = pl_optset_flag(o, "fix-capitulation");
    return pl_bdm_run(&cfg, s, f, err);
}

static pl_status run_paper(const pl_stakeholders *s, const pl_optset *o, gsl_rng *rng, pl_forecast *f, pl_error *err)
{
    (void)rng;
    pl_bdm_config cfg;
    pl_bdm_config_paper(&cfg);
    read_common(o, &cfg);
    cfg.range = (pl_bdm_range)pl_optset_enum(o, "range");
    cfg.resist = (pl_bdm_resist)pl_optset_enum(o, "resist-salience");
    cfg.opponent = (pl_bdm_view)pl_optset_enum(o, "opponent-risk");
    cfg.security = (pl_bdm_view)pl_optset_enum(o, "security");
    cfg.compromise_text = pl_optset_enum(o, "compromise-region") == 1;
    cfg.selection = (pl_bdm_select)pl_optset_enum(o, "selection");
    cfg.probability = (pl_bdm_prob)pl_optset_enum(o, "probability");
    cfg.q_terms = pl_optset_enum(o, "q-terms") == 0;
    cfg.conflict_moves = pl_optset_enum(o, "conflict") == 0;
    cfg.capitulation = pl_optset_enum(o, "capitulation") == 0;
    cfg.compromise_weighted = pl_optset_enum(o, "compromise-position") == 1;
    cfg.mu_mean = pl_optset_enum(o, "mu") == 1;
    return pl_bdm_run(&cfg, s, f, err);
}

const pl_bargain_type pl_bargain_bdm_scholz_code = {
    "bdm-scholz-code",
    "Bueno de Mesquita's expected-utility model as the public Scholz-faithful code runs it (jmckib)",
    "Bueno de Mesquita (1985, 1994); Scholz, Calbert & Smith (2011); jmckib/bdm-scholz-expected-utility-model",
    code_options,
    sizeof code_options / sizeof code_options[0],
    PL_BARGAIN_ONE_DIM | PL_BARGAIN_PER_DIM,
    run_code};

const pl_bargain_type pl_bargain_bdm_scholz_paper = {
    "bdm-scholz-paper",
    "Bueno de Mesquita's expected-utility model following the equations of Scholz et al. (2011)",
    "Bueno de Mesquita (1985, 1994); Scholz, Calbert & Smith (2011), eqs. 5-36 and Appendix",
    paper_options,
    sizeof paper_options / sizeof paper_options[0],
    PL_BARGAIN_ONE_DIM | PL_BARGAIN_PER_DIM,
    run_paper};
