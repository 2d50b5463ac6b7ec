/*
** exchange.h — internals of Stokman's equal-gain exchange model as decide implements it:
** the round state, one exchange between two actors over an issue pair, and the steps of a
** round. Shared by exchange_calc.c, exchange.c and the unit tests; docs/models/exchange.md
** states every equation and every choice.
** Layer: models (internal).
**
** All positions here are on the normalised 0–100 scale of each issue. Sides, moves and
** updates live in an arena that is reset every round.
*/
#ifndef PARLEY_MODELS_EXCHANGE_H
#define PARLEY_MODELS_EXCHANGE_H

#include <math.h>
#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "parley/bargain.h"
#include "parley/memory.h"
#include "core/dec28.h"

/* decide's thresholds (decide/model/{base,equalgain}.py) and parley's tie tolerances. */
#define PL_XCH_MIN_GAIN 1e-10     /* an exchange gaining less is invalid */
#define PL_XCH_MIN_MOVE 1e-10     /* a move of at most this is invalid */
#define PL_XCH_SCALE 100.0        /* the normalised scale, and the largest allowed move */
#define PL_XCH_FRAGILE 1e-9       /* margins below this (relative to max(1, |values|)) are decided exactly */
#define PL_XCH_SALIENCE_WEIGHT 0.4
#define PL_XCH_FIXED_WEIGHT 0.1

/* a and b are within rounding of each other (relative to max(1, |a|, |b|)): a decision between
** them is left to the exact replay. (A plain comparison rather than fmax, which is a library
** call in the innermost loops; no NaN reaches here.) */
static inline int pl_xchange_near(double a, double b)
{
    double m = fabs(a) > fabs(b) ? fabs(a) : fabs(b);
    return fabs(a - b) <= PL_XCH_FRAGILE * (m > 1.0 ? m : 1.0);
}

/* One entry of a side's stack of moves, with the running sum, minimum and maximum of the
** stack up to it (decide keeps a list and asks sum/min/max of it). */
typedef struct pl_xmove {
    double value, sum, min, max;
    struct pl_xmove *prev;
} pl_xmove;

/* A position another realised exchange gave an actor on an issue, as this exchange sees it
** (decide's AbstractExchange.updates). */
typedef struct pl_xupdate {
    int issue, actor;
    double value;
    size_t ref; /* index of the exact value among the round's realised voting positions */
    struct pl_xupdate *next;
} pl_xupdate;

/* One actor's part in an exchange: it supplies (moves its voting position) on `supply` and
** demands (wants the partner to move) on `demand`. */
typedef struct pl_xside {
    int actor, supply, demand;
    pl_xmove *moves;
    double s_sup, s_dem, c_sup, cs_sup; /* salience and capability on the issues */
    double sup_pos; /* supply position now (moved by realised exchanges on the same actor and issue) */
    double dem_pos; /* position on the demand issue at the start of the round */
    double move, y; /* the move this exchange asks of the side and the voting position it gives */
    /* Factors fixed for the exchange's life, so that its computation divides nothing:
    ** s_sup c_sup / D (outcome shift per unit move), D / (c_sup s_sup) (move per unit shift) and
    ** (s_sup + s'_dem) / (s_dem + s'_sup) with s' the partner's (its equal-gain ratio). */
    double shift_k, move_k, ratio;
} pl_xside;

/* An exchange between two actors over issues p < q: side i supplies q, side j supplies p. */
typedef struct pl_xchange {
    pl_xside i, j;
    int p, q;
    double gain; /* the equal utility gain of both sides */
    int valid;
    int fragile;     /* a decision of the double computation was within rounding of its threshold */
    int exact;       /* its exact results (exchange_exact.c) are current */
    int dirty;       /* recomputed since the list was last sorted */
    int plain;       /* valid, and its double computation decided everything clearly, check_nbs moving nothing */
    int full_i;      /* side i made the full move (the branch of the computation) */
    int gain_exact;  /* its exact gain is current (without the rest of its exact results) */
    size_t ref_i, ref_j; /* realised: indices of the sides' exact voting positions */
    pl_xupdate *updates;
} pl_xchange;

/* What the list keeps of each pool exchange beside it, so that passes over the list touch no
** exchange: its place in the list when it was last sorted, whether it is valid, whether it is
** pending (in the list, or among the keys to be sorted in) and whether it must be sorted anew. */
typedef struct pl_xtrack {
    size_t order;
    unsigned char valid, pending, dirty;
} pl_xtrack;

