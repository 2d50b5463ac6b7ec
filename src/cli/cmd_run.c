/*
** cmd_run.c — `parley run` and `parley sensitivity`: an ensemble of a model on a scenario or a
** stakeholder table (Monte Carlo, grids, Sobol indices, Morris screening), on threads or MPI
** ranks, into a resumable results store, with a summary on standard output. The ensemble is a
** pl_run_job (ensembles/run_job.c), written by ensembles/run_write.c.
** Layer: interfaces.
*/
#include <string.h>

#include "cli/cli.h"
#include "cli/progress.h"
#include "cli/run_collect.h"
#include "cli/settle_cli.h"
#include "parley/run_job.h"
#include "parley/store.h"
#ifdef PL_HAVE_MPI
#include "parley/ensemble_mpi.h"
#endif

static const pl_option_desc common_options[] = {CLI_DOC_OPTIONS};

/* Neither the store nor the --out file may be the input, nor the two one file (the summary
** would be renamed over the store just written). */
static pl_status check_outputs(const pl_run_job *j, const pl_optset *common, pl_error *err)
{
    int sqlite = cli_out_format_of(common) == CLI_OUT_SQLITE; /* then --out is the store */
    if (sqlite && *pl_optset_text(&j->ro, "store")) /* one of them was silently ignored */
        return pl_error_set(err, PL_EINVAL, "found --store with --format sqlite, expected one of --store FILE or --format "
                                            "sqlite --out FILE (each names the results store)");
    const char *out[2] = {pl_optset_text(sqlite ? common : &j->ro, sqlite ? "out" : "store"), pl_optset_text(common, "out")};
    pl_status st = cli_check_outputs(out, sqlite ? 1 : 2, j->input, err);
    if (!st && strcmp(j->e->kind, "settle") == 0) st = settle_cli_check_scenario_out(j->input, out, sqlite ? 1 : 2, err);
    if (!st && !sqlite) st = cli_probe_output(out[1], err); /* before the runs, not after them */
    return st;
}

/* From the experiment's design to its store: what run and discover's collection share. */
static pl_status prepare(pl_run_job *j, const pl_optset *common, pl_error *err)
{
    pl_status st = pl_ens_config_check(j->e, &j->cfg, err);
    if (!st) st = check_outputs(j, common, err);
    int sqlite = cli_out_format_of(common) == CLI_OUT_SQLITE;
    if (!st) st = pl_run_job_open_store(j, sqlite ? pl_optset_text(common, "out") : NULL, err);
    return st;
}

static pl_status run_ensemble(pl_run_job *j, const char *name, int quiet, pl_error *err)
{
    cli_progress prog;
    cli_progress_init(&prog, name, quiet, pl_optset_double(&j->ro, "progress-interval"));
    j->cfg.progress = cli_progress_update;
    j->cfg.progress_ctx = &prog;
    double t0 = cli_clock();
    pl_status st;
#ifdef PL_HAVE_MPI
    if (j->mpi) st = pl_ensemble_run_mpi(j->e, &j->cfg, j->store, j->job, &j->r, err);
    else
#endif
        st = pl_ensemble_run(j->e, &j->cfg, j->store, j->job, &j->r, err);
    j->seconds = cli_clock() - t0;
    if (!st && j->rank == 0) cli_progress_finish(&prog, j->r->n_runs, j->r->n_runs);
    return st;
}

static pl_status run_write(const void *ctx, cli_out_format fmt, FILE *fp, pl_error *err)
{
    return fmt == CLI_OUT_TABLE ? pl_run_write_table(ctx, fp, err) : pl_run_write_json(ctx, fp, err);
}

static pl_status write_output(const pl_run_job *j, const pl_optset *common, pl_error *err)
{
    if (j->r->n_failed == j->r->n_runs)
        return pl_error_set(err, PL_EMODEL, "every run failed; the first: %s", j->r->failure);
    if (j->r->n_failed) fprintf(stderr, "parley %s: warning: %ld of %ld runs failed; the first: %s\n", j->name,
                                j->r->n_failed, j->r->n_runs, j->r->failure);
    if (cli_out_format_of(common) == CLI_OUT_SQLITE) return PL_OK;
    pl_run_output out;
    pl_run_job_output(j, &out);
    if (cli_out_format_of(common) != CLI_OUT_CSV) return cli_write_result(common, &out, run_write, err);
    pl_result_doc *doc = NULL;
    pl_status st = pl_run_doc(&out, &doc, err);
    if (!st) st = cli_write_doc(common, doc, NULL, NULL, err);
    pl_result_doc_free(doc);
    return st;
}

