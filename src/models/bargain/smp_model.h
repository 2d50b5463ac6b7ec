/*
** smp_model.h — the state of a KTAB Spatial Model of Politics run and its steps: risk
** attitudes, perspective utilities, challenge estimates, bargains, their resolution, and the
** reported probability of each position.
** Layer: models (internal).
**
** Everything works on KTAB's internal [0,1] scale (positions normalised by the dimension's
** range, saliences 0–1). Equations: docs/models/smp.md (after ../shared/reference/ktab-smp.md §2).
** A pl_smp owns all its buffers; stepping it allocates nothing.
*/
#ifndef PARLEY_MODELS_SMP_MODEL_H
#define PARLEY_MODELS_SMP_MODEL_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "models/bargain/smp_pce.h"
#include "parley/error.h"

typedef enum { PL_SMP_RADJ_NONE, PL_SMP_RADJ_ONE_THIRD, PL_SMP_RADJ_HALF, PL_SMP_RADJ_TWO_THIRDS, PL_SMP_RADJ_FULL } pl_smp_radj;
typedef enum { PL_SMP_RRANGE_MIN, PL_SMP_RRANGE_MID, PL_SMP_RRANGE_MAX } pl_smp_rrange;
typedef enum { PL_SMP_TPC_NO, PL_SMP_TPC_SEMI, PL_SMP_TPC_FULL } pl_smp_tpc;
typedef enum { PL_SMP_IVB_S1P1, PL_SMP_IVB_S2P2, PL_SMP_IVB_S2PMAX } pl_smp_ivb;
typedef enum { PL_SMP_BARGN_INIT_ONLY, PL_SMP_BARGN_INIT_RCVR, PL_SMP_BARGN_PW_COMP } pl_smp_bargn;

/* The nine KTAB switches plus parley's own. */
typedef struct pl_smp_params {
    pl_smp_rule rule;     /* VotingRule, VictoryProbModel, PCEModel */
    int stochastic;       /* StateTransitions: 0 Deterministic, 1 Stochastic */
    pl_smp_radj radj;     /* BigRAdjust */
    pl_smp_rrange rrange; /* BigRRange */
    pl_smp_tpc tpc;       /* ThirdPartyCommit */
    pl_smp_ivb ivb;       /* InterVecBrgn */
    pl_smp_bargn bargn;   /* BargnModel */
    int ktab_compat;      /* reproduce KTAB's defects where fixing them changes results */
} pl_smp_params;

/* KTAB's defaults: Linear, Conditional, Deterministic, Prop, OneThird, Mid, SemiCommit, S2P2,
** InitOnlyInterp. */
void pl_smp_params_default(pl_smp_params *p);

/* One proposed bargain: new positions for its initiator and its receiver. */
typedef struct pl_smp_bargain {
    size_t init, rcvr;
    double *x_init, *x_rcvr; /* [n_dims] each */
} pl_smp_bargain;

typedef struct pl_smp {
    size_t n, nd;
    pl_smp_params par;
    double *cap;    /* [n] capability c_i */
    double *sal;    /* [n × nd] salience s_id */
    double *sigma;  /* [n] σ_i = Σ_d s_id */
    double *weff;   /* [n] effective weight σ_i c_i of challenge estimates */
    double *acc;    /* [n × n] accommodation matrix, NULL for the identity */
    double *pos;    /* [n × nd] positions θ */
    double *ideal;  /* [n × nd] ideal points q */
    double *next;   /* [n × nd] positions being built by a turn */
    double *dist;   /* [n × n] δ_i(θ_j), from i's ideal */
    double *risk;   /* [n] R_i of the current state */
    double *uown;   /* [n × n] u^i(i, j): each actor's own utilities */
    size_t ld;      /* n rounded up to even: row length of the perspective matrices */
    double *ut;     /* [n × ld] work: a perspective's utilities, ut[i*ld + j] = u^h(i, j) */
    double *ut2;    /* [n × ld] work: a second perspective */
    double *lane;   /* [4 × ld] work: coalition strengths of every target at once */
    double *p_all, *du_all; /* [n] work: an initiator's estimates for every target */
    double *prob;   /* [n] reported probability of each actor's position */
    size_t *cls;    /* [n] index into uniq of the class each actor's position is reported in */
    size_t *uniq;   /* [n] actor holding each distinct position */
    size_t n_uniq;
    size_t *target; /* [n] each actor's best target, or n when it proposes nothing */
    size_t *order;  /* [n] work: targets in the order they are tried */
    double *p_target, *du_target; /* [n] its estimate of winning, and of its gain */
    pl_smp_bargain *bargain; /* [2n] this turn's bargains */
    size_t n_bargain;
    size_t *queue;    /* [n × (2n + 1)] bargains involving each actor; SIZE_MAX = status quo */
    size_t *n_queue;  /* [n] */
    size_t *choice;   /* [n] index into queue[k] of the bargain actor k adopted */
    double *p_choice; /* [n] its probability in k's resolution */
    double *u_opt;    /* [n × (2n + 1)] utilities of one actor's options to every voter */
    double *u_bar;    /* [n × (2n + 1)] utilities of every bargain (status quo last) to every voter */
    double *p_opt;    /* [2n + 1] */
    double *work;     /* PCE workspace for n options */
    double *scratch;  /* [max(n, nd)] */
} pl_smp;