/* A pool exchange (by index) with its gain and list place, as the sort by double gains sees it. */
typedef struct pl_xkey {
    double gain;
    size_t order, index;
} pl_xkey;

/* The state of a run. */
typedef struct pl_xmodel {
    size_t n, m;              /* actors, issues */
    double *x;                /* [n × m] normalised start positions of the round */
    double *s, *c, *cs;       /* [n × m] salience, capability, their product */
    double *shift_k, *move_k; /* [n × m] cs / Σ cs and its inverse, for a side's factors (pl_xside) */
    unsigned char *on;        /* [n × m] present with c·s > 0: may take part in exchanges */
    unsigned char *present;   /* [n × m] */
    double *den, *num, *nbs;  /* [m] Σ c s, Σ c s x (start positions), their ratio */
    double *inv_den;          /* [m] 1 / Σ c s */
    double *lo, *step;        /* [m] de-normalisation: value / step + lo */
    pl_xchange *pool;         /* the exchanges built this round */
    size_t n_pool, cap_pool;
    size_t *list;             /* pool indices of the pending exchanges in decide's list order:
                              ** list[first..n_list), followed by keys[0..n_keys) not yet sorted in */
    size_t first, n_list;
    pl_xtrack *track;         /* [pool capacity] beside each pool exchange */
    double *gain;             /* [pool capacity] each pool exchange's gain, densely for the sort */
    pl_xkey *keys, *keys_tmp; /* [pool capacity] pending exchanges recomputed since the last sort */
    size_t n_keys;
    size_t *by_cell;          /* [4 × pool capacity] pool indices by the (actor, issue) cells their sides
                              ** supply (first half) and demand (second half), grouped by cell */
    size_t *cell_start;       /* [2 × cells + 1] where each cell's group starts in by_cell */
    size_t *cell_end;         /* [2 × cells] where it ends: exchanges no longer pending are moved past it */
    size_t *stamp;            /* [pool capacity] the realisation that last visited each exchange */
    size_t n_realised;        /* realisations this run, from 1 */
    pl_xchange **done;        /* realised exchanges in order */
    size_t n_done;
    size_t n_candidates;      /* Σ over issue pairs of |A|·|D| + |B|·|C| */
    size_t ties;              /* times the two best pending gains were tied */
    int random_ties;
    pl_arena *arena;
    pl_xmove **move_blocks;   /* blocks of move stack entries, kept from round to round */
    size_t n_move_blocks, cap_move_blocks, move_block; /* allocated, room, next to use this round */
    pl_xmove *moves_next;     /* unused stack entries of the current block */
    size_t moves_left;
    unsigned char *left;      /* [n × m] at or left of the issue's outcome this round */
    struct pl_xexact *ex;     /* the exact (28-digit decimal) state, exchange_exact.c */
} pl_xmodel;

/* {====================================================================== Exact replay
** decide computes in 28-digit decimal arithmetic; a few of its decisions (which of two gains
** that are equal in exact arithmetic is larger, whether an outcome has already reached a
** position) depend on that arithmetic's rounding. The double computation above is replayed in
** it whenever a decision is within rounding of its threshold (close validity tests of a full
** move are settled by that move alone), and for every realised exchange, so that the state
** carried forward is decide's to the last digit. */

