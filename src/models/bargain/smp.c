/*
** smp.c — `--model smp`: KTAB's Spatial Model of Politics run turn by turn until it converges,
** cycles or reaches the turn cap; its options, the input checks KTAB needs, and the report.
** Layer: models.
**
** Model parameters: a command-line option given by the user wins; otherwise the input's own
** value (KTAB XML <ModelParameters>); otherwise KTAB's default. Stopping (docs/models/smp.md §2.8):
** after turn t ≥ 2, converged when Σ_i ‖θ_i(t) − θ_i(t−1)‖ / (Σ_i ‖θ_i(1) − θ_i(0)‖ + 1e-4) < 0.02
** (KTAB's rule); with deterministic transitions, a state equal to one k ≥ 2 turns earlier is a
** cycle of period k (parley stops; --ktab-compat runs on to the cap as KTAB does).
*/
#include "models/bargain/smp.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "models/bargain/smp_model.h"
#include "parley/memory.h"

#define SMP_STOP_RATIO 0.02 /* KTAB's minDeltaRatio */
#define SMP_MIN_SIG 1e-4    /* KTAB's minSigDelta, guards 0/0 in the ratio */
#define SMP_MIN_TURNS 2     /* KTAB's minIter */

/* The nine KTAB switches: the option's name and KTAB's parameter name (choices use KTAB's words). */
static const struct {
    const char *option, *ktab;
} switches[] = {
    {"victory-prob", "VictoryProbModel"}, {"pce", "PCEModel"},
    {"transitions", "StateTransitions"},  {"voting-rule", "VotingRule"},
    {"big-r-adjust", "BigRAdjust"},       {"big-r-range", "BigRRange"},
    {"third-party", "ThirdPartyCommit"},  {"inter-vec-brgn", "InterVecBrgn"},
    {"bargain-model", "BargnModel"},
};
enum { N_SWITCHES = sizeof switches / sizeof switches[0] };

static const pl_option_desc smp_options[] = {
    {"victory-prob", PL_OPT_ENUM, "Linear", 0, 0, "Linear|Square|Quartic|Octic|Binary",
     "VictoryProbModel: P[a beats b] from coalition strengths x, y (Linear x/(x+y); powers; Binary threshold 1.1)"},
    {"pce", PL_OPT_ENUM, "Conditional", 0, 0, "Conditional|MarkovIncentive|MarkovUniform",
     "PCEModel: distribution over options from pairwise victory probabilities"},
    {"transitions", PL_OPT_ENUM, "Deterministic", 0, 0, "Deterministic|Stochastic",
     "StateTransitions: adopt the most probable bargain, or draw one (from --seed or the input's prngSeed)"},
    {"voting-rule", PL_OPT_ENUM, "Prop", 0, 0, "Binary|PropBin|Prop|PropCbc|Cubic|ASymProsp",
     "VotingRule: an actor's vote as a function of its utility difference"},
    {"big-r-adjust", PL_OPT_ENUM, "OneThird", 0, 0, "None|OneThird|Half|TwoThirds|Full",
     "BigRAdjust: how far h's estimate of i's risk attitude moves from R_h towards R_i"},
    {"big-r-range", PL_OPT_ENUM, "Mid", 0, 0, "Min|Mid|Max",
     "BigRRange: the range risk attitudes are mapped to ([0,1], [-1/2,1], [-1,1])"},
    {"third-party", PL_OPT_ENUM, "SemiCommit", 0, 0, "NoCommit|SemiCommit|FullCommit",
     "ThirdPartyCommit: what a third party expects to adopt when its side wins or loses"},
    {"inter-vec-brgn", PL_OPT_ENUM, "S2P2", 0, 0, "S1P1|S2P2|S2PMax",
     "InterVecBrgn: how a bargain interpolates the two positions (salience^n x probability^m weights)"},
    {"bargain-model", PL_OPT_ENUM, "InitOnlyInterp", 0, 0, "InitOnlyInterp|InitRcvrInterp|PWCompInterp",
     "BargnModel: the initiator's view only, both views offered, or their c x salience weighted average"},
    {"max-turns", PL_OPT_INT, "100", 1, 10000, NULL, "turn cap (KTAB: 100)"},
    {"min-actors", PL_OPT_INT, "2", 1, 3, NULL,
     "fewest active actors accepted (KTAB refuses fewer than 3; the equations are defined down to 1)"},
    {"inactive", PL_OPT_ENUM, "drop", 0, 0, "drop|error",
     "actors with capability 0 or no salience: leave them out (they keep their position) or reject the input"},
    {"ktab-compat", PL_OPT_FLAG, "0", 0, 0, NULL,
     "reproduce KTAB's defects where fixing them changes results (docs/models/smp.md section 6)"},
};
enum { N_OPTIONS = sizeof smp_options / sizeof smp_options[0] };

