/*
** settle_cli.c — loading a settle scenario with the command's options, and the drivers of an
** outcome (Spearman rank correlation of each varying parameter with it across runs).
** Layer: interfaces.
*/
#include "cli/settle_cli.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_statistics_double.h>

#include "cli/cli.h"
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
    pl_settle_setup_free(sl->su);
    pl_scenario_free(sl->sc);
    memset(sl, 0, sizeof *sl);
}

const char *settle_cli_attacker(const settle_cli *sl) { return sl->su->fw->actor_name[sl->su->attacker]; }
const char *settle_cli_defender(const settle_cli *sl) { return sl->su->fw->actor_name[sl->su->defender]; }

static int varies(const double *x, size_t n, size_t stride)
{
    for (size_t i = 1; i < n; i++)
        if (x[i * stride] != x[0]) return 1;
    return 0;
}

/* Keeps the best `max` (|rho| descending) in param/rho. */
static void insert_driver(int j, double r, size_t max, size_t *n, int *param, double *rho)
{
    size_t at = *n;
    while (at > 0 && fabs(rho[at - 1]) < fabs(r)) at--;
    if (at >= max) return;
    size_t last = *n < max ? *n : max - 1;
    for (size_t q = last; q > at; q--) param[q] = param[q - 1], rho[q] = rho[q - 1];
    param[at] = j;
    rho[at] = r;
    if (*n < max) ++*n;
}

size_t settle_cli_drivers(const settle_cli *sl, const double *outcomes, const double *values, size_t k, size_t max,
                          int *param, double *rho)
{
    size_t runs = sl->runs, np = sl->sc->n_params, n = 0;
    double *work = pl_malloc(2 * runs * sizeof *work), *y = pl_malloc(runs * sizeof *y), *x = pl_malloc(runs * sizeof *x);
    if (work && y && x && runs > 2 && varies(outcomes + k, runs, PL_SO_COUNT)) {
        for (size_t i = 0; i < runs; i++) y[i] = outcomes[i * PL_SO_COUNT + k];
        for (size_t j = 0; j < np; j++) {
            if (!varies(values + j, runs, np)) continue;
            for (size_t i = 0; i < runs; i++) x[i] = values[i * np + j];
            double r = gsl_stats_spearman(x, 1, y, 1, runs, work);
            if (isfinite(r)) insert_driver((int)j, r, max, &n, param, rho);
        }
    }
    pl_free(work);
    pl_free(y);
    pl_free(x);
    return n;
}
