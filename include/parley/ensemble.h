/*
** ensemble.h — many runs of one experiment: the experiment interface every model plugs into,
** the designs (Monte Carlo, grids, Sobol, Morris), the run loop on OpenMP threads with results
** placed by run index, and the results store job that makes an ensemble resumable.
** Layer: ensembles. Public API. The sampling order and the reproducibility guarantee are stated
** in docs/ensembles.md.
**
** Reproducibility: run i draws from stream (seed, s(i)) of pl_rng_alloc, where s(i) = i for
** Monte Carlo, the replicate index for grids, the base row for Sobol and the trajectory for
** Morris (common random numbers inside a grid column, a Sobol row or a Morris trajectory). The
** first draws of every run are one uniform per varied input, in declaration order; the model's
** own randomness continues the same stream. Results are written at index i, so they are
** bit-identical whatever the thread count, MPI rank count, chunk size or finishing order.
*/
#ifndef PARLEY_ENSEMBLE_H
#define PARLEY_ENSEMBLE_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "parley/error.h"
#include "parley/store.h"
#include "parley/dist.h"
#include "parley/outcome.h"

/* The streams the design itself draws from, beyond any run's stream index: the Morris
** trajectories and the bootstrap resamples of Sobol intervals. */
#define PL_STREAM_DESIGN UINT64_MAX
#define PL_STREAM_BOOTSTRAP (UINT64_MAX - 1)

/* pl_outcome_kind (real, yes-no, time-to-event, count) lives with the outcome descriptor. */

/* One input of an experiment: a value the model reads, fixed or drawn from a distribution. */
typedef struct pl_ens_input {
    char *name;        /* unique, e.g. "position:Germany" or "blue.morale.initial" */
    double nominal;    /* the value when not varied */
    double lo, hi;     /* the domain the model accepts (±inf when unbounded) */
    pl_dist dist;      /* PL_DIST_FIXED unless varied (its value then unused: nominal counts) */
    char *source;      /* where the nominal value or the range comes from */
    int group;         /* the input whose draw sets this one (a scenario's provenance group, whose
                       ** parameters are drawn together from one uniform), -1 none; --vary, --grid and
                       ** --fix take an input out of its group */
    pl_dist declared;  /* the distribution its group draws it from (a scenario's sourced or assumed
                       ** parameter), PL_DIST_FIXED when none: what --draw NAME=declared gives it */
} pl_ens_input;

typedef struct pl_ens_outcome {
    char *name;
    pl_outcome_kind kind;
    char *description; /* one line a reader understands, e.g. "a ceasefire holds within 2 years" */
    char *label;       /* a short label for tables (the descriptor's; else the description) */
    char *units;       /* "" when not declared */
    long given;        /* the yes-no outcome this one is conditional on (its index), -1 none */
} pl_ens_outcome;

/* A time series the model can record: one value per step for one entity. */
typedef struct pl_ens_series {
    char *name;   /* e.g. "front" or "median:Emission" */
    char *entity; /* e.g. a side, an actor, or "all" */
} pl_ens_series;

typedef struct pl_experiment pl_experiment;

typedef struct pl_experiment_ops {
    /* Per-thread scratch, made once per thread and passed to every run on it (may be NULL). */
    pl_status (*workspace_alloc)(const pl_experiment *e, void **ws, pl_error *err);
    void (*workspace_free)(const pl_experiment *e, void *ws);
    /* One run: x[n_inputs] are the inputs' values, rng the run's stream (its first draws already
    ** taken for the inputs). Writes y[n_outcomes] (NaN: undefined in this run, e.g. "day of the
    ** ceasefire" when none came) and, when series is not NULL, series[s * max_steps + t] for
    ** steps t < *n_steps. A status other than PL_OK and PL_ENOMEM marks this run failed and the
    ** ensemble goes on; PL_ENOMEM stops it. */
    pl_status (*run)(const pl_experiment *e, void *ws, const double *x, gsl_rng *rng, double *y, double *series,
                     size_t *n_steps, pl_error *err);
    /* Frees the context given to pl_experiment_create (may be NULL). */
    void (*ctx_free)(void *ctx);
} pl_experiment_ops;

struct pl_experiment {
    char *kind;       /* "forecast", "war", "settle", ... */
    char *title;      /* a name for people */
    char *input_path; /* the file it was built from ("" if none) */
    size_t n_inputs, cap_inputs;
    pl_ens_input *input;
    size_t n_outcomes, cap_outcomes;
    pl_ens_outcome *outcome;
    size_t n_series, cap_series;
    pl_ens_series *series;
    size_t max_steps;  /* capacity of each series */
    char *step_unit;   /* "day", "round", ... */
    uint64_t seed;     /* a seed the input file names (has_seed), the default of --seed */
    int has_seed;
    const pl_experiment_ops *ops;
    void *ctx;
    /* The record its draws are conditioned on (parley/war_condition.h; owned by ctx), or NULL;
    ** condition_off: the scenario declares one and the command turned it off (--no-condition). */
    struct pl_war_condition *condition;
    int condition_off;
};