/* The options in effect: those the user gave, then the input's own parameters (KTAB XML), then
** the defaults. Parameters are checked like options; a bad one is an input error. */
static pl_status effective_options(const pl_stakeholders *s, const pl_optset *o, pl_optset *eff, pl_error *err)
{
    *eff = *o;
    for (size_t k = 0; k < N_SWITCHES; k++) {
        const char *in = pl_stakeholders_param(s, switches[k].ktab);
        if (!in || pl_optset_given(o, switches[k].option)) continue;
        if (pl_optset_set(eff, switches[k].option, in, NULL))
            return pl_error_set(err, PL_EINPUT, "%s: found %s '%s', expected one of %s",
                                s->source ? s->source : "input", switches[k].ktab, in,
                                pl_optset_find(o, switches[k].option)->choices);
    }
    return PL_OK;
}

static void read_params(const pl_optset *o, pl_smp_params *p)
{
    pl_smp_params_default(p);
    p->rule.vpm = (pl_smp_vpm)pl_optset_enum(o, "victory-prob");
    p->rule.pcem = (pl_smp_pcem)pl_optset_enum(o, "pce");
    p->stochastic = pl_optset_enum(o, "transitions");
    p->rule.vr = (pl_smp_vr)pl_optset_enum(o, "voting-rule");
    p->radj = (pl_smp_radj)pl_optset_enum(o, "big-r-adjust");
    p->rrange = (pl_smp_rrange)pl_optset_enum(o, "big-r-range");
    p->tpc = (pl_smp_tpc)pl_optset_enum(o, "third-party");
    p->ivb = (pl_smp_ivb)pl_optset_enum(o, "inter-vec-brgn");
    p->bargn = (pl_smp_bargn)pl_optset_enum(o, "bargain-model");
    p->ktab_compat = pl_optset_flag(o, "ktab-compat");
}

/* {====================================================================== input */

/* The actors that take part: SMP needs every actor on every dimension, one capability per actor,
** and (KTAB's checks) positive capability and salience; others are dropped or rejected. */
typedef struct smp_input {
    size_t n;      /* active actors */
    size_t *actor; /* [n] their index in the table */
    double *cap, *sal, *pos, *acc;
} smp_input;

static void input_free(smp_input *in)
{
    pl_free(in->actor);
    pl_free(in->cap);
    pl_free(in->sal);
    pl_free(in->pos);
    pl_free(in->acc);
}

