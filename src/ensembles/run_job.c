/*
** run_job.c — one `parley run` ensemble from its options to its recorded result: the
** specifications taken from the command line, the experiment and its design, the results store,
** and the analysis of the runs.
** Layer: ensembles.
*/
#include "parley/run_job.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parley/experiments.h"
#include "parley/memory.h"
#include "parley/readers.h"
#include "parley/store.h"

const pl_option_desc pl_run_options[] = {
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
    {"no-condition", PL_OPT_FLAG, "0", 0, 0, NULL,
     "scenarios: run the draws as drawn, not only those consistent with the record the scenario's condition: names"},
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
const size_t pl_run_n_options = sizeof pl_run_options / sizeof pl_run_options[0];

/* 1 when a=... is option name ("--name" or "--name=..."). */
static int is_option(const char *a, const char *name)
{
    size_t n = strlen(name);
    return strncmp(a, name, n) == 0 && (a[n] == '\0' || a[n] == '=');
}

/* --draw NAME=DIST is a distribution, --vary (or --grid) NAME=LO:HI:N a grid axis: a value of the
** other form is refused with a pointer to the option that takes it. */
static pl_status take_spec(pl_run_specs *sp, const char *a, const char *value, pl_error *err)
{
    double g[3];
    const char *eq = strrchr(value, '=');
    int axis = eq && pl_parse_triple(eq + 1, g) == 0;
    if (is_option(a, "--draw")) {
        if (axis)
            return pl_error_set(err, PL_EINVAL, "found --draw %s, a grid LO:HI:N, expected NAME=DIST (e.g. uniform(1, 2)); "
                                "a grid axis is --vary NAME=LO:HI:N", value);
        if (sp->n_vary == PL_RUN_MAX_SPECS) return pl_error_set(err, PL_EINVAL, "too many --draw options (at most %d)", PL_RUN_MAX_SPECS);
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

pl_status pl_run_job_take_specs(pl_run_job *j, int argc, char **argv, pl_error *err)
{
    pl_run_specs *sp = &j->sp;
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
            if (sp->n_fix == PL_RUN_MAX_SPECS) return pl_error_set(err, PL_EINVAL, "too many --fix options (at most %d)", PL_RUN_MAX_SPECS);
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

int pl_run_input_is_scenario(const char *path)
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
    if (!eq || (size_t)(eq - spec) >= sizeof name || pl_parse_triple(eq + 1, g) || g[2] != floor(g[2]) || fabs(g[2]) > 1e15)
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
static pl_status check_grid_not_varied(const char *input, const pl_run_specs *sp, pl_error *err)
{
    size_t n = strlen(input);
    for (size_t k = 0; k < sp->n_vary; k++) {
        const char *v = sp->vary[k];
        if (strncmp(v, input, n) == 0 && v[n] == '=')
            return pl_error_set(err, PL_EINVAL, "found %s in both --draw and --vary, expected it in one of them", input);
    }
    return PL_OK;
}

static pl_status apply_specs(pl_experiment *e, const pl_run_specs *sp, const pl_optset *ro, pl_ens_config *cfg,
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

static void fill_config(const pl_experiment *e, int seed_given, uint64_t seed, const pl_optset *ro, pl_ens_config *cfg)
{
    pl_ens_config_init(cfg);
    cfg->seed = e->has_seed && !seed_given ? e->seed : seed;
    cfg->design = (pl_design_kind)(pl_optset_enum(ro, "method") == 0 ? PL_DESIGN_MC
                                   : pl_optset_enum(ro, "method") == 1 ? PL_DESIGN_SOBOL : PL_DESIGN_MORRIS);
    cfg->runs = pl_optset_int(ro, "runs");
    cfg->levels = (int)pl_optset_int(ro, "levels");
    cfg->threads = (int)pl_optset_int(ro, "threads");
    cfg->series_runs = pl_optset_int(ro, "series-runs");
    cfg->series_every = pl_optset_int(ro, "series-every");
}

void pl_run_list_inputs(const pl_experiment *e, FILE *fp)
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

void pl_run_job_free(pl_run_job *j)
{
    pl_sens_table_free(&j->sens);
    pl_free(j->sum);
    pl_free(j->grid_sum);
    pl_ens_result_free(j->r);
    pl_store_close(j->store);
    pl_experiment_free(j->e);
    pl_free(j->sp.argv);
}

pl_status pl_run_job_open_store(pl_run_job *j, const char *sqlite_out, pl_error *err)
{
    const char *path = sqlite_out ? sqlite_out : pl_optset_text(&j->ro, "store");
    if (!*path || strcmp(path, "-") == 0) {
        if (pl_optset_flag(&j->ro, "resume")) return pl_error_set(err, PL_EINVAL, "--resume needs --store FILE");
        return sqlite_out ? pl_error_set(err, PL_EINVAL, "--format sqlite needs --out FILE") : PL_OK;
    }
    if (j->rank != 0) return PL_OK;
    char *config = pl_ens_config_json(j->e, &j->cfg, j->name, NULL);
    if (!config) return pl_error_set(err, PL_ENOMEM, "out of memory");
    int resumed;
    pl_status st = pl_store_open(path, &j->store, err);
    if (!st) st = pl_ens_job_open(j->store, j->e, &j->cfg, j->name, config, pl_optset_flag(&j->ro, "resume"), &j->job,
                                  &resumed, err);
    pl_free(config);
    return st;
}

static pl_status analyse(pl_run_job *j, pl_error *err)
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

static pl_status record_job(pl_run_job *j, int argc, char **argv, pl_error *err)
{
    if (!j->store) return PL_OK;
    char line[4096], num[64];
    command_line(argc, argv, j->name, line, sizeof line);
    pl_status st = pl_ens_store_sensitivity(j->store, j->job, j->e, &j->sens, err);
    if (!st) st = pl_store_put_job_info(j->store, j->job, "command_line", line, err);
    snprintf(num, sizeof num, "%.3f", j->seconds);
    if (!st) st = pl_store_put_job_info(j->store, j->job, "seconds", num, err);
    snprintf(num, sizeof num, "%d threads x %d ranks", pl_ens_threads(&j->cfg), j->ranks);
    if (!st) st = pl_store_put_job_info(j->store, j->job, "parallelism", num, err);
    char cond[1024];
    if (!st && pl_ens_condition_text(j->e, cond, sizeof cond)) st = pl_store_put_job_info(j->store, j->job, "condition", cond, err);
    return st;
}

static pl_status build_scenario(pl_run_job *j, pl_error *err)
{
    unsigned flags = (pl_optset_flag(&j->ro, "allow-after-as-of") ? PL_SCENARIO_ALLOW_AFTER_AS_OF : 0) |
                     (pl_optset_flag(&j->ro, "no-condition") ? PL_SCENARIO_NO_CONDITION : 0);
    char note[PL_ERROR_MSG_MAX + 600] = "";
    pl_status st;
    if (pl_scenario_is_settle(j->input)) st = pl_experiment_settle_flags(j->input, flags, &j->e, note, sizeof note, err);
    else
        st = pl_experiment_war_flags(j->input, pl_optset_int(&j->ro, "record-every"),
                                     (long)floor(pl_optset_double(&j->ro, "horizon-years") * 365.25 + 0.5), flags, &j->e,
                                     note, sizeof note, err);
    if (!st && note[0] && j->rank == 0) fprintf(stderr, "parley %s: warning: %s\n", j->name, note);
    return st;
}

static pl_status build_experiment(pl_run_job *j, pl_error *err)
{
    if (pl_run_input_is_scenario(j->input)) return build_scenario(j, err);
    const pl_bargain_type *type = pl_bargain_find(pl_optset_text(&j->ro, "model"));
    if (!type) return pl_error_set(err, PL_EINVAL, "unknown model '%s' (see parley forecast --help)", pl_optset_text(&j->ro, "model"));
    return build_bargain(j->input, &j->ro, type, &j->mo, &j->e, err);
}

/* An option that applies to one kind of input only was silently ignored for another: run --model
** smp on a settle scenario ran the scenario's own model. */
static pl_status check_applicable(const pl_run_job *j, pl_error *err)
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
static pl_status check_file_names(const pl_run_job *j, pl_error *err)
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

/* The first 16 bytes of every SQLite database. */
int pl_run_input_is_store(const char *path)
{
    char head[16] = {0};
    FILE *fp = fopen(path, "rb");
    size_t n = fp ? fread(head, 1, sizeof head, fp) : 0;
    if (fp) fclose(fp);
    return n == sizeof head && memcmp(head, "SQLite format 3", 16) == 0;
}

void pl_run_job_init(pl_run_job *j, const char *name)
{
    memset(j, 0, sizeof *j);
    j->name = name;
    j->ranks = 1;
    pl_optset_init(&j->ro, pl_run_options, pl_run_n_options);
}

pl_status pl_run_job_build(pl_run_job *j, pl_error *err)
{
    pl_status st = check_file_names(j, err);
    if (!st) st = build_experiment(j, err);
    if (!st) st = check_applicable(j, err);
    return st;
}

pl_status pl_run_job_design(pl_run_job *j, int seed_given, uint64_t seed, pl_error *err)
{
    fill_config(j->e, seed_given, seed, &j->ro, &j->cfg);
    return apply_specs(j->e, &j->sp, &j->ro, &j->cfg, err);
}

pl_status pl_run_job_finish(pl_run_job *j, int argc, char **argv, pl_error *err)
{
    pl_status st = analyse(j, err);
    return st ? st : record_job(j, argc, argv, err);
}

void pl_run_job_output(const pl_run_job *j, pl_run_output *out)
{
    *out = (pl_run_output){j->e, &j->cfg, j->r, j->sum, j->grid_sum, j->points, &j->sens,
                           j->store ? pl_store_path(j->store) : NULL, j->job, j->seconds, pl_ens_threads(&j->cfg), j->ranks};
}
