/*
** forecast.h — the result of a bargaining model run: per-round positions with their weighted
** median and mean, per-round per-actor series a model reports (KTAB probabilities, BDM risk
** exponents), per-round events (challenges, compromises, exchanges), summary facts, and the
** forecast itself. Writers turn it into a table, CSV, JSON or a store run.
** Layer: formats. Public API.
*/
#ifndef PARLEY_FORECAST_H
#define PARLEY_FORECAST_H

#include <stddef.h>
#include <stdio.h>

#include "parley/error.h"
#include "parley/stakeholders.h"

typedef struct pl_forecast_round {
    double *position; /* [n_actors × n_dims] */
    double *median;   /* [n_dims] lower weighted median, weights capability × salience */
    double *mean;     /* [n_dims] weighted mean, same weights */
} pl_forecast_round;

/* A named per-actor quantity at one round (e.g. "probability" of each actor's position). */
typedef struct pl_forecast_series {
    char *name;
    size_t round;
    double *value; /* [n_actors] */
} pl_forecast_series;

/* Something that happened between two actors in a round. Which of a/b/from/to are meaningful,
** and what kind strings exist, is documented per model in docs/models/. */
typedef struct pl_forecast_event {
    size_t round; /* the round whose positions the event produced (≥ 1) */
    int actor;    /* the actor that moves or acts */
    int other;    /* the counterpart, or -1 */
    int dim;      /* dimension, or -1 for all */
    char kind[32];
    double from, to; /* actor's position before and after, on the input scale */
    double a, b;     /* two model quantities (e.g. the two expected utilities of the dyad) */
} pl_forecast_event;

typedef struct pl_forecast_info {
    char *key;
    char *text;   /* a word, or NULL when the value is numeric */
    double value;
} pl_forecast_info;

typedef struct pl_forecast {
    char *model;
    size_t n_actors, n_dims;
    char **actor, **dim;
    double *weight;          /* [n_actors × n_dims] capability × salience, for median and mean */
    unsigned char *present;  /* [n_actors × n_dims] */
    pl_forecast_round *round;
    size_t n_rounds, cap_rounds;
    pl_forecast_series *series;
    size_t n_series, cap_series;
    pl_forecast_event *event;
    size_t n_events, cap_events;
    pl_forecast_info *info;
    size_t n_info, cap_info;
    double *forecast;        /* [n_dims] */
    char *forecast_rule;     /* how the forecast was read off the history, e.g. "final median" */
} pl_forecast;

/* An empty forecast for the actors and dimensions of s, named model. NULL on no memory. */
pl_forecast *pl_forecast_create(const char *model, const pl_stakeholders *s, pl_error *err);
void pl_forecast_free(pl_forecast *f);

/* Appends a round whose positions are copied from position[n_actors × n_dims]; computes its
** median and mean. Round 0 is the input. */
pl_status pl_forecast_add_round(pl_forecast *f, const double *position, pl_error *err);

/* Appends a per-actor series value[n_actors] for round. */
pl_status pl_forecast_add_series(pl_forecast *f, const char *name, size_t round, const double *value,
                                 pl_error *err);

/* Appends an event (copied). */
pl_status pl_forecast_add_event(pl_forecast *f, const pl_forecast_event *ev, pl_error *err);

/* Records a numeric or textual summary fact (text NULL: numeric). */
pl_status pl_forecast_add_info(pl_forecast *f, const char *key, const char *text, double value,
                               pl_error *err);

/* Sets the forecast vector (copied) and the rule that produced it. */
pl_status pl_forecast_set(pl_forecast *f, const double *forecast, const char *rule, pl_error *err);

/* The last round (NULL if none). */
const pl_forecast_round *pl_forecast_last(const pl_forecast *f);

/* Writers. Each writes the whole document to out and returns PL_EIO if the stream failed.
** JSON schema: docs/formats.md §forecast. */
pl_status pl_forecast_write_json(const pl_forecast *f, FILE *out, pl_error *err);
pl_status pl_forecast_write_csv(const pl_forecast *f, FILE *out, pl_error *err);
pl_status pl_forecast_write_table(const pl_forecast *f, FILE *out, pl_error *err);

/* Writes every round's positions as series "position:<dimension>" (entity = actor, step =
** round), the forecast as outcomes "forecast:<dimension>", and marks the run done. */
struct pl_store;
pl_status pl_forecast_write_store(const pl_forecast *f, struct pl_store *store, long long job, long run_index,
                                  pl_error *err);

#endif
