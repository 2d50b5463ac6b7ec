/*
** cmd_run.c — `parley run` and `parley sensitivity`: an ensemble of a model on a scenario or a
** stakeholder table (Monte Carlo, grids, Sobol indices, Morris screening), on threads or MPI
** ranks, into a resumable results store, with a summary on standard output.
** Layer: interfaces.
*/
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/progress.h"
#include "cli/run_collect.h"
#include "cli/run_output.h"
#include "cli/settle_cli.h"
#include "parley/analysis.h"
#include "parley/experiments.h"
#include "parley/memory.h"
#include "parley/readers.h"
#include "parley/store.h"
#ifdef PL_HAVE_MPI
#include "parley/ensemble_mpi.h"
#endif

static const pl_option_desc common_options[] = {CLI_DOC_OPTIONS};

static const pl_option_desc run_options[] = {
    {"runs", PL_OPT_INT, "1000", 1, 1e9, NULL,
     "Monte Carlo runs (per grid point with --vary); with --method sobol the base sample N (N(k+2) runs); with "
     "--method morris the trajectories r (r(k+1) runs)"},
    {"method", PL_OPT_ENUM, "mc", 0, 0, "mc|sobol|morris", "Monte Carlo, Sobol indices (Saltelli/Jansen) or Morris screening"},
    {"draw", PL_OPT_STRING, "", 0, 0, NULL,
     "NAME=DIST: draw the inputs matching NAME (a glob) from a distribution such as uniform(1, 2) or ±10%; repeatable"},
    {"vary", PL_OPT_STRING, "", 0, 0, NULL,
     "NAME=LO:HI:N: a grid axis, input NAME over N points; at most three times (--grid is the same)"},
    {"fix", PL_OPT_STRING, "", 0, 0, NULL,
     "NAME: hold the inputs matching NAME (a glob) at their values, out of their provenance group's draw; repeatable"},
    {"fixed-parameters", PL_OPT_FLAG, "0", 0, 0, NULL,
     "scenarios: draw nothing (every parameter at its value); only --draw'n inputs vary"},
    {"allow-after-as-of", PL_OPT_FLAG, "0", 0, 0, NULL,
     "scenarios: read facts published after the scenario's as_of (refused by default); a warning says how many"},
    {"levels", PL_OPT_INT, "4", 2, 64, NULL, "Morris: levels of the grid (even)"},
    {"bootstrap", PL_OPT_INT, "200", 0, 100000, NULL, "Sobol: bootstrap resamples for the 95% intervals"},
    {"threads", PL_OPT_INT, "0", 0, 4096, NULL, "OpenMP threads; 0: OMP_NUM_THREADS, else every core"},
    {"store", PL_OPT_STRING, "", 0, 0, NULL, "write every run to this results store (SQLite; parley report reads it)"},
    {"resume", PL_OPT_FLAG, "0", 0, 0, NULL, "finish the job with this configuration in --store, keeping its runs"},
    {"series-runs", PL_OPT_INT, "100", 0, 1e9, NULL, "keep the time series of this many runs (streams 0..N-1)"},
    {"series-every", PL_OPT_INT, "0", 0, 1e6, NULL, "keep every Nth step of a series; 0: at most about 250 steps"},
    {"record-every", PL_OPT_INT, "7", 1, 365, NULL, "war scenarios: days between recorded series points"},
    {"horizon-years", PL_OPT_DOUBLE, "0", 0, 200, NULL, "war scenarios: years to simulate; 0: the scenario's horizon"},
    {"list-inputs", PL_OPT_FLAG, "0", 0, 0, NULL, "print the inputs (names for --draw and --vary) and exit"},
    {"quiet", PL_OPT_FLAG, "0", 0, 0, NULL, "no progress on standard error"},
    {"progress-interval", PL_OPT_DOUBLE, "10", 0.01, 86400, NULL,
     "seconds between progress lines when standard error is not a terminal"},
    {"model", PL_OPT_STRING, "compromise", 0, 0, NULL, "stakeholder tables: the bargaining model (parley forecast --help)"},
    {"input-format", PL_OPT_ENUM, "auto", 0, 0, "auto|analyst|ktab-csv|ktab-xml|deu|decide",
     "stakeholder tables: the format; auto detects it"},
};

