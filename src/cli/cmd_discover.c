/*
** cmd_discover.c — `parley discover FILE --where CONDITION`: scenario discovery on an ensemble,
** read from a results store or run here as `parley run` would: the PRIM boxes (or the CART tree)
** of the inputs where the condition on the outcomes holds, as a table, CSV or JSON
** (docs/discovery.md). The methods live in the library (parley/discovery.h).
** Layer: interfaces.
*/
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "parley/discover_write.h"
#include "parley/report_data.h"
#include "cli/run_collect.h"
#include "parley/discovery.h"
#include "parley/memory.h"

static const pl_option_desc discover_options[] = {
    {"where", PL_OPT_STRING, "", 0, 0, NULL,
     "the condition on the outcomes, e.g. 'accept_attacker && accept_defender && !signed_recommenced_10y' (required)"},
    {"method", PL_OPT_ENUM, "prim", 0, 0, "prim|cart", "PRIM boxes (Friedman & Fisher 1999) or a CART tree (Breiman et al. 1984)"},
    {"job", PL_OPT_INT, "0", 0, 9.2e18, NULL, "a results store's job; 0: the latest ensemble (run or sensitivity)"},
    {"peel-alpha", PL_OPT_DOUBLE, "0.05", 0.001, 0.49, NULL, "PRIM: share of the box's runs peeled per step"},
    {"paste-alpha", PL_OPT_DOUBLE, "0.05", 0.001, 0.49, NULL, "PRIM: share of the box's runs pasted back per step"},
    {"mass-min", PL_OPT_DOUBLE, "0.05", 0.001, 0.99, NULL, "PRIM: peeling stops before a box holds less than this share of the runs"},
    {"threshold", PL_OPT_DOUBLE, "0.8", 0, 1, NULL,
     "the box chosen: greatest coverage with at least this density (else the densest); CART: leaves shown as boxes"},
    {"boxes", PL_OPT_INT, "2", 1, 20, NULL, "PRIM: boxes found one after another (covering); later ones only when they reach --threshold"},
    {"step", PL_OPT_INT, "-1", -1, 1e6, NULL, "PRIM: take this step of the first trajectory as the box instead; -1: by --threshold"},
    {"inputs", PL_OPT_STRING, "*", 0, 0, NULL,
     "the inputs to search, as comma-separated globs (e.g. 'settle.collapse.*,settle.guarantee.strength'); default every varied one"},
    {"depth", PL_OPT_INT, "3", 1, 16, NULL, "CART: greatest depth"},
    {"min-leaf", PL_OPT_INT, "0", 0, 1e9, NULL, "CART: fewest runs in a leaf; 0: 1% of the runs, at least 5"},
};

/* The runs, made here (en) or read from a store (d): the rows PRIM or CART read. */
static pl_status rows_from(pl_disc_job *j, const cli_ensemble *en, const pl_report_data *d, pl_error *err)
{
    pl_disc_runs v;
    pl_status st = d ? pl_disc_runs_of_report(d, &v, err) : pl_disc_runs_of_result(en->e, &en->cfg, en->r, &v, err);
    if (!st) st = pl_disc_rows_make(&v, j->where, j->inputs, j->input, &j->rows, err);
    pl_disc_runs_free(&v);
    return st;
}

static pl_status analyse(pl_disc_job *j, pl_error *err)
{
    return j->is_cart ? pl_cart(&j->rows.data, &j->co, &j->cart, err) : pl_prim(&j->rows.data, &j->po, &j->prim, err);
}

/* ---- Output ---------------------------------------------------------------------------------- */

/* ---- The command ----------------------------------------------------------------------------- */

static void options_of(pl_disc_job *j, const pl_optset *o)
{
    pl_prim_options_init(&j->po);
    j->po.peel_alpha = pl_optset_double(o, "peel-alpha");
    j->po.paste_alpha = pl_optset_double(o, "paste-alpha");
    j->po.mass_min = pl_optset_double(o, "mass-min");
    j->po.threshold = pl_optset_double(o, "threshold");
    j->po.max_boxes = (size_t)pl_optset_int(o, "boxes");
    j->po.pick = pl_optset_int(o, "step");
    pl_cart_options_init(&j->co);
    j->co.max_depth = (int)pl_optset_int(o, "depth");
    j->co.min_leaf = (size_t)pl_optset_int(o, "min-leaf");
    j->is_cart = pl_optset_enum(o, "method") == 1;
    j->where = pl_optset_text(o, "where");
    j->inputs = pl_optset_text(o, "inputs");
}