static pl_status execute(pl_run_job *j, const pl_optset *common, int argc, char **argv, pl_error *err)
{
    pl_status st = pl_run_job_build(j, err);
    if (!st) st = pl_run_job_design(j, pl_optset_given(common, "seed"), cli_seed(common), err);
    if (!st && pl_optset_flag(&j->ro, "list-inputs")) {
        if (j->rank == 0) pl_run_list_inputs(j->e, stdout);
        return PL_OK;
    }
    if (!st) st = prepare(j, common, err);
#ifdef PL_HAVE_MPI
    if (j->mpi) st = pl_mpi_agree(st);
#endif
    if (!st) st = run_ensemble(j, j->name, pl_optset_flag(&j->ro, "quiet") || j->rank != 0, err);
    if (st || j->rank != 0) return st;
    st = pl_run_job_finish(j, argc, argv, err);
    return st ? st : write_output(j, common, err);
}

/* The bargaining model whose options to accept: none for a scenario (the last argument). */
static const pl_bargain_type *model_of(int argc, char **argv)
{
    const char *model = cli_peek(argc, argv, "model"), *input = argc > 1 && argv[argc - 1][0] != '-' ? argv[argc - 1] : NULL;
    return input && pl_run_input_is_scenario(input) ? NULL : pl_bargain_find(model ? model : "compromise");
}

static int run_command(const cli_command *cmd, const char *method, int argc, char **argv)
{
    pl_run_job j;
    pl_optset common;
    pl_run_job_init(&j, cmd->name);
    pl_error err;
    pl_error_clear(&err);
    pl_optset_init(&common, common_options, sizeof common_options / sizeof common_options[0]);
    pl_status st = pl_optset_set(&j.ro, "method", method, &err);
    if (!st) st = pl_run_job_take_specs(&j, argc, argv, &err);
    const pl_bargain_type *type = st ? NULL : model_of(j.sp.argc, j.sp.argv);
    pl_optset_init(&j.mo, type ? type->options : NULL, type ? type->n_options : 0);
    pl_optset *sets[] = {&common, &j.ro, &j.mo};
    const char *pos[1];
    size_t n_pos = 0;
    if (!st) st = cli_parse(j.sp.argc, j.sp.argv, sets, 3, pos, 1, &n_pos, &err);
    if (!st && pl_optset_flag(&common, "help")) {
        cli_print_help(cmd, sets, 2, stdout);
        pl_run_job_free(&j);
        return 0;
    }
    if (!st && n_pos != 1) st = pl_error_set(&err, PL_EINVAL, "expected one FILE (a scenario or a stakeholder table)");
    if (st) {
        pl_run_job_free(&j);
        return cli_usage_error(cmd, &err);
    }
    j.input = pos[0];
#ifdef PL_HAVE_MPI
    if (pl_mpi_launched()) {
        j.mpi = 1;
        st = pl_mpi_start(&argc, &argv, &j.rank, &j.ranks, &err);
    }
#endif
    if (!st) st = execute(&j, &common, argc, argv, &err);
    pl_run_job_free(&j);
    /* Under MPI the rank where a failure happened holds its message; the others just exit. */
    int rc = st && err.code ? cli_fail(&err) : pl_status_exit_code(st);
#ifdef PL_HAVE_MPI
    if (j.mpi) pl_mpi_stop();
#endif
    return rc;
}

static int run_main(int argc, char **argv);
static int sensitivity_main(int argc, char **argv);

static void help_run(FILE *out)
{
    fprintf(out, "\nDistributions (--draw): uniform(LO, HI), normal(MEAN, SD), triangular(LO, MODE, HI),\n"
                 "beta(ALPHA, BETA[, LO, HI]), lognormal(MU, SIGMA), discrete(V1:W1, V2:W2, ...), ±D or ±P%% around\n"
                 "the input's value (cut to its domain), a plain number, or declared: a scenario's parameters matching\n"
                 "NAME, each drawn alone from its declared distribution instead of with its provenance group (needs\n"
                 "--no-condition; screen them with --method morris). Run i draws from stream (seed, i):\n"
                 "results are the same whatever --threads or the number of MPI ranks (mpirun -np N parley run ...).\n");
}