enum { MAX_SPECS = 256 };

/* Repeatable options, taken out of argv before the one-value-per-option parser sees it. */
typedef struct run_specs {
    const char *vary[MAX_SPECS];
    size_t n_vary;
    const char *grid[PL_GRID_MAX_AXES];
    size_t n_grid;
    const char *fix[MAX_SPECS];
    size_t n_fix;
    char **argv;
    int argc;
} run_specs;

/* 1 when a=... is option name ("--name" or "--name=..."). */
static int is_option(const char *a, const char *name)
{
    size_t n = strlen(name);
    return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

/* --draw NAME=DIST is a distribution, --vary (or --grid) NAME=LO:HI:N a grid axis: a value of the
** other form is refused with a pointer to the option that takes it. */
static pl_status take_spec(run_specs *sp, const char *a, const char *value, pl_error *err)
{
    double g[3];
    const char *eq = strrchr(value, '=');
    int axis = eq && cli_parse_triple(eq + 1, g) == 0;
    if (is_option(a, "--draw")) {
        if (axis)
            return pl_error_set(err, PL_EINVAL, "found --draw %s, a grid LO:HI:N, expected NAME=DIST (e.g. uniform(1, 2)); "
                                "a grid axis is --vary NAME=LO:HI:N", value);
        if (sp->n_vary == MAX_SPECS) return pl_error_set(err, PL_EINVAL, "too many --draw options (at most %d)", MAX_SPECS);
        sp->vary[sp->n_vary++] = value;
        return PL_OK;
    }
    if (!axis && eq && (strchr(eq, '(') || strchr(eq, '%')))
        return pl_error_set(err, PL_EINVAL, "found %.6s %s, a distribution, expected NAME=LO:HI:N (a grid axis); to draw "
                            "an input from a distribution use --draw NAME=DIST", a, value);
    if (sp->n_grid == PL_GRID_MAX_AXES)
        return pl_error_set(err, PL_EINVAL, "too many grid axes (--vary, at most %d)", PL_GRID_MAX_AXES);
    sp->grid[sp->n_grid++] = value;
    return PL_OK;
}

static pl_status take_repeated(int argc, char **argv, run_specs *sp, pl_error *err)
{
    sp->argv = pl_malloc(((size_t)argc + 1) * sizeof *sp->argv);
    if (!sp->argv) return pl_error_set(err, PL_ENOMEM, "out of memory");
    sp->argc = 0;
    for (int k = 0; k < argc; k++) {
        const char *a = argv[k], *value = NULL;
        int is_spec = is_option(a, "--vary") || is_option(a, "--grid") || is_option(a, "--draw");
        int is_fix = is_option(a, "--fix");
        if (is_fix) {
            value = a[5] == '=' ? a + 6 : k + 1 < argc ? argv[++k] : NULL;
            if (!value) return pl_error_set(err, PL_EINVAL, "option %s needs a value", a);
            if (sp->n_fix == MAX_SPECS) return pl_error_set(err, PL_EINVAL, "too many --fix options (at most %d)", MAX_SPECS);
            sp->fix[sp->n_fix++] = value;
            continue;
        }
        if (strcmp(a, "--") == 0 || !is_spec) {
            sp->argv[sp->argc++] = argv[k];
            if (strcmp(a, "--") == 0)
                while (++k < argc) sp->argv[sp->argc++] = argv[k];
            continue;
        }
        value = a[6] == '=' ? a + 7 : k + 1 < argc ? argv[++k] : NULL;
        if (!value) return pl_error_set(err, PL_EINVAL, "option %.6s needs a value", a);
        pl_status st = take_spec(sp, a, value, err);
        if (st) return st;
    }
    sp->argv[sp->argc] = NULL;
    return PL_OK;
}

static int is_yaml(const char *path)
{
    size_t n = strlen(path);
    return (n > 5 && strcmp(path + n - 5, ".yaml") == 0) || (n > 4 && strcmp(path + n - 4, ".yml") == 0);
}

static pl_status build_bargain(const char *path, const pl_optset *ro, const pl_bargain_type *type, const pl_optset *mo,
                               pl_experiment **e, pl_error *err)
{
    pl_read_options rd = {PL_FORMAT_AUTO, PL_SALIENCE_AUTO};
    pl_input_format_parse(pl_optset_text(ro, "input-format"), &rd.format);
    pl_stakeholders *s;
    pl_status st = pl_read_stakeholders(path, &rd, &s, err);
    if (st) return st;
    st = pl_experiment_bargain(s, type, mo, e, err);
    pl_stakeholders_free(s);
    return st;
}

/* "NAME=LO:HI:N" into an axis. */
static pl_status parse_grid(const pl_experiment *e, const char *spec, pl_grid_axis *ax, pl_error *err)
{
    char name[256];
    const char *eq = strrchr(spec, '=');
    double g[3];
    /* N within ±1e15 converts to long exactly; the design's check reports the points allowed. */
    if (!eq || (size_t)(eq - spec) >= sizeof name || cli_parse_triple(eq + 1, g) || g[2] != floor(g[2]) || fabs(g[2]) > 1e15)
        return pl_error_set(err, PL_EINVAL, "found --vary '%s', expected NAME=LO:HI:N such as aid=0:40:9", spec);
    ax->lo = g[0];
    ax->hi = g[1];
    double n = g[2];
    memcpy(name, spec, (size_t)(eq - spec));
    name[eq - spec] = '\0';
    long k = pl_experiment_find_input(e, name);
    if (k < 0) return pl_error_set(err, PL_EINVAL, "--vary: no input is called '%s' (see --list-inputs)", name);
    ax->input = (size_t)k;
    ax->n = (long)n;
    return PL_OK;
}

/* A --vary that names a grid input itself (no glob) would be ignored: the grid sets that input at
** every point, so the distribution asked for never counted (a glob such as '*=±10%' varying the
** other inputs as well is fine). */
static pl_status check_grid_not_varied(const char *input, const run_specs *sp, pl_error *err)
{
    size_t n = strlen(input);
    for (size_t k = 0; k < sp->n_vary; k++) {
        const char *v = sp->vary[k];
        if (strncmp(v, input, n) == 0 && v[n] == '=')
            return pl_error_set(err, PL_EINVAL, "found %s in both --draw and --vary, expected it in one of them", input);
    }
    return PL_OK;
}

static pl_status apply_specs(pl_experiment *e, const run_specs *sp, const pl_optset *ro, pl_ens_config *cfg,
                             pl_error *err)
{
    if (pl_optset_flag(ro, "fixed-parameters")) {
        pl_status st = pl_experiment_fix(e, "*", err);
        if (st) return st;
    }
    for (size_t k = 0; k < sp->n_fix; k++) {
        pl_status st = pl_experiment_fix(e, sp->fix[k], err);
        if (st) return st;
    }
    for (size_t k = 0; k < sp->n_vary; k++) {
        pl_status st = pl_experiment_vary(e, sp->vary[k], err);
        if (st) return st;
    }
    for (size_t k = 0; k < sp->n_grid; k++) {
        pl_status st = parse_grid(e, sp->grid[k], &cfg->axis[k], err);
        if (!st) st = check_grid_not_varied(e->input[cfg->axis[k].input].name, sp, err);
        if (st) return st;
        e->input[cfg->axis[k].input].group = -1; /* the grid sets it at every point */
    }
    cfg->n_axes = sp->n_grid;
    if (sp->n_grid) {
        if (cfg->design != PL_DESIGN_MC) return pl_error_set(err, PL_EINVAL, "--vary (a grid) goes with --method mc only");
        cfg->design = PL_DESIGN_GRID;
    }
    return PL_OK;
}

static void fill_config(const pl_experiment *e, const pl_optset *common, const pl_optset *ro, pl_ens_config *cfg)
{
    pl_ens_config_init(cfg);
    cfg->seed = e->has_seed && !pl_optset_given(common, "seed") ? e->seed : cli_seed(common);
    cfg->design = (pl_design_kind)(pl_optset_enum(ro, "method") == 0 ? PL_DESIGN_MC
                                   : pl_optset_enum(ro, "method") == 1 ? PL_DESIGN_SOBOL : PL_DESIGN_MORRIS);
    cfg->runs = pl_optset_int(ro, "runs");
    cfg->levels = (int)pl_optset_int(ro, "levels");
    cfg->threads = (int)pl_optset_int(ro, "threads");
    cfg->series_runs = pl_optset_int(ro, "series-runs");
    cfg->series_every = pl_optset_int(ro, "series-every");
}

static void list_inputs(const pl_experiment *e, FILE *fp)
{
    fprintf(fp, "%-48s %14s  %-40s %s\n", "input", "value", "distribution", "source");
    for (size_t k = 0; k < e->n_inputs; k++) {
        char dist[200];
        pl_dist_format(&e->input[k].dist, dist, sizeof dist);
        if (e->input[k].group >= 0) snprintf(dist, sizeof dist, "by %s", e->input[e->input[k].group].name);
        fprintf(fp, "%-48s %14.6g  %-40s %s\n", e->input[k].name, e->input[k].nominal,
                e->input[k].group < 0 && e->input[k].dist.kind == PL_DIST_FIXED ? "fixed" : dist, e->input[k].source);
    }
    fprintf(fp, "\noutcomes:");
    for (size_t k = 0; k < e->n_outcomes; k++) fprintf(fp, " %s", e->outcome[k].name);
    fputc('\n', fp);
}

/* The command line as one shell-quoted string, for the job's record. */
static void command_line(int argc, char **argv, const char *name, char *buf, size_t size)
{
    size_t at = (size_t)snprintf(buf, size, "parley %s", name);
    for (int k = 1; k < argc && at < size; k++) {
        int plain = strspn(argv[k], "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=,") == strlen(argv[k]);
        at += (size_t)snprintf(buf + at, size - at, plain ? " %s" : " '%s'", argv[k]);
    }
}

/* Everything one invocation holds, so that one function frees it all. */
typedef struct run_job {
    const cli_command *cmd;
    pl_optset common, ro, mo;
    run_specs sp;
    const char *input;
    pl_experiment *e;
    pl_ens_config cfg;
    pl_store *store;
    int64_t job;
    pl_ens_result *r;
    pl_summary *sum, *grid_sum;
    long points;
    pl_sens_table sens;
    int rank, ranks, mpi;
    double seconds;
} run_job;

static void job_free(run_job *j)
{
    pl_sens_table_free(&j->sens);
    pl_free(j->sum);
    pl_free(j->grid_sum);
    pl_ens_result_free(j->r);
    pl_store_close(j->store);
    pl_experiment_free(j->e);
    pl_free(j->sp.argv);
}

static pl_status open_store(run_job *j, pl_error *err)
{
    const char *path = pl_optset_text(&j->ro, "store");
    if (cli_out_format_of(&j->common) == CLI_OUT_SQLITE) path = pl_optset_text(&j->common, "out");
    if (!*path || strcmp(path, "-") == 0) {
        if (pl_optset_flag(&j->ro, "resume")) return pl_error_set(err, PL_EINVAL, "--resume needs --store FILE");
        return cli_out_format_of(&j->common) == CLI_OUT_SQLITE ? pl_error_set(err, PL_EINVAL, "--format sqlite needs --out FILE") : PL_OK;
    }
    if (j->rank != 0) return PL_OK;
    char *config = pl_ens_config_json(j->e, &j->cfg, j->cmd->name, NULL);
    if (!config) return pl_error_set(err, PL_ENOMEM, "out of memory");
    int resumed;
    pl_status st = pl_store_open(path, &j->store, err);
    if (!st) st = pl_ens_job_open(j->store, j->e, &j->cfg, j->cmd->name, config, pl_optset_flag(&j->ro, "resume"), &j->job,
                                  &resumed, err);
    pl_free(config);
    return st;
}

/* Neither the store nor the --out file may be the input, nor the two one file (the summary
** would be renamed over the store just written). */
static pl_status check_outputs(const run_job *j, pl_error *err)
{
    int sqlite = cli_out_format_of(&j->common) == CLI_OUT_SQLITE; /* then --out is the store */
    if (sqlite && *pl_optset_text(&j->ro, "store")) /* one of them was silently ignored */
        return pl_error_set(err, PL_EINVAL, "found --store with --format sqlite, expected one of --store FILE or --format "
                                            "sqlite --out FILE (each names the results store)");
    const char *out[2] = {pl_optset_text(sqlite ? &j->common : &j->ro, sqlite ? "out" : "store"),
                          pl_optset_text(&j->common, "out")};
    pl_status st = cli_check_outputs(out, sqlite ? 1 : 2, j->input, err);
    if (!st && strcmp(j->e->kind, "settle") == 0) st = settle_cli_check_scenario_out(j->input, out, sqlite ? 1 : 2, err);
    if (!st && !sqlite) st = cli_probe_output(out[1], err); /* before the runs, not after them */
    return st;
}

static pl_status run_ensemble(run_job *j, cli_progress *prog, pl_error *err)
{
    j->cfg.progress = cli_progress_update;
    j->cfg.progress_ctx = prog;
#ifdef PL_HAVE_MPI
    if (j->mpi) return pl_ensemble_run_mpi(j->e, &j->cfg, j->store, j->job, &j->r, err);
#endif
    return pl_ensemble_run(j->e, &j->cfg, j->store, j->job, &j->r, err);
}

static pl_status analyse(run_job *j, pl_error *err)
{
    size_t no = j->e->n_outcomes;
    j->points = j->cfg.design == PL_DESIGN_GRID ? j->r->n_runs / j->cfg.runs : 0;
    j->sum = pl_calloc(no + 1, sizeof *j->sum);
    if (j->points) j->grid_sum = pl_calloc((size_t)j->points * no + 1, sizeof *j->grid_sum);
    if (!j->sum || (j->points && !j->grid_sum)) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = pl_ens_summarise(j->e, &j->cfg, j->r, -1, j->sum, err);
    for (long p = 0; !st && p < j->points; p++) st = pl_ens_summarise(j->e, &j->cfg, j->r, p, j->grid_sum + p * (long)no, err);
    if (!st) st = pl_ens_sensitivity(j->e, &j->cfg, j->r, (int)pl_optset_int(&j->ro, "bootstrap"), &j->sens, err);
    return st;
}

static pl_status record_job(run_job *j, int argc, char **argv, pl_error *err)
{
    if (!j->store) return PL_OK;
    char line[4096], num[64];
    command_line(argc, argv, j->cmd->name, line, sizeof line);
    pl_status st = pl_ens_store_sensitivity(j->store, j->job, j->e, &j->sens, err);
    if (!st) st = pl_store_put_job_info(j->store, j->job, "command_line", line, err);
    snprintf(num, sizeof num, "%.3f", j->seconds);
    if (!st) st = pl_store_put_job_info(j->store, j->job, "seconds", num, err);
    snprintf(num, sizeof num, "%d threads x %d ranks", pl_ens_threads(&j->cfg), j->ranks);
    if (!st) st = pl_store_put_job_info(j->store, j->job, "parallelism", num, err);
    return st;
}

static pl_status write_output(run_job *j, pl_error *err)
{
    if (j->r->n_failed == j->r->n_runs)
        return pl_error_set(err, PL_EMODEL, "every run failed; the first: %s", j->r->failure);
    if (j->r->n_failed) fprintf(stderr, "parley %s: warning: %ld of %ld runs failed; the first: %s\n", j->cmd->name,
                                j->r->n_failed, j->r->n_runs, j->r->failure);
    if (cli_out_format_of(&j->common) == CLI_OUT_SQLITE) return PL_OK;
    cli_run_output out = {j->e, &j->cfg, j->r, j->sum, j->grid_sum, j->points, &j->sens,
                          j->store ? pl_store_path(j->store) : NULL, j->job, j->seconds, pl_ens_threads(&j->cfg), j->ranks};
    if (cli_out_format_of(&j->common) != CLI_OUT_CSV) return cli_write_result(&j->common, &out, cli_run_write, err);
    pl_result_doc *doc = NULL;
    pl_status st = cli_run_doc(&out, &doc, err);
    if (!st) st = cli_write_doc(&j->common, doc, NULL, NULL, err);
    pl_result_doc_free(doc);
    return st;
}

static pl_status build_scenario(run_job *j, pl_error *err)
{
    unsigned flags = pl_optset_flag(&j->ro, "allow-after-as-of") ? PL_SCENARIO_ALLOW_AFTER_AS_OF : 0;
    char note[PL_ERROR_MSG_MAX + 600] = "";
    pl_status st;
    if (pl_scenario_is_settle(j->input)) st = pl_experiment_settle_flags(j->input, flags, &j->e, note, sizeof note, err);
    else
        st = pl_experiment_war_flags(j->input, pl_optset_int(&j->ro, "record-every"),
                                     (long)floor(pl_optset_double(&j->ro, "horizon-years") * 365.25 + 0.5), flags, &j->e,
                                     note, sizeof note, err);
    if (!st && note[0] && j->rank == 0) fprintf(stderr, "parley %s: warning: %s\n", j->cmd->name, note);
    return st;
}

static pl_status build_experiment(run_job *j, pl_error *err)
{
    if (is_yaml(j->input)) return build_scenario(j, err);
    const pl_bargain_type *type = pl_bargain_find(pl_optset_text(&j->ro, "model"));
    if (!type) return pl_error_set(err, PL_EINVAL, "unknown model '%s' (see parley forecast --help)", pl_optset_text(&j->ro, "model"));
    return build_bargain(j->input, &j->ro, type, &j->mo, &j->e, err);
}

/* An option that applies to one kind of input only was silently ignored for another: run --model
** smp on a settle scenario ran the scenario's own model. */
static pl_status check_applicable(const run_job *j, pl_error *err)
{
    static const struct {
        const char *option, *kind, *applies;
    } only[] = {{"model", "forecast", "stakeholder tables (a settle scenario's model is its settle.model)"},
                {"input-format", "forecast", "stakeholder tables"},
                {"record-every", "war", "war scenarios"},
                {"horizon-years", "war", "war scenarios"}};
    const char *input = strcmp(j->e->kind, "forecast") == 0 ? "a stakeholder table"
                        : strcmp(j->e->kind, "war") == 0   ? "a war scenario"
                                                           : "a settle scenario";
    for (size_t k = 0; k < sizeof only / sizeof only[0]; k++)
        if (pl_optset_given(&j->ro, only[k].option) && strcmp(j->e->kind, only[k].kind) != 0)
            return pl_error_set(err, PL_EINVAL, "found --%s with %s, expected it only with %s", only[k].option, input,
                                only[k].applies);
    int method = pl_optset_enum(&j->ro, "method"); /* mc, sobol, morris */
    if (pl_optset_given(&j->ro, "levels") && method != 2)
        return pl_error_set(err, PL_EINVAL, "found --levels without --method morris, expected it only with Morris screening");
    if (pl_optset_given(&j->ro, "bootstrap") && method != 1)
        return pl_error_set(err, PL_EINVAL, "found --bootstrap without --method sobol, expected it only with Sobol indices");
    return PL_OK;
}

/* The JSON output and the store's job configuration hold the input's and the store's names as JSON
** strings, which jansson refuses when they are not UTF-8 (a Latin-1 file name): the input's
** surfaced as 'out of memory', the store's vanished from the JSON summary. */
static pl_status check_file_names(const run_job *j, pl_error *err)
{
    const char *names[] = {j->input, pl_optset_text(&j->ro, "store")};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        json_t *name = json_string(names[k]);
        if (!name)
            return pl_error_set(err, PL_EINVAL, "found the file name '%s' that is not UTF-8, expected a UTF-8 name (the "
                                                "results record it as text; rename or link the file)", names[k]);
        json_decref(name);
    }
    return PL_OK;
}