/* A model of n actors on nd dimensions: capability cap[n] (> 0), salience sal[n×nd] (0–1, each
** row with a positive sum), positions pos[n×nd] on [0,1], accommodation acc[n×n] or NULL for the
** identity. Ideals start at the positions. NULL on no memory (err filled). */
pl_smp *pl_smp_create(size_t n, size_t nd, const double *cap, const double *sal, const double *pos, const double *acc,
                      const pl_smp_params *par, pl_error *err);
void pl_smp_free(pl_smp *m);

/* Prepares the current state: distances, risk attitudes R (§2.5), own utilities and the
** reported probabilities of the distinct positions (§2.9). */
pl_status pl_smp_assess(pl_smp *m, pl_error *err);

/* U(δ, R) = (1 − δ)(1 + Rδ), KTAB's risk-attitude utility (δ > 1 clipped as KTAB does). */
static inline double pl_smp_utility(double delta, double r)
{
    if (delta <= 1) return (1 - delta) * (1 + delta * r);
    return (1 - delta) * (1 + r); /* round-off guard of KTAB's bsUtil */
}

/* h's estimate of i's risk attitude under the BigRAdjust rule. */
double pl_smp_risk_estimate(pl_smp_radj radj, double rh, double ri);

/* Fills out[i*ld + j] = u^h(i, j), h's estimate of every actor's utility of every position. */
void pl_smp_perspective(const pl_smp *m, size_t h, double *out);

/* probEduChlg (§2.6): from the perspective U (pl_smp_perspective of h), the probability that i
** beats j and the expected change in utility for k if i challenges j. */
void pl_smp_challenge(const pl_smp *m, const double *U, size_t k, size_t i, size_t j, double *p_win, double *du);

/* pl_smp_challenge(m, U, i, i, j) for every target j ≠ i at once (vectorised for Prop). */
void pl_smp_challenges(const pl_smp *m, const double *U, size_t i, double *p_win, double *du);

/* i's best target (largest gain above 1e-5, ties to the smallest index) from its own perspective,
** which must be in m->ut: sets target[i] (n if none), p_target[i], du_target[i]. */
void pl_smp_best_target(pl_smp *m, size_t i);

/* The bargain of i with j (§2.7a) interpolated with i's win probability p_i, into
** x_i[nd], x_j[nd]. */
void pl_smp_interpolate(const pl_smp *m, size_t i, size_t j, double p_i, double *x_i, double *x_j);

/* U_a of an option in a resolution (§2.7b): the mean utility to a of all positions once bargain b
** is carried out (b NULL: the status quo). */
double pl_smp_option_utility(const pl_smp *m, size_t a, const pl_smp_bargain *b);

/* One turn (§2.7): proposals, resolution (drawing from rng in actor order when stochastic), ideal
** update. The new state still needs pl_smp_assess. */
pl_status pl_smp_turn(pl_smp *m, gsl_rng *rng, pl_error *err);

/* The bargain actor k adopted in the last turn, or NULL for its status quo. */
const pl_smp_bargain *pl_smp_adopted(const pl_smp *m, size_t k);

/* Σ_i ‖a_i − b_i‖₂ over the actors' positions, KTAB's distance between two states. */
double pl_smp_state_distance(size_t n, size_t nd, const double *a, const double *b);

#endif