/* A new experiment owning ctx (freed by ops->ctx_free with the experiment, also on failure).
** NULL on no memory. */
pl_experiment *pl_experiment_create(const char *kind, const char *title, const char *input_path,
                                    const pl_experiment_ops *ops, void *ctx, pl_error *err);
void pl_experiment_free(pl_experiment *e);

/* Declarations (strings copied). Input names must be unique. */
pl_status pl_experiment_add_input(pl_experiment *e, const char *name, double nominal, double lo, double hi,
                                  const char *source, pl_error *err);
pl_status pl_experiment_add_outcome(pl_experiment *e, const char *name, pl_outcome_kind kind,
                                    const char *description, pl_error *err);
/* An outcome from its typed descriptor (outcome.h): kind, label, units, and the outcome it is
** conditional on (d->given, which must be declared before it: PL_EINVAL otherwise). The run
** writes pl_outcome_value(d, raw) for it. */
pl_status pl_experiment_add_outcome_desc(pl_experiment *e, const pl_outcome_desc *d, pl_error *err);
pl_status pl_experiment_add_series(pl_experiment *e, const char *name, const char *entity, pl_error *err);
pl_status pl_experiment_set_steps(pl_experiment *e, size_t max_steps, const char *unit, pl_error *err);

/* v, or NaN when the outcome's description says v marks an event that did not happen ("-1 when
** none", "-1 never", "-1 none", "0 when none"): the one rule by which outcome descriptors mark
** "did not happen", for ensembles and for every writer of a single run. */
double pl_outcome_mark_undefined(double v, const char *help);

/* Index of the input called name, or -1. */
long pl_experiment_find_input(const pl_experiment *e, const char *name);

/* Parses a distribution written on the command line: "uniform(LO, HI)", "normal(MEAN, SD)",
** "triangular(LO, MODE, HI)", "beta(ALPHA, BETA[, LO, HI])", "lognormal(MU, SIGMA)",
** "discrete(V1:W1, V2:W2, ...)" (or "discrete(V1, V2, ...)", equal weights), or a range around
** nominal: "±D" / "+-D" is uniform(nominal − D, nominal + D) and "±P%" the same with D = P% of
** |nominal|, cut to the domain [lo, hi] (*clipped = 1 when it was). A bare number N gives
** PL_DIST_FIXED with a = N. The result has passed pl_dist_check. PL_EINVAL otherwise. */
pl_status pl_ens_parse_dist(const char *text, double nominal, double lo, double hi, pl_dist *out, int *clipped,
                            pl_error *err);

/* Applies "PATTERN=DIST": every input whose name matches the glob PATTERN gets distribution DIST
** (pl_ens_parse_dist; relative forms resolve against each input's nominal value), or a new
** nominal value when DIST is a number. The source becomes "assumed (--vary SPEC)". DIST
** "declared" instead takes every matching input that has a declared distribution out of its
** group and draws it alone from that distribution, its source kept (one-at-a-time screening of
** a scenario's parameters); an input left with no members is then held at its value. PL_EINVAL
** when nothing matches or a distribution can leave an input's domain. */
pl_status pl_experiment_vary(pl_experiment *e, const char *spec, pl_error *err);

/* Sets input k's distribution (checked; its support must lie in the input's domain) and, when
** source is not NULL, its source. */
pl_status pl_experiment_set_dist(pl_experiment *e, size_t k, const pl_dist *d, const char *source, pl_error *err);

/* Holds every input matching the glob pattern at its nominal value: no distribution, no group;
** fixing a group input fixes every input it draws. PL_EINVAL when nothing matches. */
pl_status pl_experiment_fix(pl_experiment *e, const char *pattern, pl_error *err);

/* Number of inputs whose distribution is not fixed. */
size_t pl_experiment_n_varied(const pl_experiment *e);

typedef enum pl_design_kind {
    PL_DESIGN_MC = 0, /* independent draws of every varied input */
    PL_DESIGN_GRID,   /* a grid over one or two inputs, Monte Carlo over the rest at each point */
    PL_DESIGN_SOBOL,  /* Saltelli's A, B, AB_i matrices on a Sobol sequence */
    PL_DESIGN_MORRIS  /* Morris one-at-a-time trajectories on a grid of levels */
} pl_design_kind;

enum { PL_GRID_MAX_AXES = 3 };

typedef struct pl_grid_axis {
    size_t input; /* the input the axis sets */
    double lo, hi;
    long n;       /* points, lo and hi included (n >= 2; n = 1: lo = hi) */
} pl_grid_axis;

