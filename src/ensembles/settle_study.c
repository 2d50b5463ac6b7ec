/*
** settle_study.c — a settle scenario with the commands' options applied, made an ensemble
** experiment (grid axes, draws, --nominal), run, and turned into the result tables `parley settle`
** and `parley sweep` write.
** Layer: ensembles.
*/
#include "parley/settle_study.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "parley/analysis.h"
#include "parley/experiments.h"
#include "parley/json.h"
#include "parley/summary.h"

/* Calls fn on each comma-separated item of list. */
static pl_status each_item(const char *list, pl_status (*fn)(pl_settle_study *, const char *, pl_error *),
                           pl_settle_study *sl, pl_error *err)
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

static pl_status drop_one(pl_settle_study *sl, const char *id, pl_error *err)
{
    return pl_framework_narrow(sl->su->fw, id, PL_NARROW_DROP, 0, err);
}

static pl_status defer_one(pl_settle_study *sl, const char *id, pl_error *err)
{
    return pl_framework_narrow(sl->su->fw, id, PL_NARROW_DEFER, 0, err);
}

static pl_status set_one(pl_settle_study *sl, const char *item, pl_error *err)
{
    const char *eq = strchr(item, '=');
    double v;
    if (!eq || pl_parse_double(eq + 1, &v)) return pl_error_set(err, PL_EINVAL, "found '%s' in --set, expected PARAM=VALUE", item);
    char path[256];
    snprintf(path, sizeof path, "%.*s", (int)(eq - item), item);
    return pl_scenario_set_value(sl->sc, path, v, err);
}

static pl_status fix_one(pl_settle_study *sl, const char *item, pl_error *err)
{
    int k = pl_scenario_find_param(sl->sc, item);
    if (k < 0) return pl_error_set(err, PL_EINVAL, "found '%s' in --fix, expected the path of a scenario parameter", item);
    return pl_scenario_set_value(sl->sc, item, sl->sc->param[k].nominal, err);
}

static pl_status propose_one(pl_settle_study *sl, const char *item, pl_error *err)
{
    const char *eq = strchr(item, '=');
    double v;
    if (!eq || pl_parse_double(eq + 1, &v)) return pl_error_set(err, PL_EINVAL, "found '%s' in --propose, expected POINT=VALUE", item);
    char id[128];
    snprintf(id, sizeof id, "%.*s", (int)(eq - item), item);
    return pl_framework_narrow(sl->su->fw, id, PL_NARROW_SET, v, err);
}

/* --framework: the other file is read and narrowed by the scenario's own drop/defer/bracket/set. */
static pl_status swap_framework(const char *path, pl_settle_study *sl, pl_error *err)
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

pl_status pl_settle_study_apply(const pl_optset *so, pl_settle_study *sl, pl_error *err)
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

void pl_settle_study_free(pl_settle_study *sl)
{
    if (!sl->moved) {
        pl_settle_setup_free(sl->su);
        pl_scenario_free(sl->sc);
    }
    memset(sl, 0, sizeof *sl);
}

const char *pl_settle_study_attacker(const pl_settle_study *sl) { return sl->su->fw->actor_name[sl->su->attacker]; }
const char *pl_settle_study_defender(const pl_settle_study *sl) { return sl->su->fw->actor_name[sl->su->defender]; }

const char *const pl_settle_headline[PL_SETTLE_N_HEADLINE] = {"accept_attacker", "accept_defender", "deal",
                                                              "signed_recommenced_5y", "signed_recommenced_10y"};

/* 1 when the comma-separated PARAM=VALUE list of --set fixes path. */
static int set_names(const char *list, const char *path)
{
    size_t n = strlen(path);
    for (const char *p = list; *p;) {
        if (strncmp(p, path, n) == 0 && p[n] == '=') return 1;
        const char *comma = strchr(p, ',');
        if (!comma) break;
        p = comma + 1;
    }
    return 0;
}

pl_status pl_settle_grid_check(pl_settle_study *sl, const pl_settle_axis *ax, size_t n, const pl_optset *so,
                               pl_error *err)
{
    for (size_t v = 0; v < n; v++) {
        for (size_t w = 0; w < v; w++)
            if (strcmp(ax[w].path, ax[v].path) == 0)
                return pl_error_set(err, PL_EINVAL, "found --vary %s a second time, expected each parameter on one axis",
                                    ax[v].path);
        if (set_names(pl_optset_text(so, "set"), ax[v].path))
            return pl_error_set(err, PL_EINVAL, "found %s in both --set and --vary, expected it in one of them", ax[v].path);
        double nominal = 0;
        int k = pl_scenario_find_param(sl->sc, ax[v].path);
        if (k >= 0) nominal = sl->sc->param[k].nominal;
        pl_status st = pl_scenario_set_value(sl->sc, ax[v].path, ax[v].from, err);
        if (!st) st = pl_scenario_set_value(sl->sc, ax[v].path, ax[v].to, err);
        if (!st) st = pl_scenario_set_value(sl->sc, ax[v].path, nominal, err);
        if (st) return st;
    }
    return PL_OK;
}

static pl_status fix_groups(pl_experiment *e, pl_error *err)
{
    pl_status st = PL_OK;
    for (size_t k = 0; !st && k < e->n_inputs; k++)
        if (strncmp(e->input[k].name, "draw:", 5) == 0) st = pl_experiment_fix(e, e->input[k].name, err);
    return st;
}

static pl_status add_axes(pl_experiment *e, const pl_settle_axis *axes, size_t n_axes, pl_ens_config *cfg,
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

pl_status pl_settle_study_experiment(pl_settle_study *sl, const pl_optset *so, const char *const *draws, size_t n_draws,
                                     const pl_settle_axis *axes, size_t n_axes, pl_experiment **e, pl_ens_config *cfg,
                                     char *note, size_t note_size, pl_error *err)
{
    note[0] = '\0';
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
    char buf[16][200];
    const char *paths[16];
    size_t n_set = set_paths(so, buf, paths, 16);
    if (!st) st = pl_experiment_settle_check_rung(*e, cfg, paths, n_set, note, note_size, err);
    return st;
}

pl_status pl_settle_study_run(const pl_settle_study *sl, const pl_experiment *e, pl_ens_config *cfg, pl_ens_result **r,
                              pl_error *err)
{
    if (sl->runs) return pl_ensemble_run(e, cfg, NULL, 0, r, err);
    size_t head[PL_SETTLE_N_HEADLINE];
    for (size_t k = 0; k < PL_SETTLE_N_HEADLINE; k++) {
        long o = -1;
        for (size_t j = 0; j < e->n_outcomes && o < 0; j++)
            if (strcmp(e->outcome[j].name, pl_settle_headline[k]) == 0) o = (long)j;
        head[k] = (size_t)(o < 0 ? 0 : o);
    }
    long used;
    pl_status st = pl_ensemble_run_precise(e, cfg, head, PL_SETTLE_N_HEADLINE, PL_STAT_LEVEL, 0.02, 200, r, &used, err);
    cfg->runs = used;
    return st;
}
