/*
** settle_cli.c — loading a settle scenario with the command's options, and making it an ensemble
** experiment (grid axes, draws, --nominal) that the engine runs.
** Layer: interfaces.
*/
#include "cli/settle_cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"
#include "parley/analysis.h"
#include "parley/experiments.h"
#include "parley/memory.h"

/* Calls fn on each comma-separated item of list. */
static pl_status each_item(const char *list, pl_status (*fn)(settle_cli *, const char *, pl_error *), settle_cli *sl,
                           pl_error *err)
{
    char item[256];
    for (const char *p = list; *p;) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (n >= sizeof item) return pl_error_set(err, PL_EINVAL, "found an item longer than %zu characters", sizeof item);
        memcpy(item, p, n);
        item[n] = '\0';
        pl_status st = n ? fn(sl, item, err) : PL_OK;
        if (st) return st;
        p += n + (comma ? 1 : 0);
    }
    return PL_OK;
}

static pl_status drop_one(settle_cli *sl, const char *id, pl_error *err)
{
    return pl_framework_narrow(sl->su->fw, id, PL_NARROW_DROP, 0, err);
}

static pl_status defer_one(settle_cli *sl, const char *id, pl_error *err)
{
    return pl_framework_narrow(sl->su->fw, id, PL_NARROW_DEFER, 0, err);
}

static pl_status set_one(settle_cli *sl, const char *item, pl_error *err)
{
    const char *eq = strchr(item, '=');
    double v;
    if (!eq || pl_parse_double(eq + 1, &v)) return pl_error_set(err, PL_EINVAL, "found '%s' in --set, expected PARAM=VALUE", item);
    char path[256];
    snprintf(path, sizeof path, "%.*s", (int)(eq - item), item);
    return pl_scenario_set_value(sl->sc, path, v, err);
}

static pl_status fix_one(settle_cli *sl, const char *item, pl_error *err)
{
    int k = pl_scenario_find_param(sl->sc, item);
    if (k < 0) return pl_error_set(err, PL_EINVAL, "found '%s' in --fix, expected the path of a scenario parameter", item);
    return pl_scenario_set_value(sl->sc, item, sl->sc->param[k].nominal, err);
}

static pl_status propose_one(settle_cli *sl, const char *item, pl_error *err)
{
    const char *eq = strchr(item, '=');
    double v;
    if (!eq || pl_parse_double(eq + 1, &v)) return pl_error_set(err, PL_EINVAL, "found '%s' in --propose, expected POINT=VALUE", item);
    char id[128];
    snprintf(id, sizeof id, "%.*s", (int)(eq - item), item);
    return pl_framework_narrow(sl->su->fw, id, PL_NARROW_SET, v, err);
}

/* --framework: the other file is read and narrowed by the scenario's own drop/defer/bracket/set. */
static pl_status swap_framework(const char *path, settle_cli *sl, pl_error *err)
{
    pl_framework *fw;
    pl_status st = pl_framework_read(path, &fw, err);
    if (st) return st;
    pl_framework_free(sl->su->fw);
    sl->su->fw = fw;
    /* Re-resolve what depends on the framework (actors, territory point) with it in place. */
    return pl_settle_setup_refresh(sl->sc, sl->su, err);
}

/* The key (before any '=') of item k, counting from 0 over the comma-separated lists of the
** options names[0..n), copied into key with the option that holds it; 0 when there is no item k. */
static int list_key(const pl_optset *so, const char *const *names, size_t n, size_t k, char *key, size_t size,
                    const char **option)
{
    for (size_t o = 0; o < n; o++)
        for (const char *p = pl_optset_text(so, names[o]); *p;) {
            size_t len = strcspn(p, ",");
            if (len && k-- == 0) {
                snprintf(key, size, "%.*s", (int)strcspn(p, ",="), p);
                *option = names[o];
                return 1;
            }
            p += len + (p[len] == ',');
        }
    return 0;
}

/* A point named twice across --drop, --defer and --propose, or a parameter twice in --set: they
** are applied in order, so the later silently undid the earlier (--drop P --propose P=50 put P
** back in at 50; --set a=1,a=2 forgot a=1). */
static pl_status check_repeats(const pl_optset *so, const char *const *names, size_t n, const char *what,
                               pl_error *err)
{
    char a[256], b[256];
    const char *oa, *ob;
    for (size_t i = 0; list_key(so, names, n, i, a, sizeof a, &oa); i++)
        for (size_t j = 0; j < i && list_key(so, names, n, j, b, sizeof b, &ob); j++)
            if (strcmp(a, b) == 0)
                return pl_error_set(err, PL_EINVAL, "found %s '%s' in --%s and again in --%s, expected each %s once", what,
                                    a, ob, oa, what);
    return PL_OK;
}