typedef void (*pl_progress_fn)(void *ctx, long done, long total);

typedef struct pl_ens_config {
    uint64_t seed;
    pl_design_kind design;
    long runs;          /* MC: runs; GRID: runs per grid point; SOBOL: base samples N; MORRIS: trajectories */
    size_t n_axes;      /* GRID: 1 to PL_GRID_MAX_AXES */
    pl_grid_axis axis[PL_GRID_MAX_AXES];
    int levels;         /* MORRIS: grid levels p (even, >= 2; 4 by default) */
    int threads;        /* OpenMP threads; 0: OpenMP's default */
    long series_runs;   /* keep time series of replicates 0 .. series_runs-1 */
    long series_every;  /* ... at every series_every-th step and the last; 0: about 250 steps kept */
    long chunk;         /* runs per store transaction; 0: adapt to about a quarter second */
    pl_progress_fn progress; /* called from one thread with runs done so far (may be NULL) */
    void *progress_ctx;
} pl_ens_config;

/* cfg with the defaults: seed 1, MC, 1000 runs, 4 levels, 100 series runs, ~250 steps each. */
void pl_ens_config_init(pl_ens_config *cfg);

/* Checks cfg against e (axes, levels, number of varied inputs). PL_EINVAL with a message. */
pl_status pl_ens_config_check(const pl_experiment *e, const pl_ens_config *cfg, pl_error *err);

/* The number of threads an ensemble under cfg uses: cfg->threads, or OpenMP's default. */
int pl_ens_threads(const pl_ens_config *cfg);

/* Total runs of the design: MC runs; GRID points × runs; SOBOL N (k + 2); MORRIS r (k + 1),
** where k is the number of varied inputs. */
long pl_ens_total_runs(const pl_experiment *e, const pl_ens_config *cfg);

enum { PL_RUN_PENDING = 0, PL_RUN_OK = 1, PL_RUN_FAILED = 2 };

/* What an ensemble produced, indexed by run. Only the inputs that change between runs (varied
** ones and grid axes: the columns) are kept per run; the others are at their nominal values. */
typedef struct pl_ens_result {
    long n_runs;
    size_t n_inputs, n_outcomes;
    size_t n_columns;     /* inputs kept per run */
    size_t *column;       /* [n_columns] their indices among the experiment's inputs, increasing */
    double *x;            /* [n_runs × n_columns] their values in each run */
    double *y;            /* [n_runs × n_outcomes]; NaN where undefined or the run failed */
    unsigned char *state; /* [n_runs] PL_RUN_* */
    long n_failed;        /* runs that failed (their outcomes are NaN) */
    long n_resumed;       /* runs read back from the store instead of run */
    char failure[256];    /* the first failure's message, "" if none */
} pl_ens_result;

void pl_ens_result_free(pl_ens_result *r);

/* The column of input k in r->x, or -1 when it is not kept (fixed at its nominal value). */
long pl_ens_result_column(const pl_ens_result *r, size_t k);

/* Runs the design. With a store (may be NULL), runs already recorded for job are read back
** instead of run (resume) and each new run lands in the store with its inputs, outcomes and
** series in the same transaction as its run row, batched by chunk from one writer thread. */
pl_status pl_ensemble_run(const pl_experiment *e, const pl_ens_config *cfg, pl_store *store, int64_t job,
                          pl_ens_result **out, pl_error *err);

/* The step between kept series points: cfg->series_every, or for 0 the least step keeping at
** most about 250 of e's max_steps. */
long pl_ens_series_every(const pl_experiment *e, const pl_ens_config *cfg);

/* The grid point (0 .. points-1, the last axis fastest) of run i of a GRID design; -1 otherwise. */
long pl_ens_grid_point(const pl_ens_config *cfg, long run);

/* The canonical JSON text of e and cfg that identifies a job (what --resume compares): the
** experiment's kind, title, input file, every input's nominal value and distribution, the
** outcomes, the design and the seed; extra (a JSON object text or NULL) is added as "extra".
** Thread count, chunk size and progress are left out: they never change results. Free with
** pl_free. NULL on no memory. */
char *pl_ens_config_json(const pl_experiment *e, const pl_ens_config *cfg, const char *command, const char *extra);

/* Finds (resume) or creates the job of this configuration in store. Without resume a job with
** the same configuration already in the store is an error (PL_EINVAL naming it); with resume a
** missing one is started. A new job records its inputs, outcomes and series. The job is claimed
** for this store handle (pl_store_claim_job): PL_ESTORE while another process writes it. A design
** too large for memory is refused (PL_EINVAL) before a job is added. */
pl_status pl_ens_job_open(pl_store *store, const pl_experiment *e, const pl_ens_config *cfg, const char *command,
                          const char *config_json, int resume, int64_t *job, int *resumed, pl_error *err);

#endif
