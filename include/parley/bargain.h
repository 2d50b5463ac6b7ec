/*
** bargain.h — negotiation forecasting models behind one interface, and their registry.
** Layer: models. Public API.
**
** A model is a const type object: its name, a one-line summary, its citation, its option
** descriptors, what inputs it accepts, and a run function. run() is a pure function of the
** stakeholder table, the options and (for stochastic models) the random stream: it appends
** round 0 (the input) and every later round to the forecast, and sets the forecast.
*/
#ifndef PARLEY_BARGAIN_H
#define PARLEY_BARGAIN_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "parley/error.h"
#include "parley/forecast.h"
#include "parley/options.h"
#include "parley/stakeholders.h"

enum {
    PL_BARGAIN_ONE_DIM = 1u << 0,    /* forecasts a single dimension (the DEU scorer can use it) */
    PL_BARGAIN_MULTI_DIM = 1u << 1,  /* accepts several dimensions at once */
    PL_BARGAIN_STOCHASTIC = 1u << 2, /* uses the random stream */
    PL_BARGAIN_PER_DIM = 1u << 3     /* a one-dimension model the caller may apply per dimension */
};

typedef struct pl_bargain_type {
    const char *name;     /* the --model name */
    const char *summary;  /* one line for `parley help forecast` */
    const char *citation; /* the equations' source */
    const pl_option_desc *options;
    size_t n_options;
    unsigned flags;
    /* Runs the model. s is validated; opts is bound to options[]; rng may be NULL for
    ** deterministic models. Returns PL_OK or fills err (PL_EINPUT for unsuitable input,
    ** PL_EMODEL/PL_EDOM/PL_EMAXITER for model failures). */
    pl_status (*run)(const pl_stakeholders *s, const pl_optset *opts, gsl_rng *rng, pl_forecast *out,
                     pl_error *err);
} pl_bargain_type;

/* The registry: every model in the order `parley help forecast` lists them. */
const pl_bargain_type *const *pl_bargain_types(size_t *count);

/* The model called name, or NULL. */
const pl_bargain_type *pl_bargain_find(const char *name);

/* Runs type on s, creating *out. Models flagged PER_DIM are run once per dimension on the
** actors present there, and the results joined. On failure *out is NULL. */
pl_status pl_bargain_run(const pl_bargain_type *type, const pl_stakeholders *s, const pl_optset *opts,
                         gsl_rng *rng, pl_forecast **out, pl_error *err);

#endif
