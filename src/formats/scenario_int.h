/*
** scenario_int.h — what the parts of the scenario reader share: the reader state and the
** helpers for located errors, key checks and suggestions.
** Layer: formats. Internal.
*/
#ifndef PARLEY_SCENARIO_INT_H
#define PARLEY_SCENARIO_INT_H

#include "parley/scenario.h"
#include "yaml_tree.h"

enum { SC_ID_MAX = 31 };

typedef struct pl_scenario_reader {
    const char *path;
    pl_scenario *sc;
    pl_error *err;
    const char *file; /* the file of the current place (the scenario's or an included one) */
    int line, col;    /* where an absent section's defaults are reported */
    unsigned flags;   /* PL_SCENARIO_ALLOW_AFTER_AS_OF */
    size_t cap_entry, cap_section, cap_param, cap_field;
} pl_scenario_reader;

/* Records "path:line:col: error: ..." at node n (or the reader's current place when NULL). */
pl_status pl_scenario_fail(pl_scenario_reader *r, const pl_yaml_node *n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
pl_status pl_scenario_nomem(pl_scenario_reader *r);

/* The candidate closest to word if it is a plausible typo of it, else NULL. */
const char *pl_scenario_suggest(const char *word, const char *const *candidates, size_t n);

/* Refuses duplicate keys in mapping m and keys not among keys[] (with a suggestion). */
pl_status pl_scenario_check_keys(pl_scenario_reader *r, const pl_yaml_node *m, const char *const *keys, size_t n_keys, const char *where);

/* Reads parameter d of the section body (NULL: absent) into a new pl_param. */
pl_status pl_scenario_read_param(pl_scenario_reader *r, const pl_yaml_node *body, const pl_param_desc *d, const char *path, int section,
                        int owner, int enabled, int provenance);

/* After the walk: the header, the observed series and the calibration lists. */
pl_status pl_scenario_finish(pl_scenario_reader *r);

/* A fact of `what` published on day `published` (given at file:line:col): refused when after the
** scenario's as_of, or counted in sc->n_after_as_of when the flags allow it. */
pl_status pl_scenario_check_published(pl_scenario_reader *r, const char *file, int line, int col, const char *what, long published);

/* Reads the posterior at calibration.posterior (resolved against the file it is written in),
** ties its columns to parameters and checks its values and its as_of. */
pl_status pl_scenario_read_posterior(pl_scenario_reader *r);

#endif