static pl_status apply_options(const pl_optset *so, settle_cli *sl, pl_error *err)
{
    static const char *const narrowing[] = {"drop", "defer", "propose"}, *const set[] = {"set"};
    pl_status cst = check_repeats(so, narrowing, 3, "point", err);
    if (!cst) cst = check_repeats(so, set, 1, "parameter", err);
    if (cst) return cst;
    const char *fw = pl_optset_text(so, "framework");
    if (fw[0]) {
        pl_status st = swap_framework(fw, sl, err);
        if (st) return st;
    }
    int terms = pl_optset_enum(so, "terms");
    if (terms > 0) sl->su->terms_proposal = terms == 2;
    const char *model = pl_optset_text(so, "model");
    if (model[0]) {
        const pl_bargain_type *t = pl_bargain_find(model);
        if (!t) return pl_error_set(err, PL_EINVAL, "found model '%s', expected one of parley forecast --help", model);
        sl->su->model = t;
        pl_optset_init(&sl->su->model_opts, t->options, t->n_options);
    }
    pl_status st = each_item(pl_optset_text(so, "drop"), drop_one, sl, err);
    if (!st) st = each_item(pl_optset_text(so, "defer"), defer_one, sl, err);
    if (!st) st = each_item(pl_optset_text(so, "propose"), propose_one, sl, err);
    if (!st) st = each_item(pl_optset_text(so, "set"), set_one, sl, err);
    if (!st) st = each_item(pl_optset_text(so, "fix"), fix_one, sl, err);
    return st;
}

pl_status settle_cli_check_out(const pl_framework *fw, const char *const *out, size_t n_out, pl_error *err)
{
    char base[1024];
    const char *slash = strrchr(fw->path, '/');
    if (fw->base[0] == '/' || !slash) snprintf(base, sizeof base, "%s", fw->base);
    else snprintf(base, sizeof base, "%.*s/%s", (int)(slash - fw->path), fw->path, fw->base);
    pl_status st = cli_check_outputs_against(out, n_out, fw->path, "the framework the scenario reads", err);
    if (!st && fw->base[0]) st = cli_check_outputs_against(out, n_out, base, "the base of the scenario's framework", err);
    return st;
}

pl_status settle_cli_check_scenario_out(const char *path, const char *const *out, size_t n_out, pl_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) return PL_OK; /* a FIFO cannot be read a second time */
    pl_scenario *sc = NULL;
    pl_settle_setup *su = NULL;
    pl_status st = pl_scenario_read_flags(path, pl_settle_schema(), PL_SCENARIO_ALLOW_AFTER_AS_OF, &sc, err);
    if (!st) st = pl_settle_setup_create(sc, &su, err);
    if (!st) st = settle_cli_check_out(su->fw, out, n_out, err);
    pl_settle_setup_free(su);
    pl_scenario_free(sc);
    return st;
}

unsigned settle_cli_read_flags(const pl_optset *so)
{
    return pl_optset_flag(so, "allow-after-as-of") ? PL_SCENARIO_ALLOW_AFTER_AS_OF : 0;
}

void settle_cli_note_after_as_of(const char *command, const pl_scenario *sc)
{
    if (!sc || !sc->n_after_as_of) return;
    fprintf(stderr, "parley %s: warning: %zu fact%s published after the scenario's as_of read (--allow-after-as-of): this "
            "is not a forecast as of that date; the first: %s\n", command, sc->n_after_as_of,
            sc->n_after_as_of == 1 ? "" : "s", sc->after_as_of_first);
}

pl_status settle_cli_load(const char *path, const pl_optset *common, const pl_optset *so, settle_cli *sl, pl_error *err)
{
    memset(sl, 0, sizeof *sl);
    const char *out = pl_optset_text(common, "out");
    pl_status st = pl_scenario_read_flags(path, pl_settle_schema(), settle_cli_read_flags(so), &sl->sc, err);
    if (!st) st = pl_settle_setup_create(sl->sc, &sl->su, err);
    if (!st) st = settle_cli_check_out(sl->su->fw, &out, 1, err); /* the scenario's framework, even if swapped */
    if (!st) st = apply_options(so, sl, err);
    if (!st) st = settle_cli_check_out(sl->su->fw, &out, 1, err); /* --framework's */
    if (st) return st;
    sl->runs = (size_t)pl_optset_int(so, "runs");
    sl->nominal = pl_optset_flag(so, "nominal");
    sl->seed = pl_optset_given(common, "seed") || sl->sc->seed < 0 ? (uint64_t)pl_optset_int(common, "seed")
                                                                   : (uint64_t)sl->sc->seed;
    return PL_OK;
}

void settle_cli_free(settle_cli *sl)
{
    if (!sl->moved) {
        pl_settle_setup_free(sl->su);
        pl_scenario_free(sl->sc);
    }
    memset(sl, 0, sizeof *sl);
}

const char *settle_cli_attacker(const settle_cli *sl) { return sl->su->fw->actor_name[sl->su->attacker]; }
const char *settle_cli_defender(const settle_cli *sl) { return sl->su->fw->actor_name[sl->su->defender]; }

const char *const settle_cli_headline[SETTLE_CLI_N_HEADLINE] = {"accept_attacker", "accept_defender", "deal",
                                                                  "signed_recommenced_5y", "signed_recommenced_10y"};

