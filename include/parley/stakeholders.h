/*
** stakeholders.h — the in-memory description of a negotiation: actors, dimensions (issues),
** capabilities, positions and saliences, with names.
** Layer: formats. Public API.
**
** Every reader (analyst table, KTAB CSV/XML, DEU table, decide table) produces one
** pl_stakeholders; every bargaining model consumes one. Matrices are row-major by actor:
** element (i, d) of an n_actors × n_dims matrix is at [i * n_dims + d].
*/
#ifndef PARLEY_STAKEHOLDERS_H
#define PARLEY_STAKEHOLDERS_H

#include <stddef.h>

#include "parley/error.h"

/* The scale saliences were given on in the input; internally they are always 0–1. */
typedef enum pl_salience_scale {
    PL_SALIENCE_AUTO = 0, /* readers: detect from the data (any value > 1 means 0–100) */
    PL_SALIENCE_UNIT,     /* 0–1 */
    PL_SALIENCE_PERCENT   /* 0–100 */
} pl_salience_scale;

/* A DEU issue's legislative procedure: co-decision (else consultation) and qualified-majority voting in
** the Council (else unanimity); 0 where the table does not say. */
enum { PL_PROCEDURE_COD = 1u << 0, PL_PROCEDURE_QMV = 1u << 1 };

typedef struct pl_stakeholders {
    char *name;        /* scenario name ("" if the format has none) */
    char *description; /* scenario description ("" if none) */
    char *source;      /* path of the file it was read from */
    size_t n_actors, n_dims;
    char **actor;       /* [n_actors] names, unique */
    char **actor_desc;  /* [n_actors] descriptions ("" if none) */
    char **dim;         /* [n_dims] names */
    double *dim_lo;     /* [n_dims] lower end of the dimension's scale */
    double *dim_hi;     /* [n_dims] upper end */
    double *capability; /* [n_actors × n_dims] capability of actor i on dimension d */
    double *position;   /* [n_actors × n_dims] position on the input's own scale */
    double *salience;   /* [n_actors × n_dims] salience on 0–1 */
    unsigned char *present; /* [n_actors × n_dims] 1 if actor i takes part in dimension d */
    pl_salience_scale salience_scale; /* scale found (or declared) in the input */
    double *accommodation; /* [n_actors × n_actors] KTAB ideal-adjustment matrix, or NULL */
    double *outcome;       /* [n_dims] observed outcome (DEU), or NULL */
    unsigned char *has_outcome; /* [n_dims] 1 where outcome is known, or NULL */
    double *reference;     /* [n_dims] reference point/status quo (DEU), or NULL */
    unsigned char *has_reference; /* [n_dims] or NULL */
    size_t *dim_group;     /* [n_dims] the group a dimension belongs to (DEU: its proposal), numbered from 0
                           ** in order of first appearance; allocated with the outcomes (all 0 if none) */
    unsigned char *dim_procedure; /* [n_dims] PL_PROCEDURE_* flags (DEU `proc`, `counvte`), with the outcomes */
    char **param_key;      /* [n_params] model parameters found in the input (KTAB XML) */
    char **param_value;
    size_t n_params;
    unsigned long long seed; /* seed stored in the input (KTAB XML prngSeed), 0 if none */
    int has_seed;
} pl_stakeholders;

/* A table of n_actors × n_dims with every name empty, scales 0–100, capabilities 1,
** saliences 1, every actor present. NULL on no memory. */
pl_stakeholders *pl_stakeholders_alloc(size_t n_actors, size_t n_dims);

/* Frees the table and everything it owns. s may be NULL. */
void pl_stakeholders_free(pl_stakeholders *s);

/* Allocates the optional outcome/reference/group/procedure arrays (NaN-free: has_* start at 0). */
pl_status pl_stakeholders_alloc_outcomes(pl_stakeholders *s, pl_error *err);

/* Allocates the accommodation matrix as the identity. */
pl_status pl_stakeholders_alloc_accommodation(pl_stakeholders *s, pl_error *err);

/* Adds a key/value model parameter (copied). */
pl_status pl_stakeholders_add_param(pl_stakeholders *s, const char *key, const char *value,
                                    pl_error *err);

/* The value of parameter key, or NULL. */
const char *pl_stakeholders_param(const pl_stakeholders *s, const char *key);

/* A new table holding dimension d only, with only the actors present on it. NULL on no memory
** (err filled). Outcome and reference of d are kept. */
pl_stakeholders *pl_stakeholders_select_dim(const pl_stakeholders *s, size_t d, pl_error *err);

/* A deep copy. NULL on no memory. */
pl_stakeholders *pl_stakeholders_copy(const pl_stakeholders *s, pl_error *err);

/* Index of the actor called name, or -1. */
long pl_stakeholders_find_actor(const pl_stakeholders *s, const char *name);

/* Checks the invariants every model may rely on: finite numbers, capability ≥ 0, salience in
** [0, 1], lo < hi, unique actor names. Returns PL_EINPUT with a message naming the cell. */
pl_status pl_stakeholders_validate(const pl_stakeholders *s, pl_error *err);

/* Convenience accessors for element (i, d). */
static inline size_t pl_idx(const pl_stakeholders *s, size_t i, size_t d) { return i * s->n_dims + d; }

#endif
