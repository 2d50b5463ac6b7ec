/*
** outcome.h — the typed outcome descriptor: the one place an outcome's meaning lives (its key,
** a label for people, its units, its kind, and how "did not happen" is written in a run's raw
** value), and the statistics every command prints of one.
** Layer: formats. Public API. Naming scheme: docs/formats.md "Outcome names".
**
** Kinds and their statistics (pl_outcome_stat_of, ensembles/summary.h):
**   real  — a number; summarised by its mean (and quantiles).
**   yes-no — 0 or 1; summarised by the probability p = k / n with k, n and a Wilson interval.
**   time-to-event — a time from a start (a deal, a signature) to an event that may not come within
**          the horizon; "did not happen" is right-censoring at the horizon, summarised by the
**          Kaplan–Meier median with its interval and the count of events.
**   count — a whole number; summarised like a real.
** A statistic is never part of an outcome's name: `accept_attacker` is the outcome, `p` its
** statistic (never `p_accept_attacker`).
*/
#ifndef PARLEY_OUTCOME_H
#define PARLEY_OUTCOME_H

#include <stddef.h>

typedef enum pl_outcome_kind {
    PL_OUTCOME_REAL = 0, /* a real number: summarised by mean, sd and quantiles */
    PL_OUTCOME_BINARY,   /* yes-no, 0 or 1: a probability with its count and a Wilson interval */
    PL_OUTCOME_TIME,     /* time to an event; "did not happen": censored at the horizon (Kaplan–Meier) */
    PL_OUTCOME_COUNT     /* a whole number: summarised like a real */
} pl_outcome_kind;

/* How a run's raw value says "did not happen" (the event never came within the horizon, or the
** quantity has no value in this run). Engines hold that as NaN (pl_outcome_value). */
typedef enum pl_outcome_none {
    PL_NONE_NEVER = 0,    /* every value is a value */
    PL_NONE_MINUS_ONE,    /* −1 means "did not happen" (times, shares of no runs) */
    PL_NONE_ZERO          /* 0 means it (a round number counted from 1) */
} pl_outcome_none;

typedef struct pl_outcome_desc {
    const char *key;   /* canonical name, lower_snake_case: the same in every command, the store and
                       ** the report (docs/formats.md "Outcome names") */
    const char *units; /* "0/1", "years", "count", "km2", ... */
    const char *help;  /* one line a reader understands (what the value is, in words) */
    pl_outcome_kind kind;
    pl_outcome_none none;
    const char *label; /* a short label for tables and charts; NULL: help */
    const char *given; /* the key of a yes-no outcome this one is conditional on (its statistic counts
                       ** only runs where that one is 1: "years from the deal" given "deal"); NULL: none */
} pl_outcome_desc;

/* "real", "yes-no", "time-to-event" or "count". */
const char *pl_outcome_kind_name(pl_outcome_kind kind);

/* The kind named by name (the names above; "binary" is read as yes-no); -1 when none. */
int pl_outcome_kind_parse(const char *name);

/* 1 when raw is d's "did not happen" (or NaN), 0 otherwise. */
int pl_outcome_is_none(const pl_outcome_desc *d, double raw);

/* raw, or NaN when it is d's "did not happen": what an engine stores for a run. */
double pl_outcome_value(const pl_outcome_desc *d, double raw);

/* The label to print: d->label, else d->help. */
const char *pl_outcome_label(const pl_outcome_desc *d);

/* The descriptor in d[0..n) whose key is key, or NULL. */
const pl_outcome_desc *pl_outcome_find(const pl_outcome_desc *d, size_t n, const char *key);

/* The candidate nearest to word (an outcome key, a parameter path or an input name mistyped: a few
** edits away, or word a prefix of it), for "did you mean" in errors; NULL when none is near. */
const char *pl_suggest_name(const char *word, const char *const *candidates, size_t n);

#endif