static int discover_main(int argc, char **argv);

const cli_command cli_cmd_discover = {
    "discover", "scenario discovery: the regions of the inputs where a condition on the outcomes holds (PRIM, CART)",
    "parley discover --where CONDITION [--method prim|cart] [parley run's options] RESULTS|FILE",
    "RESULTS is a results store (parley run --store); FILE a scenario or a stakeholder table, run here as parley run\n"
    "runs it (its options: --runs, --vary, --grid, --seed, --threads, --store). CONDITION is written over the\n"
    "outcomes (names, numbers, < <= > >= == !=, && || !, parentheses); runs where it is undefined are left out.\n"
    "PRIM (Friedman & Fisher 1999; Bryant & Lempert 2010) prints the boxes, their coverage, density, mass and the\n"
    "quasi-p-value of each restriction, and the peeling trajectory; CART prints the tree and its dense leaves.\n"
    "The --method listed first is discover's; parley run's (sobol, morris) is not taken here.",
    discover_main, NULL, 1};

static pl_status write_doc(const pl_disc_job *j, const cli_ensemble *en, pl_error *err)
{
    pl_result_doc *doc = NULL;
    pl_status st = pl_discover_doc(j, &doc, err);
    if (!st) st = cli_write_doc(&en->common, doc, pl_discover_prose, j, err);
    pl_result_doc_free(doc);
    return st;
}

static pl_status discover(pl_disc_job *j, const cli_ensemble *en, const pl_optset *o, pl_error *err)
{
    options_of(j, o);
    if (!*j->where) return pl_error_set(err, PL_EINVAL, "found no --where, expected a condition such as 'deal && !recommenced_10y'");
    j->input = en->input;
    if (en->is_store) {
        pl_store *st;
        pl_report_data d;
        pl_status s = pl_store_open_readonly(j->input, &st, err);
        if (s) return s;
        s = pl_report_load(st, (int64_t)pl_optset_int(o, "job"), &d, err);
        if (!s) s = rows_from(j, NULL, &d, err);
        if (!s) s = analyse(j, err);
        if (!s) s = write_doc(j, en, err); /* names point into d */
        pl_report_free(&d);
        pl_store_close(st);
        return s;
    }
    pl_status s = rows_from(j, en, NULL, err);
    if (!s) s = analyse(j, err);
    if (!s) s = write_doc(j, en, err);
    return s;
}

static void job_free(pl_disc_job *j)
{
    pl_prim_result_free(&j->prim);
    pl_cart_tree_free(&j->cart);
    pl_disc_rows_free(&j->rows);
}

/* The condition read against the experiment's outcomes before any run. */
static pl_status check_condition(const cli_ensemble *en, const pl_experiment *e, pl_error *err)
{
    const char *where = pl_optset_text(en->check_ctx, "where");
    if (!*where) return pl_error_set(err, PL_EINVAL, "found no --where, expected a condition such as 'deal && !recommenced_10y'");
    const char **names = pl_malloc((e->n_outcomes + 1) * sizeof *names);
    if (!names) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t k = 0; k < e->n_outcomes; k++) names[k] = e->outcome[k].name;
    pl_condition *c;
    pl_status st = pl_condition_parse(where, names, e->n_outcomes, &c, err);
    pl_condition_free(c);
    pl_free(names);
    return st;
}

static int discover_main(int argc, char **argv)
{
    pl_optset o;
    CLI_OPTSET_INIT(o, discover_options);
    cli_ensemble en;
    memset(&en, 0, sizeof en);
    en.cmd = &cli_cmd_discover;
    en.check = check_condition;
    en.check_ctx = &o;
    int rc = cli_run_collect(argc, argv, &o, &en);
    if (rc < 0) {
        pl_disc_job j;
        memset(&j, 0, sizeof j);
        pl_error err;
        pl_error_clear(&err);
        pl_status st = discover(&j, &en, &o, &err);
        rc = st == PL_EINVAL && !*err.file ? cli_usage_error(&cli_cmd_discover, &err) : st ? cli_fail(&err) : 0;
        job_free(&j);
    }
    pl_ens_result_free(en.r);
    pl_experiment_free(en.e);
    return rc;
}