static pl_status check_actor(const pl_stakeholders *s, size_t i, int *active, pl_error *err)
{
    double sal = 0, c = s->capability[pl_idx(s, i, 0)];
    for (size_t d = 0; d < s->n_dims; d++) {
        size_t at = pl_idx(s, i, d);
        if (!s->present[at])
            return pl_error_set(err, PL_EINPUT, "actor '%s' has no position on dimension '%s', expected one on every "
                                "dimension (SMP is multi-dimensional)", s->actor[i], s->dim[d]);
        if (s->capability[at] != c)
            return pl_error_set(err, PL_EINPUT, "actor '%s' has capability %g on '%s' and %g on '%s', expected one "
                                "capability per actor", s->actor[i], c, s->dim[0], s->capability[at], s->dim[d]);
        sal += s->salience[at];
    }
    if (sal > 1 + 1e-9) /* σ_i is a probability: the chance that i resists a challenge */
        return pl_error_set(err, PL_EINPUT, "actor '%s' has saliences summing to %g, expected at most 1 (100 on "
                            "KTAB's 0-100 scale)", s->actor[i], sal);
    *active = c > 0 && sal > 0;
    return PL_OK;
}

static pl_status select_actors(const pl_stakeholders *s, const pl_optset *o, smp_input *in, pl_error *err)
{
    int strict = pl_optset_enum(o, "inactive") == 1;
    in->n = 0;
    for (size_t i = 0; i < s->n_actors; i++) {
        int active = 0;
        pl_status st = check_actor(s, i, &active, err);
        if (st) return st;
        if (!active && strict)
            return pl_error_set(err, PL_EINPUT, "actor '%s' has %s, expected a positive value (KTAB cannot weigh it; "
                                "--inactive drop leaves it out)", s->actor[i],
                                s->capability[pl_idx(s, i, 0)] > 0 ? "zero salience on every dimension" : "capability 0");
        if (active) in->actor[in->n++] = i;
    }
    long min = pl_optset_int(o, "min-actors");
    if ((long)in->n < min)
        return pl_error_set(err, PL_EINPUT, "%s%s%s has %zu actor%s with positive capability and salience, expected at "
                            "least %ld (KTAB's minimum is 3; see --min-actors)", s->n_dims == 1 ? "issue '" : "the input",
                            s->n_dims == 1 ? s->dim[0] : "", s->n_dims == 1 ? "'" : "", in->n, in->n == 1 ? "" : "s", min);
    return PL_OK;
}

/* Copies the active actors' data, positions normalised to [0,1] by each dimension's range. */
static pl_status input_build(const pl_stakeholders *s, const pl_optset *o, smp_input *in, pl_error *err)
{
    size_t na = s->n_actors, nd = s->n_dims;
    memset(in, 0, sizeof *in);
    in->actor = pl_malloc(na * sizeof *in->actor);
    in->cap = pl_malloc(na * sizeof(double));
    in->sal = pl_malloc(na * nd * sizeof(double));
    in->pos = pl_malloc(na * nd * sizeof(double));
    if (s->accommodation) in->acc = pl_malloc(na * na * sizeof(double));
    if (!in->actor || !in->cap || !in->sal || !in->pos || (s->accommodation && !in->acc))
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = select_actors(s, o, in, err);
    for (size_t a = 0; !st && a < in->n; a++) {
        size_t i = in->actor[a];
        in->cap[a] = s->capability[pl_idx(s, i, 0)];
        for (size_t d = 0; d < nd; d++) {
            in->sal[a * nd + d] = s->salience[pl_idx(s, i, d)];
            in->pos[a * nd + d] = (s->position[pl_idx(s, i, d)] - s->dim_lo[d]) / (s->dim_hi[d] - s->dim_lo[d]);
        }
        for (size_t b = 0; in->acc && b < in->n; b++) in->acc[a * in->n + b] = s->accommodation[i * na + in->actor[b]];
    }
    return st;
}

/* {====================================================================== run */

typedef struct smp_run {
    const pl_stakeholders *s;
    const smp_input *in;
    pl_smp *m;
    pl_forecast *out;
    double *row;  /* [n_actors × n_dims] positions on the input scale */
    double *val;  /* [n_actors] a series */
    double *hist; /* [(turns + 1) × n × nd × (1 or 2)] states on [0,1], for cycle detection */
    size_t cap_hist, state_size;
} smp_run;

