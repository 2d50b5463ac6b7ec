/*
** discovery.h — scenario discovery: the regions of an ensemble's input space where a condition on
** its outcomes holds. PRIM boxes (Friedman & Fisher 1999) found by peeling and pasting, with the
** peeling trajectory, coverage, density and the quasi-p-value of each restriction (Bryant &
** Lempert 2010, computed as the EMA Workbench does); a classification tree (CART, Breiman et al.
** 1984) as a second method; and the conditions themselves ("deal && !recommenced_10y").
** Layer: ensembles. Public API. Definitions: docs/discovery.md.
*/
#ifndef PARLEY_DISCOVERY_H
#define PARLEY_DISCOVERY_H

#include <stddef.h>

#include "parley/ensemble.h"
#include "parley/error.h"

/* ---- Conditions on outcomes ------------------------------------------------------------------ */

typedef struct pl_condition pl_condition;

/* Parses a condition over the outcomes called names[0..n_names-1]: outcome names and numbers
** compared with < <= > >= == !=, combined with && || ! and parentheses; a bare outcome is true
** when it is not 0 ("accept_attacker && accept_defender && !signed_recommenced_10y",
** "territory_km2 > 1000 || deal"). Errors name the column of text, with file "--where". */
pl_status pl_condition_parse(const char *text, const char *const *names, size_t n_names, pl_condition **out,
                             pl_error *err);

/* 1 when the condition holds for outcomes y[n_names], 0 when not, -1 when an outcome it reads is
** undefined (NaN) in y. */
int pl_condition_eval(const pl_condition *c, const double *y);

void pl_condition_free(pl_condition *c);

/* ---- The data both methods read -------------------------------------------------------------- */

typedef struct pl_disc_data {
    size_t n, d;            /* runs, inputs (dimensions) */
    const double *x;        /* [n × d] the inputs of run i at x[i·d + j]; finite */
    const unsigned char *y; /* [n] 1 when the condition holds in run i (a case of interest) */
} pl_disc_data;

/* ---- PRIM ------------------------------------------------------------------------------------ */

typedef struct pl_prim_options {
    double peel_alpha;  /* share of the box's runs peeled off one face per step (0.05) */
    double paste_alpha; /* share of the box's runs pasted back per step (0.05) */
    double mass_min;    /* peeling stops before the box holds fewer than this share of all runs (0.05) */
    double threshold;   /* the box chosen on a trajectory: the one of greatest coverage with at least this
                        ** density; none reaching it: the densest (0.8) */
    size_t max_boxes;   /* boxes found one after another, each on the runs outside the ones before (covering; 1) */
    long pick;          /* >= 0: the first box is trajectory step `pick` instead of the threshold's (-1) */
} pl_prim_options;

/* The defaults above (those of the EMA Workbench). */
void pl_prim_options_init(pl_prim_options *o);

/* One box of a trajectory: limits lo[d], hi[d] (the data's range where unrestricted). */
typedef struct pl_prim_step {
    size_t n, n_interest;     /* runs in the box, cases of interest among them */
    double coverage;          /* n_interest / cases of interest in all runs */
    double density;           /* n_interest / n */
    double mass;              /* n / all runs */
    size_t n_restricted;      /* inputs whose limits are narrower than the data's range */
    int pasted;               /* 1 when this step pasted, 0 when it peeled (or is the start) */
    double *lo, *hi;          /* [d] each, owned by the result */
} pl_prim_step;

typedef struct pl_prim_box {
    size_t n_steps;
    pl_prim_step *step;       /* the trajectory: the start box, each peel, then the chosen box's pastes */
    size_t chosen;            /* the step that is the box (after pasting: the last step) */
    size_t peeled_choice;     /* the peeling step chosen before pasting */
    int meets_threshold;      /* 1 when the chosen box reaches options.threshold */
    double *p_value;          /* [d] quasi-p-value of each restriction of the chosen box; NaN where
                              ** the input is not restricted */
} pl_prim_box;

typedef struct pl_prim_result {
    size_t d, n, n_interest;  /* inputs, runs, cases of interest in all runs */
    double *range_lo, *range_hi; /* [d] the data's range: the start box */
    size_t n_boxes;
    pl_prim_box *box;
} pl_prim_result;