/* Allocates the exact state from s (after load_table). */
pl_status pl_xexact_create(pl_xmodel *xm, const pl_stakeholders *s, pl_error *err);
void pl_xexact_free(pl_xmodel *xm);
/* Round start: exact outcomes; left[n × m] receives whether each actor stands at or left of
** the outcome of each issue; x (double) is set from the exact start positions. */
pl_status pl_xexact_begin_round(pl_xmodel *xm, unsigned char *left, pl_error *err);
/* Whether s_ap / s_aq < s_bp / s_bq in decide's arithmetic. */
int pl_xexact_ratio_less(pl_xmodel *xm, int a, int b, int p, int q);
/* The results of an exchange's computation. */
typedef struct pl_xresult {
    double move_i, move_j, y_i, y_j, gain;
    int valid;
} pl_xresult;
/* Whether side a's full move to partner's position is valid (is_move_valid) in decide's
** arithmetic: move = partner's position on a's supply issue − a's position, y = a's position + move. */
int pl_xexact_full_move_valid(pl_xmodel *xm, const pl_xside *a, const pl_xside *partner);
/* Whether a side of e already stands at its partner's position on its supply issue, exactly. */
int pl_xexact_zero_distance(pl_xmodel *xm, const pl_xchange *e);
/* Recomputes e in decide's arithmetic from the exact state; its exact results become current. */
pl_status pl_xexact_replay(pl_xmodel *xm, pl_xchange *e, pl_xresult *res, pl_error *err);
/* Overwrites e's double results (and the tops of its move stacks) by res. */
pl_status pl_xchange_apply(pl_xmodel *xm, pl_xchange *e, const pl_xresult *res, pl_error *err);
/* e's exact gain into *g: kept, computed alone for a plain exchange, or from a replay. */
pl_status pl_xexact_gain(pl_xmodel *xm, pl_xchange *e, pl_dec *g, pl_error *err);
/* Compares the exact gains of a and b (replaying them if needed). */
pl_status pl_xexact_gain_cmp(pl_xmodel *xm, pl_xchange *a, pl_xchange *b, int *cmp, pl_error *err);
/* r has been realised: it is replayed unless its exact results are current, its exact voting
** positions join the round's list (r->ref_i, r->ref_j) and become the current supply positions. */
pl_status pl_xexact_realise(pl_xmodel *xm, pl_xchange *r, pl_error *err);
/* Whether the exact realised value ref_a is below ref_b, and start (of actor, issue) ≤ ref. */
int pl_xexact_less(pl_xmodel *xm, size_t ref_a, size_t ref_b);
int pl_xexact_start_le(pl_xmodel *xm, int actor, int issue, size_t ref);
/* Round end: exact voting outcomes outcome[m] on the input scale, exact new start positions;
** vote[n × m] receives the voting positions (normalised). */
pl_status pl_xexact_end_round(pl_xmodel *xm, double *vote, double *outcome, pl_error *err);
/* The start position of (actor, issue) on the input scale. */
double pl_xexact_start_input(pl_xmodel *xm, size_t k);

/* A model for s (validated, at least two issues). NULL with err filled on failure. */
pl_xmodel *pl_xmodel_create(const pl_stakeholders *s, int random_ties, pl_error *err);
void pl_xmodel_free(pl_xmodel *xm);

/* Starts a round: outcomes, groups, every candidate exchange computed; pending = the valid ones. */
pl_status pl_xmodel_begin_round(pl_xmodel *xm, pl_error *err);

/* Realises the pending exchange with the highest gain and recomputes the others; *out is it,
** or NULL when none is pending. rng is used only with random ties. */
pl_status pl_xmodel_realise_next(pl_xmodel *xm, gsl_rng *rng, pl_xchange **out, pl_error *err);

/* Ends a round: vote[n × m] receives the voting positions (normalised), outcome[m] the voting
** outcomes on the input scale; then the start positions move (decide's new_start_position). */
pl_status pl_xmodel_end_round(pl_xmodel *xm, double *vote, double *outcome, pl_error *err);

/* The outcome of a's supply issue with the round's start positions, e's updates, and a at pos, in
** double (decide's adjusted_nbs; within about 1e-12 of decide's value): base is the weighted sum
** without a's move (pl_xchange_outcome_base), the outcome pl_xchange_outcome_at(xm, a, base, pos). */
double pl_xchange_outcome_base(const pl_xmodel *xm, const pl_xchange *e, const pl_xside *a);
double pl_xchange_outcome_at(const pl_xmodel *xm, const pl_xside *a, double base, double pos);

/* The outcome (mean weighted by capability × salience) of positions pos[n × m] on issue d. */
double pl_xmodel_outcome(const pl_xmodel *xm, const double *pos, size_t d);

/* Builds and computes the exchange between actors a and b over issues p and q (decide's
** EqualGainExchange(a, b, p, q)); the round must have begun. */
pl_status pl_xchange_init(pl_xmodel *xm, pl_xchange *e, int a, int b, int p, int q, pl_error *err);
/* Recomputes e after r was realised, where they share an actor (decide's recalculate). */
pl_status pl_xchange_recalculate(pl_xmodel *xm, pl_xchange *e, const pl_xchange *r, pl_error *err);

/* The outcome shift of side a moving fully to its partner's position (by_absolute_move). */
double pl_xchange_full_shift(const pl_xmodel *xm, const pl_xside *a, const pl_xside *partner);
/* The shift on the partner's supply issue that gives both sides equal gains (by_exchange_ratio). */
double pl_xchange_equal_shift(const pl_xside *a, const pl_xside *partner, double shift);
/* The move of side a that shifts the outcome of its supply issue by shift (reverse_move). */
double pl_xchange_move_for(const pl_xmodel *xm, const pl_xside *a, double shift);

#endif