const cli_command cli_cmd_run = {
    "run", "run an ensemble: Monte Carlo over distributions, grids, sensitivity; resumable",
    "parley run [--runs N] [--draw NAME=DIST]... [--vary NAME=LO:HI:N] [--store FILE [--resume]] FILE",
    "FILE is a YAML scenario (war dynamics, or war termination when it has a settle: section; its seed: is the\n"
    "default --seed) or a stakeholder table (with --model, the forecasting models:\n"
    "positions, saliences and capabilities as ranges with --draw 'position:*=±10%'). Prints the outcomes'\n"
    "summaries (mean, sd, quantiles; probabilities with Wilson intervals) and what drives them.",
    run_main, help_run, 0};

const cli_command cli_cmd_sensitivity = {
    "sensitivity", "rank which inputs drive each outcome: Sobol indices or Morris screening",
    "parley sensitivity [--method sobol|morris] [--runs N] [--draw NAME=DIST]... [--store FILE] FILE",
    "The same as parley run with --method sobol by default: --runs is the base sample N and the design\n"
    "takes N(k+2) runs for k varied inputs (Saltelli 2010; Jansen 1999); --method morris takes r(k+1) runs\n"
    "for r = --runs trajectories (Morris 1991; Campolongo et al. 2007).",
    sensitivity_main, help_run, 0};

static int run_main(int argc, char **argv) { return run_command(&cli_cmd_run, "mc", argc, argv); }
static int sensitivity_main(int argc, char **argv) { return run_command(&cli_cmd_sensitivity, "sobol", argc, argv); }

/* ---- The ensemble of another command (parley discover) --------------------------------------- */

static int run_option_given(const pl_run_job *j)
{
    for (size_t k = 0; k < j->ro.n_desc; k++)
        if (j->ro.given[k]) return 1;
    return j->sp.n_vary || j->sp.n_grid;
}

static pl_status collect(pl_run_job *j, int argc, char **argv, cli_ensemble *out, pl_error *err)
{
    if (pl_run_input_is_store(j->input)) {
        out->is_store = 1;
        return run_option_given(j) ? pl_error_set(err, PL_EINVAL, "found parley run's options with the results store %s, "
                                                                   "expected them only with a scenario or a table", j->input)
                                   : PL_OK;
    }
    pl_status st = pl_run_job_build(j, err);
    if (!st && out->check) st = out->check(out, j->e, err);
    if (!st) st = pl_run_job_design(j, pl_optset_given(&out->common, "seed"), cli_seed(&out->common), err);
    if (!st) st = prepare(j, &out->common, err);
    if (!st) st = run_ensemble(j, out->cmd->name, pl_optset_flag(&j->ro, "quiet"), err);
    if (!st) st = pl_run_job_finish(j, argc, argv, err);
    if (!st && j->r->n_failed == j->r->n_runs) st = pl_error_set(err, PL_EMODEL, "every run failed; the first: %s", j->r->failure);
    return st;
}

int cli_run_collect(int argc, char **argv, pl_optset *own, cli_ensemble *out)
{
    pl_run_job j;
    pl_run_job_init(&j, cli_cmd_run.name);
    pl_error err;
    pl_error_clear(&err);
    pl_optset_init(&out->common, common_options, sizeof common_options / sizeof common_options[0]);
    pl_optset_init(&j.mo, NULL, 0);
    if (pl_run_job_take_specs(&j, argc, argv, &err)) {
        pl_run_job_free(&j);
        return cli_usage_error(out->cmd, &err);
    }
    pl_optset *sets[] = {&out->common, own, &j.ro};
    const char *pos[1];
    int rc = cli_begin(out->cmd, j.sp.argc, j.sp.argv, sets, 3, 3, "FILE (a results store, a scenario or a stakeholder table)", pos);
    if (rc < 0) {
        j.input = out->input = pos[0];
        pl_status st = collect(&j, argc, argv, out, &err);
        rc = st == PL_EINVAL && !*err.file ? cli_usage_error(out->cmd, &err) : st ? cli_fail(&err) : -1;
    }
    if (rc < 0 && !out->is_store) {
        out->e = j.e, out->r = j.r, out->cfg = j.cfg;
        j.e = NULL, j.r = NULL;
    }
    pl_run_job_free(&j);
    return rc;
}
