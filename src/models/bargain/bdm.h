/*
** bdm.h — Bueno de Mesquita's expected-utility ("challenge") model as read by Scholz, Calbert &
** Smith (2011): the two type objects, the configuration that spans every reading the literature
** leaves open, and the engine's building blocks that the unit tests check one by one.
** Layer: models (internal).
**
** Equations, the ambiguities A0–A4/P/Q/oct/cap/comp/μ and each mode's choice: docs/models/bdm.md.
*/
#ifndef PARLEY_MODELS_BDM_H
#define PARLEY_MODELS_BDM_H

#include <stddef.h>

#include "parley/bargain.h"

/* bdm-scholz-code: the semantics of the public code believed to follow Scholz's own. */
extern const pl_bargain_type pl_bargain_bdm_scholz_code;
/* bdm-scholz-paper: the paper's equations, with one option per ambiguity. */
extern const pl_bargain_type pl_bargain_bdm_scholz_paper;

typedef enum { PL_BDM_RANGE_INITIAL, PL_BDM_RANGE_ROUND } pl_bdm_range;          /* A0 */
typedef enum { PL_BDM_RESIST_RESPONDER, PL_BDM_RESIST_PRINTED } pl_bdm_resist;   /* A1 */
typedef enum { PL_BDM_VIEW_OWN, PL_BDM_VIEW_FOCAL } pl_bdm_view;                  /* A1b, A2 */
typedef enum { PL_BDM_PROB_PAIRWISE, PL_BDM_PROB_ALL_PAIRS } pl_bdm_prob;         /* P */
typedef enum { PL_BDM_SEL_LEAST, PL_BDM_SEL_ENFORCE, PL_BDM_SEL_TYPE, PL_BDM_SEL_CODE } pl_bdm_select; /* A4 */

/* One run's settings. pl_bdm_config_code and pl_bdm_config_paper give each mode's defaults. */
typedef struct pl_bdm_config {
    size_t rounds;           /* rounds to play after the input */
    double q;                /* Q: probability of the status quo when i does not challenge */
    double stop_tolerance;   /* stop once the median moved less than this twice running; 0: off */
    int all_events;          /* record every ordered dyad's region, not only the offers taken */
    pl_bdm_range range;      /* A0: R from the input's positions or from each round's */
    pl_bdm_resist resist;    /* A1: salience that resists in the opponent's EU */
    pl_bdm_view opponent;    /* A1b: whose risk exponent the opponent's EU uses */
    pl_bdm_view security;    /* A2: security as the adversaries' EUs (OWN) or i's view (FOCAL) */
    int compromise_text;     /* A3: compromise region as the text prints it (b < 0), not fig. 6 */
    pl_bdm_select selection; /* A4: which of the offers an actor takes */
    pl_bdm_prob probability; /* P: eq. 31 or the code's all-pairs denominator */
    int q_terms;             /* include −(1−Q)(T·U_b + (1−T)·U_w), eq. 7 */
    int conflict_moves;      /* oct: the loser of a conflict moves to the winner */
    int capitulation;        /* cap: the Compel region moves the weaker side fully */
    int compromise_weighted; /* comp: (|a|x_i + |b|x_j)/(|a|+|b|) instead of eq. 36 */
    int mu_mean;             /* μ in U_b/U_w: the weighted mean instead of the median */
} pl_bdm_config;

/* The jmckib semantics (bargaining-models.md §2.10), with Q = 1 and 8 rounds. */
void pl_bdm_config_code(pl_bdm_config *cfg);
/* The paper's reading with the defaults documented in docs/models/bdm.md. */
void pl_bdm_config_paper(pl_bdm_config *cfg);

/* Runs the model on a one-dimension table s (actors absent from the dimension keep their
** position and take no part), appending the history to out and setting the forecast. */
pl_status pl_bdm_run(const pl_bdm_config *cfg, const pl_stakeholders *s, pl_forecast *out, pl_error *err);

/* One dyad's expected utility of challenging (eqs. 5–7, 15–16, 22–24 of Scholz et al. 2011):
**   E = σ[P·U_s + (1−P)·U_f] + (1−σ)·U_s − Q·U_sq − (1−Q)[T·U_b + (1−T)·U_w]
** with the last term only when q_terms is set. */
typedef struct pl_bdm_dyad {
    double x_challenger, x_responder;
    double range;  /* R > 0 */
    double risk;   /* ρ, the exponent of the basic utilities */
    double resist; /* σ, the probability the responder resists */
    double p;      /* the probability the challenger prevails */
    double q;      /* Q */
    int q_terms;
    double mu; /* the position the responder is expected to drift to when unchallenged */
} pl_bdm_dyad;
double pl_bdm_expected_utility(const pl_bdm_dyad *d);

/* The code's probabilities (bargaining-models.md §2.10): p[a·n + b] is the chance that the actor
** at x[a] prevails over the one at x[b], Σ_k max(0, w_k[u_kb − u_ka]) / D with
** u_ka = (|x_k − x_a|/R)^{r_k} and D = Σ_k Σ_a Σ_b |w_k[u_kb − u_ka]|; 0 where x[a] = x[b] or D = 0.
** u is n×n scratch. Returns D. */
double pl_bdm_probability_all_pairs(size_t n, const double *x, const double *w, const double *r, double range,
                                    double *u, double *p);

/* Eq. 31: p[a·n + b] = Σ_{k: g>0} w_k g_k / Σ_k w_k |g_k|, g_k = |x_k − x_b| − |x_k − x_a|;
** 0.5 where the denominator is 0 (nobody prefers either side), 0 where x[a] = x[b]. */
void pl_bdm_probability_pairwise(size_t n, const double *x, const double *w, double *p);

/* Eqs. 32–33: r_i = (1 − R_i/3)/(1 + R_i/3), R_i = (2S_i − max S − min S)/(max S − min S);
** every r_i = 1 when max S = min S (every actor equally secure). */
void pl_bdm_risk_from_security(size_t n, const double *security, double *r);

#endif