static pl_status record_round(smp_run *r, size_t t, pl_error *err)
{
    const pl_stakeholders *s = r->s;
    size_t nd = s->n_dims;
    memcpy(r->row, s->position, s->n_actors * nd * sizeof(double));
    for (size_t a = 0; a < r->in->n; a++)
        for (size_t d = 0; d < nd; d++)
            r->row[r->in->actor[a] * nd + d] = s->dim_lo[d] + r->m->pos[a * nd + d] * (s->dim_hi[d] - s->dim_lo[d]);
    for (size_t a = 0; a < r->in->n; a++) { /* never expected: a guard so no NaN reaches the output */
        int bad = !isfinite(r->m->risk[a]) || !isfinite(r->m->prob[a]);
        for (size_t d = 0; d < nd; d++) bad |= !isfinite(r->m->pos[a * nd + d]);
        if (bad)
            return pl_error_set(err, PL_EDOM, "turn %zu: actor '%s' has a non-finite position, risk or probability", t,
                                s->actor[r->in->actor[a]]);
    }
    pl_status st = pl_forecast_add_round(r->out, r->row, err);
    const double *series[2] = {r->m->risk, r->m->prob}; /* probability last: the table shows the last */
    const char *names[2] = {"risk", "probability"};
    for (int k = 0; !st && k < 2; k++) {
        memset(r->val, 0, s->n_actors * sizeof(double)); /* dropped actors: 0 */
        for (size_t a = 0; a < r->in->n; a++) r->val[r->in->actor[a]] = series[k][a];
        st = pl_forecast_add_series(r->out, names[k], t, r->val, err);
    }
    return st;
}

/* One event per actor that adopted a bargain in turn t and per dimension: kind "bargain", other =
** the other party, a = the bargain's probability in the actor's resolution, b = the initiator's
** estimate that it would win the challenge behind the bargain. */
static pl_status record_bargains(smp_run *r, size_t t, pl_error *err)
{
    const pl_stakeholders *s = r->s;
    const pl_smp *m = r->m;
    const double *before = r->out->round[t - 1].position, *after = r->out->round[t].position;
    pl_status st = PL_OK;
    for (size_t k = 0; !st && k < m->n; k++) {
        const pl_smp_bargain *b = pl_smp_adopted(m, k);
        if (!b) continue;
        size_t i = r->in->actor[k], other = r->in->actor[b->init == k ? b->rcvr : b->init];
        for (size_t d = 0; !st && d < m->nd; d++) {
            pl_forecast_event ev = {t, (int)i, (int)other, (int)d, "bargain", before[pl_idx(s, i, d)],
                                    after[pl_idx(s, i, d)], m->p_choice[k], m->p_target[b->init]};
            st = pl_forecast_add_event(r->out, &ev, err);
        }
    }
    return st;
}

/* Appends state t (positions, and ideals when they are not the positions) to the history. */
static pl_status remember(smp_run *r, size_t t, pl_error *err)
{
    size_t ns = r->state_size, nd = r->m->n * r->m->nd;
    if (pl_grow((void **)&r->hist, &r->cap_hist, (t + 1) * ns, sizeof(double)))
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    memcpy(r->hist + t * ns, r->m->pos, nd * sizeof(double));
    if (ns > nd) memcpy(r->hist + t * ns + nd, r->m->ideal, nd * sizeof(double));
    return PL_OK;
}

/* The smallest k ≥ 2 with state t equal to state t − k, or 0. Deterministic turns depend on the
** state only, so such a state repeats for ever with period k. */
static size_t cycle_period(const smp_run *r, size_t t)
{
    size_t ns = r->state_size;
    const double *now = r->hist + t * ns;
    for (size_t k = 2; k <= t; k++) {
        const double *then = r->hist + (t - k) * ns;
        size_t e = 0;
        while (e < ns && now[e] == then[e]) e++;
        if (e == ns) return k;
    }
    return 0;
}