static pl_status execute(run_job *j, int argc, char **argv, pl_error *err)
{
    pl_status st = check_file_names(j, err);
    if (!st) st = build_experiment(j, err);
    if (!st) st = check_applicable(j, err);
    if (!st) fill_config(j->e, &j->common, &j->ro, &j->cfg);
    if (!st) st = apply_specs(j->e, &j->sp, &j->ro, &j->cfg, err);
    if (!st && pl_optset_flag(&j->ro, "list-inputs")) {
        if (j->rank == 0) list_inputs(j->e, stdout);
        return PL_OK;
    }
    if (!st) st = pl_ens_config_check(j->e, &j->cfg, err);
    if (!st) st = check_outputs(j, err);
    if (!st) st = open_store(j, err);
#ifdef PL_HAVE_MPI
    if (j->mpi) st = pl_mpi_agree(st);
#endif
    if (st) return st;
    cli_progress prog;
    cli_progress_init(&prog, j->cmd->name, pl_optset_flag(&j->ro, "quiet") || j->rank != 0,
                      pl_optset_double(&j->ro, "progress-interval"));
    double t0 = cli_clock();
    st = run_ensemble(j, &prog, err);
    j->seconds = cli_clock() - t0;
    if (st || j->rank != 0) return st;
    cli_progress_finish(&prog, j->r->n_runs, j->r->n_runs);
    st = analyse(j, err);
    if (!st) st = record_job(j, argc, argv, err);
    if (!st) st = write_output(j, err);
    return st;
}