static pl_status fix_groups(pl_experiment *e, pl_error *err)
{
    pl_status st = PL_OK;
    for (size_t k = 0; !st && k < e->n_inputs; k++)
        if (strncmp(e->input[k].name, "draw:", 5) == 0) st = pl_experiment_fix(e, e->input[k].name, err);
    return st;
}

static pl_status add_axes(pl_experiment *e, const settle_axis *axes, size_t n_axes, pl_ens_config *cfg,
                          pl_error *err)
{
    if (!n_axes) return PL_OK;
    cfg->design = PL_DESIGN_GRID;
    cfg->n_axes = n_axes;
    for (size_t a = 0; a < n_axes; a++) {
        long k = pl_experiment_find_input(e, axes[a].path);
        if (k < 0) return pl_error_set(err, PL_EINVAL, "found --vary %s, expected the path of a scenario parameter",
                                       axes[a].path);
        cfg->axis[a] = (pl_grid_axis){(size_t)k, axes[a].from, axes[a].to, axes[a].steps};
        e->input[k].group = -1; /* the grid sets it at every point: its draw group must not */
    }
    return PL_OK;
}

/* The paths --set names. */
static size_t set_paths(const pl_optset *so, char buf[][200], const char **paths, size_t max)
{
    size_t n = 0;
    for (const char *p = pl_optset_text(so, "set"); *p && n < max;) {
        size_t len = strcspn(p, ",");
        snprintf(buf[n], 200, "%.*s", (int)strcspn(p, ",="), p);
        paths[n] = buf[n];
        n++;
        p += len + (p[len] == ',');
    }
    return n;
}

pl_status settle_cli_experiment(settle_cli *sl, const pl_optset *so, const char *const *draws, size_t n_draws,
                                const settle_axis *axes, size_t n_axes, pl_experiment **e, pl_ens_config *cfg,
                                pl_error *err)
{
    pl_status st = pl_experiment_settle_own(sl->sc, sl->su, sl->sc->path, e, err);
    sl->moved = 1;
    if (st) {
        sl->sc = NULL, sl->su = NULL;
        return st;
    }
    pl_ens_config_init(cfg);
    cfg->seed = sl->seed;
    cfg->runs = sl->runs ? (long)sl->runs : 1;
    cfg->threads = (int)pl_optset_int(so, "threads");
    cfg->series_runs = 0;
    if (sl->nominal) st = fix_groups(*e, err);
    for (size_t k = 0; !st && k < n_draws; k++) st = pl_experiment_vary(*e, draws[k], err);
    if (!st) st = add_axes(*e, axes, n_axes, cfg, err);
    if (!st) st = pl_ens_config_check(*e, cfg, err);
    char buf[16][200], note[512];
    const char *paths[16];
    size_t n_set = set_paths(so, buf, paths, 16);
    if (!st) st = pl_experiment_settle_check_rung(*e, cfg, paths, n_set, note, sizeof note, err);
    if (!st && note[0]) fprintf(stderr, "parley: note: %s\n", note);
    return st;
}

pl_status settle_cli_run(const settle_cli *sl, const pl_experiment *e, pl_ens_config *cfg, pl_ens_result **r,
                         pl_error *err)
{
    if (sl->runs) return pl_ensemble_run(e, cfg, NULL, 0, r, err);
    size_t head[SETTLE_CLI_N_HEADLINE];
    for (size_t k = 0; k < SETTLE_CLI_N_HEADLINE; k++) {
        long o = -1;
        for (size_t j = 0; j < e->n_outcomes && o < 0; j++)
            if (strcmp(e->outcome[j].name, settle_cli_headline[k]) == 0) o = (long)j;
        head[k] = (size_t)(o < 0 ? 0 : o);
    }
    long used;
    pl_status st = pl_ensemble_run_precise(e, cfg, head, SETTLE_CLI_N_HEADLINE, PL_STAT_LEVEL, 0.02, 200, r, &used, err);
    cfg->runs = used;
    return st;
}

pl_status settle_cli_collect(int *argc, char **argv, const char *name, const char **vals, size_t max, size_t *n,
                             pl_error *err)
{
    char flag[64], eq[64];
    snprintf(flag, sizeof flag, "--%s", name);
    snprintf(eq, sizeof eq, "--%s=", name);
    int out = 1;
    pl_status st = PL_OK;
    *n = 0;
    for (int k = 1; k < *argc; k++) {
        const char *text = NULL;
        if (strcmp(argv[k], flag) == 0) {
            if (k + 1 >= *argc) {
                if (!st) st = pl_error_set(err, PL_EINVAL, "option %s needs a value", flag);
                continue;
            }
            text = argv[++k];
        } else if (strncmp(argv[k], eq, strlen(eq)) == 0) text = argv[k] + strlen(eq);
        if (!text) {
            argv[out++] = argv[k];
            continue;
        }
        if (*n == max) {
            if (!st) st = pl_error_set(err, PL_EINVAL, "found more than %zu %s options", max, flag);
            continue;
        }
        vals[(*n)++] = text;
    }
    *argc = out;
    return st;
}