typedef struct smp_stop {
    size_t turns;
    const char *reason;
    char detail[160];
    double ratio;
    size_t cycle_period, cycle_turn;
} smp_stop;

/* Why the run stops after turn t, or NULL to go on. KTAB's convergence rule comes first (a state
** that stops moving converges, it is not a cycle); a cycle is looked for only with deterministic
** turns, recorded once, and ends the run unless --ktab-compat asks for KTAB's run to the cap. */
static const char *stop_reason(const smp_run *r, size_t t, long max_turns, smp_stop *stop)
{
    if (t >= SMP_MIN_TURNS && stop->ratio < SMP_STOP_RATIO) {
        snprintf(stop->detail, sizeof stop->detail, "change ratio %.4f < %.2f after turn %zu", stop->ratio,
                 SMP_STOP_RATIO, t);
        return "converged";
    }
    size_t k = r->m->par.stochastic || stop->cycle_period ? 0 : cycle_period(r, t);
    if (k) {
        stop->cycle_period = k;
        stop->cycle_turn = t;
        if (!r->m->par.ktab_compat) return "cycle";
    }
    if ((long)t >= max_turns) {
        snprintf(stop->detail, sizeof stop->detail, "turn cap %ld reached, change ratio %.4f", max_turns, stop->ratio);
        return "turn cap";
    }
    return NULL;
}

static pl_status run_turns(smp_run *r, long max_turns, gsl_rng *rng, smp_stop *stop, pl_error *err)
{
    pl_smp *m = r->m;
    size_t ns = r->state_size;
    double d01 = 0;
    pl_status st = remember(r, 0, err);
    for (size_t t = 1; !st && !stop->reason; t++) {
        if ((st = pl_smp_turn(m, rng, err)) || (st = pl_smp_assess(m, err)) || (st = record_round(r, t, err)) ||
            (st = record_bargains(r, t, err)) || (st = remember(r, t, err)))
            break;
        double dt = pl_smp_state_distance(m->n, m->nd, r->hist + t * ns, r->hist + (t - 1) * ns);
        if (t == 1) d01 = dt + SMP_MIN_SIG;
        stop->ratio = dt / d01;
        stop->turns = t;
        stop->reason = stop_reason(r, t, max_turns, stop);
    }
    if (stop->cycle_period)
        snprintf(stop->detail + strlen(stop->detail), sizeof stop->detail - strlen(stop->detail),
                 "%scycle of period %zu detected at turn %zu", stop->detail[0] ? "; " : "", stop->cycle_period,
                 stop->cycle_turn);
    return st;
}

/* {====================================================================== report */

static pl_status report_params(pl_forecast *f, const pl_optset *o, pl_error *err)
{
    pl_status st = PL_OK;
    for (size_t k = 0; !st && k < N_SWITCHES; k++)
        st = pl_forecast_add_info(f, switches[k].ktab, pl_optset_text(o, switches[k].option), 0, err);
    if (!st && pl_optset_flag(o, "ktab-compat")) st = pl_forecast_add_info(f, "ktab_compat", "yes", 0, err);
    return st;
}

