/*
** evidence.h — weighing the aims hypotheses of a settle scenario against observed events: each
** hypothesis's likelihood under the model (the share of the scenario's draws whose runs reproduce
** every event), the posterior over hypotheses, and the hinge (the attacker's acceptance and a
** renewed war within ten years, by guarantee rung) under each hypothesis and under the prior and
** posterior mixtures.
** Layer: ensembles. Public API. Method: docs/models/settle.md §12.
**
** Every hypothesis is run on the same draws and streams (common random numbers): draw i fixes the
** parameters (hypothesis aside) and the stream, then each event and each rung runs from a copy of
** that stream, so the events of one draw are judged jointly (their correlation through the draw is
** kept) and the hypotheses differ only by what they change.
*/
#ifndef PARLEY_EVIDENCE_H
#define PARLEY_EVIDENCE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "parley/events.h"
#include "parley/settle_sim.h"

enum { PL_EVIDENCE_MAX_RUNGS = 11 };

typedef struct pl_evidence_config {
    size_t runs;        /* draws of the scenario */
    uint64_t seed;
    double rung[PL_EVIDENCE_MAX_RUNGS]; /* the guarantee rungs of the hinge table */
    size_t n_rungs;
    int threads;        /* OpenMP threads; 0: the default */
    int nominal;        /* 1: every draw at the nominal values (only the war and noise vary) */
} pl_evidence_config;

/* A proportion with its 90% interval (Wilson for one hypothesis, normal over the draws for a mixture). */
typedef struct pl_share {
    double p, lo, hi;
} pl_share;

typedef struct pl_evidence_hyp {
    char id[64];
    double prior;       /* the nominal prior weight, normalised */
    long count;         /* draws whose runs reproduce every event */
    pl_share like;      /* count / runs with its 90% Wilson interval */
    double post;        /* prior·like normalised; NaN when no hypothesis reproduces the events */
    pl_share accept[PL_EVIDENCE_MAX_RUNGS], renew10[PL_EVIDENCE_MAX_RUNGS];
} pl_evidence_hyp;

typedef struct pl_evidence_result {
    size_t n_hyp, runs, n_events, n_rungs;
    double rung[PL_EVIDENCE_MAX_RUNGS];
    pl_evidence_hyp hyp[PL_SETTLE_MAX_HYPOTHESES];
    pl_share accept_prior[PL_EVIDENCE_MAX_RUNGS], renew10_prior[PL_EVIDENCE_MAX_RUNGS];
    pl_share accept_post[PL_EVIDENCE_MAX_RUNGS], renew10_post[PL_EVIDENCE_MAX_RUNGS];
    int posterior_defined; /* 0: no draw reproduced the events under any hypothesis */
    char condition[1024];  /* the draws' conditioning on the record and its acceptance ("" none) */
} pl_evidence_result;

/* Weighs the hypotheses of sc (settle.hypotheses) against ev (NULL or empty: the posterior is the
** prior). PL_EINPUT when sc declares no hypothesis. */
pl_status pl_evidence_run(const pl_scenario *sc, const pl_settle_setup *su, const pl_event_set *ev,
                          const pl_evidence_config *cfg, pl_evidence_result *r, pl_error *err);

/* Events as hypothesis hyp would produce them in draw `stream` of seed: the attacker's decision on
** the first round's terms at each of the n settings (rung rungs[k], terms terms[k]: −1 the
** scenario's, 0 negotiated, 1 proposal; terms may be NULL), written to out[0..n) (ids
** "sim-<rung>-<terms>", dated the first round, source "simulated"; free with pl_event_set_free).
** For the recovery test. */
pl_status pl_evidence_simulate(const pl_scenario *sc, const pl_settle_setup *su, size_t hyp, const double *rungs,
                               const int *terms, size_t n, uint64_t seed, uint64_t stream, pl_event_set **out,
                               pl_error *err);

/* The result as CSV: quantity,hypothesis,rung,value,lo,hi,count,runs (prior, likelihood, posterior
** per hypothesis; accept_attacker and renewed_10y_signed per hypothesis and mixture and rung). */
void pl_evidence_write_csv(const pl_evidence_result *r, FILE *out);

/* The table for people: each hypothesis's prior, likelihood (with its count and 90 % interval) and
** posterior, then the hinge by rung under each hypothesis and under the prior and posterior mixtures. */
void pl_evidence_write_table(const pl_evidence_result *r, const char *scenario, const char *events, FILE *out);

/* The result as JSON: {scenario, events, n_events, runs, hypotheses: [...], mixtures: [...]}. */
pl_status pl_evidence_write_json(const pl_evidence_result *r, const char *scenario, const char *events, FILE *out,
                                 pl_error *err);

#endif