/* Finds up to o->max_boxes PRIM boxes. Peeling: from the box of all (remaining) runs, remove the
** peel_alpha share of the box's runs at the low or the high end of one input (ties kept
** together), the one of the 2d candidates with the greatest gain in density per run removed (the
** EMA Workbench's "lenient1" objective), while the box keeps at least mass_min of all runs and
** its density is below 1. Limits fall half way between the last run removed and the first kept.
** The chosen step is then pasted: the face move that adds paste_alpha of the box's runs and
** raises the density most, while it raises it. Quasi-p-value of restriction j: the one-sided
** binomial probability of at least the box's cases of interest among its runs, at the density of
** the box with restriction j lifted. Covering: box k+1 is searched on the runs outside boxes
** 0..k and kept when it meets the threshold. PL_EINVAL when the data are empty or hold a
** non-finite input; PL_ENOMEM. */
pl_status pl_prim(const pl_disc_data *data, const pl_prim_options *o, pl_prim_result *out, pl_error *err);
void pl_prim_result_free(pl_prim_result *r);

/* ---- CART ------------------------------------------------------------------------------------ */

typedef struct pl_cart_options {
    int max_depth;   /* splits from the root to a leaf (3) */
    size_t min_leaf; /* fewest runs in a leaf; 0: 1% of the runs, at least 5 */
} pl_cart_options;

void pl_cart_options_init(pl_cart_options *o);

typedef struct pl_cart_node {
    long left, right;         /* children (x[dim] <= split goes left), -1 for a leaf */
    long parent;              /* -1 for the root */
    size_t dim;
    double split;             /* half way between the two runs either side */
    int depth;
    size_t n, n_interest;     /* runs in the node, cases of interest among them */
    double density, coverage, mass, gini;
    double *lo, *hi;          /* [d] the node's box (the data's range where no split bounds it) */
} pl_cart_node;

typedef struct pl_cart_tree {
    size_t d, n, n_interest;
    size_t n_nodes;
    pl_cart_node *node;       /* node 0 is the root; children after their parent */
} pl_cart_tree;

/* Grows a classification tree on the cases of interest by Gini impurity: each node is split at
** the input and threshold that lower the runs' impurity most, down to o->max_depth, with at
** least o->min_leaf runs either side; a node that no split improves is a leaf. PL_EINVAL or
** PL_ENOMEM as pl_prim. */
pl_status pl_cart(const pl_disc_data *data, const pl_cart_options *o, pl_cart_tree *out, pl_error *err);
void pl_cart_tree_free(pl_cart_tree *t);

/* ---- Shared helpers -------------------------------------------------------------------------- */

/* The one-sided binomial probability P(X >= k) for X ~ Binomial(n, p): the quasi-p-value. */
double pl_binomial_upper(size_t k, size_t n, double p);

/* ---- An ensemble's runs as the data ---------------------------------------------------------- */

/* The runs, wherever they came from (an ensemble just run, a results store): row i of x (stride
** d) and of y (stride n_out), usable when ok[i]. Names are borrowed. */
typedef struct pl_disc_runs {
    long n;
    size_t d, n_out;
    const char **dim, **outcome;   /* [d] the inputs that vary, [n_out] the outcomes */
    const double *x, *y;
    const unsigned char *ok;
    void *owned;                   /* the arrays pl_disc_runs_of_result made, or NULL */
} pl_disc_runs;

/* The view of an ensemble's result: its kept inputs and outcomes by name; ok excludes failed runs
** and, under a Sobol design, the AB rows (they do not sample the inputs' distribution). Owns its
** name and ok arrays: free with pl_disc_runs_free. */
pl_status pl_disc_runs_of_result(const pl_experiment *e, const pl_ens_config *cfg, const pl_ens_result *r,
                                 pl_disc_runs *v, pl_error *err);
void pl_disc_runs_free(pl_disc_runs *v);

/* The same view of a job read back from a store (parley/report_data.h): a run counts when it
** succeeded and samples the inputs' distribution (pl_report_sampled). */
struct pl_report_data;
pl_status pl_disc_runs_of_report(const struct pl_report_data *d, pl_disc_runs *v, pl_error *err);

/* The data PRIM and CART read, made from runs: the inputs whose names match one of the
** comma-separated globs of `inputs`, the runs where the condition `where` is defined, y whether it
** holds. source names the runs in the message when no input matches. */
typedef struct pl_disc_rows {
    pl_disc_data data;
    const char **dim;     /* [data.d] the inputs kept (borrowed from the runs' names) */
    long n_runs;          /* runs read */
    long n_left_out;      /* runs left out: not usable, or the condition undefined */
    size_t n_interest;    /* runs where the condition holds */
    double *x;
    unsigned char *y;
} pl_disc_rows;

pl_status pl_disc_rows_make(const pl_disc_runs *v, const char *where, const char *inputs, const char *source,
                            pl_disc_rows *out, pl_error *err);
void pl_disc_rows_free(pl_disc_rows *r);

#endif