/* The forecast: the most probable distinct final position (first of equals), and, for
** orientation, the capability-weighted mean of the final positions. */
static pl_status report_forecast(smp_run *r, const smp_stop *stop, pl_error *err)
{
    const pl_stakeholders *s = r->s;
    const pl_smp *m = r->m;
    size_t nd = m->nd, best = 0;
    char key[300];
    for (size_t k = 1; k < m->n_uniq; k++)
        if (m->prob[m->uniq[k]] > m->prob[m->uniq[best]]) best = k;
    for (size_t d = 0; d < nd; d++)
        r->row[d] = s->dim_lo[d] + m->pos[m->uniq[best] * nd + d] * (s->dim_hi[d] - s->dim_lo[d]);
    pl_status st = pl_forecast_set(r->out, r->row, "most probable final position (SMP winning probability)", err);
    if (!st) st = pl_forecast_add_info(r->out, "forecast_probability", NULL, m->prob[m->uniq[best]], err);
    for (size_t d = 0; !st && d < nd; d++) {
        double num = 0, den = 0;
        for (size_t a = 0; a < m->n; a++) {
            num += m->cap[a] * m->pos[a * nd + d];
            den += m->cap[a];
        }
        snprintf(key, sizeof key, nd == 1 ? "capability_weighted_mean" : "capability_weighted_mean:%s", s->dim[d]);
        st = pl_forecast_add_info(r->out, key, NULL, s->dim_lo[d] + num / den * (s->dim_hi[d] - s->dim_lo[d]), err);
    }
    if (!st) st = pl_forecast_add_info(r->out, "distinct_positions", NULL, (double)m->n_uniq, err);
    if (!st) st = pl_forecast_add_info(r->out, "turns", NULL, (double)stop->turns, err);
    if (!st) st = pl_forecast_add_info(r->out, "stop", stop->reason, 0, err);
    if (!st) st = pl_forecast_add_info(r->out, "stop_detail", stop->detail, 0, err);
    if (!st) st = pl_forecast_add_info(r->out, "change_ratio", NULL, stop->ratio, err);
    if (!st && stop->cycle_period) st = pl_forecast_add_info(r->out, "cycle_period", NULL, (double)stop->cycle_period, err);
    if (!st && stop->cycle_period) st = pl_forecast_add_info(r->out, "cycle_turn", NULL, (double)stop->cycle_turn, err);
    if (!st && r->in->n < s->n_actors)
        st = pl_forecast_add_info(r->out, "dropped_actors", NULL, (double)(s->n_actors - r->in->n), err);
    return st;
}

static pl_status smp_run_model(const pl_stakeholders *s, const pl_optset *o, gsl_rng *rng, pl_forecast *out,
                               pl_error *err)
{
    pl_smp_params par;
    pl_optset eff;
    smp_input in;
    smp_run r = {s, &in, NULL, out, NULL, NULL, NULL, 0, 0};
    smp_stop stop = {0, NULL, "", 0, 0, 0};
    pl_status st = effective_options(s, o, &eff, err);
    if (!st) read_params(&eff, &par);
    if (!st && par.stochastic && !rng)
        st = pl_error_set(err, PL_EINVAL, "stochastic transitions need a random stream (a seed)");
    if (st) return st;
    st = input_build(s, o, &in, err);
    if (!st && !(r.m = pl_smp_create(in.n, s->n_dims, in.cap, in.sal, in.pos, in.acc, &par, err))) st = err->code;
    r.state_size = in.n * s->n_dims * (in.acc ? 2 : 1);
    if (!st && (!(r.row = pl_malloc(s->n_actors * s->n_dims * sizeof(double))) ||
                !(r.val = pl_malloc(s->n_actors * sizeof(double)))))
        st = pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) st = pl_smp_assess(r.m, err);
    if (!st) st = record_round(&r, 0, err);
    if (!st) st = run_turns(&r, pl_optset_int(o, "max-turns"), rng, &stop, err);
    if (!st) st = report_forecast(&r, &stop, err);
    if (!st) st = report_params(out, &eff, err);
    pl_smp_free(r.m);
    pl_free(r.row);
    pl_free(r.val);
    pl_free(r.hist);
    input_free(&in);
    return st;
}

const pl_bargain_type pl_bargain_smp = {
    "smp", "KTAB's Spatial Model of Politics: pairwise bargains resolved by probabilistic Condorcet elections",
    "KAPSARC Toolkit for Behavioral Analysis (KTAB; Efird, Lester & Wise), SMP; docs/models/smp.md",
    smp_options, N_OPTIONS, PL_BARGAIN_ONE_DIM | PL_BARGAIN_MULTI_DIM | PL_BARGAIN_STOCHASTIC, smp_run_model};