static const pl_bargain_type *model_of(int argc, char **argv, const char *input)
{
    const char *model = cli_peek(argc, argv, "model");
    return input && is_yaml(input) ? NULL : pl_bargain_find(model ? model : "compromise");
}

/* The last positional argument, to choose model options before parsing (NULL if none). */
static const char *peek_input(int argc, char **argv)
{
    return argc > 1 && argv[argc - 1][0] != '-' ? argv[argc - 1] : NULL;
}

static int run_command(const cli_command *cmd, const char *method, int argc, char **argv)
{
    run_job j;
    memset(&j, 0, sizeof j);
    j.cmd = cmd;
    j.ranks = 1;
    pl_error err;
    pl_error_clear(&err);
    pl_optset_init(&j.common, common_options, sizeof common_options / sizeof common_options[0]);
    pl_optset_init(&j.ro, run_options, sizeof run_options / sizeof run_options[0]);
    pl_status st = pl_optset_set(&j.ro, "method", method, &err);
    if (!st) st = take_repeated(argc, argv, &j.sp, &err);
    const pl_bargain_type *type = st ? NULL : model_of(j.sp.argc, j.sp.argv, peek_input(j.sp.argc, j.sp.argv));
    pl_optset_init(&j.mo, type ? type->options : NULL, type ? type->n_options : 0);
    pl_optset *sets[] = {&j.common, &j.ro, &j.mo};
    const char *pos[1];
    size_t n_pos = 0;
    if (!st) st = cli_parse(j.sp.argc, j.sp.argv, sets, 3, pos, 1, &n_pos, &err);
    if (!st && pl_optset_flag(&j.common, "help")) {
        cli_print_help(cmd, sets, 2, stdout);
        job_free(&j);
        return 0;
    }
    if (!st && n_pos != 1) st = pl_error_set(&err, PL_EINVAL, "expected one FILE (a scenario or a stakeholder table)");
    if (st) {
        job_free(&j);
        return cli_usage_error(cmd, &err);
    }
    j.input = pos[0];
#ifdef PL_HAVE_MPI
    if (pl_mpi_launched()) {
        j.mpi = 1;
        st = pl_mpi_start(&argc, &argv, &j.rank, &j.ranks, &err);
    }
#endif
    if (!st) st = execute(&j, argc, argv, &err);
    job_free(&j);
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
                 "the input's value (cut to its domain), or a plain number. Run i draws from stream (seed, i):\n"
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

/* The first 16 bytes of every SQLite database. */
static int is_store_file(const char *path)
{
    char head[16] = {0};
    FILE *fp = fopen(path, "rb");
    size_t n = fp ? fread(head, 1, sizeof head, fp) : 0;
    if (fp) fclose(fp);
    return n == sizeof head && memcmp(head, "SQLite format 3", 16) == 0;
}

static int run_option_given(const run_job *j)
{
    for (size_t k = 0; k < j->ro.n_desc; k++)
        if (j->ro.given[k]) return 1;
    return j->sp.n_vary || j->sp.n_grid;
}

static pl_status collect(run_job *j, int argc, char **argv, cli_ensemble *out, pl_error *err)
{
    if (is_store_file(j->input)) {
        out->is_store = 1;
        return run_option_given(j) ? pl_error_set(err, PL_EINVAL, "found parley run's options with the results store %s, "
                                                                   "expected them only with a scenario or a table", j->input)
                                   : PL_OK;
    }
    pl_status st = check_file_names(j, err);
    if (!st) st = build_experiment(j, err);
    if (!st) st = check_applicable(j, err);
    if (!st && out->check) st = out->check(out, j->e, err);
    if (!st) fill_config(j->e, &j->common, &j->ro, &j->cfg);
    if (!st) st = apply_specs(j->e, &j->sp, &j->ro, &j->cfg, err);
    if (!st) st = pl_ens_config_check(j->e, &j->cfg, err);
    if (!st) st = check_outputs(j, err);
    if (!st) st = open_store(j, err);
    if (st) return st;
    cli_progress prog;
    cli_progress_init(&prog, out->cmd->name, pl_optset_flag(&j->ro, "quiet"), pl_optset_double(&j->ro, "progress-interval"));
    double t0 = cli_clock();
    st = run_ensemble(j, &prog, err);
    j->seconds = cli_clock() - t0;
    if (!st) cli_progress_finish(&prog, j->r->n_runs, j->r->n_runs);
    if (!st) st = analyse(j, err);
    if (!st) st = record_job(j, argc, argv, err);
    if (!st && j->r->n_failed == j->r->n_runs) st = pl_error_set(err, PL_EMODEL, "every run failed; the first: %s", j->r->failure);
    return st;
}

int cli_run_collect(int argc, char **argv, pl_optset *own, cli_ensemble *out)
{
    run_job j;
    memset(&j, 0, sizeof j);
    j.cmd = &cli_cmd_run;
    j.ranks = 1;
    pl_error err;
    pl_error_clear(&err);
    pl_optset_init(&j.common, common_options, sizeof common_options / sizeof common_options[0]);
    pl_optset_init(&j.ro, run_options, sizeof run_options / sizeof run_options[0]);
    pl_optset_init(&j.mo, NULL, 0);
    if (take_repeated(argc, argv, &j.sp, &err)) {
        job_free(&j);
        return cli_usage_error(out->cmd, &err);
    }
    pl_optset *sets[] = {&j.common, own, &j.ro};
    const char *pos[1];
    int rc = cli_begin(out->cmd, j.sp.argc, j.sp.argv, sets, 3, 3, "FILE (a results store, a scenario or a stakeholder table)", pos);
    if (rc < 0) {
        j.input = out->input = pos[0];
        pl_status st = collect(&j, argc, argv, out, &err);
        rc = st == PL_EINVAL && !*err.file ? cli_usage_error(out->cmd, &err) : st ? cli_fail(&err) : -1;
    }
    out->common = j.common;
    if (rc < 0 && !out->is_store) {
        out->e = j.e, out->r = j.r, out->cfg = j.cfg;
        j.e = NULL, j.r = NULL;
    }
    job_free(&j);
    return rc;
}
