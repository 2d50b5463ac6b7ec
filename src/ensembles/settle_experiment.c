/*
** settle_experiment.c — the war-termination flagship as an ensemble experiment: every scenario
** parameter an input, the flagship's named outcomes (its 0/1 ones as yes/no outcomes, times
** marked "none" as undefined).
** Layer: ensembles.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "ensembles/adapters.h"
#include "parley/analysis.h"
#include "parley/experiments.h"
#include "parley/memory.h"
#include "parley/result.h"
#include "parley/settle_sim.h"

typedef struct settle_ctx {
    pl_scenario *sc;
    pl_settle_setup *su;
    pl_adapter_groups groups;
    int hinge;              /* settle.hinge given and enabled: the hinge outcomes follow the flagship's */
    double rung[2];         /* its low and high rungs */
} settle_ctx;

/* The hinge outcomes (settle.hinge): the same draw and stream at two guarantee rungs. */
enum { HINGE_ACCEPT_GAP, HINGE_RENEWED_LOW, HINGE_RENEWED_HIGH, N_HINGE };
static const char *const hinge_key[N_HINGE] = {"hinge_accept_gap", "hinge_renewed_10y_low", "hinge_renewed_10y_high"};
static const char *const hinge_help[N_HINGE] = {
    "the attacker's acceptance of round 1 at the low rung minus at the high rung, same draw and stream (-1, 0 or 1)",
    "a renewed war within 10 years of signing round 1's terms, guarantee at the low rung",
    "a renewed war within 10 years of signing round 1's terms, guarantee at the high rung"};

/* A thread's scratch: the flagship's parameters, its outcomes, one run's values and keep flags. */
/* pl_settle_params is large (a whole war's parameters): one per thread, not on the stack. */
typedef struct settle_ws {
    pl_adapter_ws s; /* first: the scratch pl_adapter_ws_alloc makes */
    pl_settle_params p;
    pl_settle_outcomes out;
} settle_ws;

static void ctx_free(void *p)
{
    settle_ctx *c = p;
    if (!c) return;
    pl_adapter_groups_free(&c->groups);
    pl_settle_setup_free(c->su);
    pl_scenario_free(c->sc);
    pl_free(c);
}

static void ws_free(const pl_experiment *e, void *ws)
{
    (void)e;
    pl_adapter_ws_free(ws);
}

static pl_status ws_alloc(const pl_experiment *e, void **ws, pl_error *err)
{
    return pl_adapter_ws_alloc(((const settle_ctx *)e->ctx)->sc, sizeof(settle_ws), ws, err);
}

/* The hinge outcomes: the same draw and the same stream (start) run again at the low and the high
** rung. */
static pl_status hinge_run(const settle_ctx *c, settle_ws *w, const gsl_rng *start, double *y, pl_error *err)
{
    pl_settle_params *p = &w->p;
    pl_settle_outcomes *out = &w->out;
    double acc[2] = {0, 0}, ren[2] = {0, 0};
    pl_status st = PL_OK;
    for (int r = 0; !st && r < 2; r++) {
        gsl_rng *copy = gsl_rng_clone(start);
        if (!copy) st = pl_error_set(err, PL_ENOMEM, "out of memory");
        if (!st) st = pl_settle_params_from_scenario(c->su, c->sc, w->s.values, p, err);
        if (!st) {
            p->v.guarantee.strength = c->rung[r];
            pl_guarantee_from_strength(c->rung[r], &p->guarantee);
            st = pl_settle_run(p, copy, out, err);
        }
        acc[r] = out->v[PL_SO_ACCEPT_ATTACKER];
        ren[r] = out->v[PL_SO_SIGNED_RECOMMENCED_10Y];
        if (copy) gsl_rng_free(copy);
    }
    y[HINGE_ACCEPT_GAP] = acc[0] - acc[1];
    y[HINGE_RENEWED_LOW] = ren[0];
    y[HINGE_RENEWED_HIGH] = ren[1];
    return st;
}

static pl_status settle_run(const pl_experiment *e, void *ws, const double *x, gsl_rng *rng, double *y, double *series,
                            size_t *n_steps, pl_error *err)
{
    (void)series;
    const settle_ctx *c = e->ctx;
    settle_ws *w = ws;
    pl_settle_params *p = &w->p;
    pl_settle_outcomes *out = &w->out;
    pl_status st = pl_adapter_scenario_values(e, c->sc, &c->groups, x, w->s.values, w->s.keep, err);
    if (st) return st;
    gsl_rng *start = c->hinge ? gsl_rng_clone(rng) : NULL;
    if (c->hinge && !start) return pl_error_set(err, PL_ENOMEM, "out of memory");
    st = pl_settle_params_from_scenario(c->su, c->sc, w->s.values, p, err);
    if (!st) st = pl_settle_run(p, rng, out, err);
    size_t n, n_main = e->n_outcomes - (c->hinge ? N_HINGE : 0);
    const pl_settle_outcome_desc *d = pl_settle_outcome_descs(&n);
    for (size_t k = 0; !st && k < n; k++) y[k] = pl_outcome_value(&d[k], out->v[k]);
    for (size_t k = n; !st && k < n_main; k++) y[k] = out->terms[k - n];
    if (!st && c->hinge) st = hinge_run(c, w, start, y + n_main, err);
    if (start) gsl_rng_free(start);
    *n_steps = 0;
    return st;
}

static const pl_experiment_ops settle_ops = {ws_alloc, ws_free, settle_run, ctx_free};

/* The flagship's outcomes, then the first round's terms on each framework point ("terms.POINT"). */
static pl_status add_outcomes(pl_experiment *e, const pl_framework *fw, pl_error *err)
{
    size_t n;
    const pl_settle_outcome_desc *d = pl_settle_outcome_descs(&n);
    pl_status st = PL_OK;
    for (size_t k = 0; !st && k < n; k++) st = pl_experiment_add_outcome_desc(e, &d[k], err);
    for (size_t p = 0; !st && p < fw->n_points; p++) {
        char key[160], help[300];
        snprintf(key, sizeof key, "terms.%s", fw->point[p].id);
        snprintf(help, sizeof help, "the first round's terms on point %s (its scale in the framework file)", fw->point[p].id);
        pl_outcome_desc t = {.key = key, .units = "scale", .help = help, .kind = PL_OUTCOME_REAL, .none = PL_NONE_NEVER};
        st = pl_experiment_add_outcome_desc(e, &t, err);
    }
    const settle_ctx *c = e->ctx;
    for (size_t k = 0; !st && c->hinge && k < N_HINGE; k++)
        st = pl_experiment_add_outcome(e, hinge_key[k], k == HINGE_ACCEPT_GAP ? PL_OUTCOME_REAL : PL_OUTCOME_BINARY,
                                       hinge_help[k], err);
    return st;
}

/* settle.hinge: given and enabled, with its rungs. */
static void read_hinge(settle_ctx *c)
{
    for (size_t k = 0; k < c->sc->n_sections; k++)
        if (strcmp(c->sc->section[k].path, "settle.hinge") == 0) c->hinge = c->sc->section[k].given && c->sc->section[k].enabled;
    const pl_field *lo = pl_scenario_find_field(c->sc, "settle.hinge.low"), *hi = pl_scenario_find_field(c->sc, "settle.hinge.high");
    c->rung[0] = lo ? lo->number : 0;
    c->rung[1] = hi ? hi->number : 5;
}

int pl_scenario_is_settle(const char *path)
{
    FILE *fp = fopen(path, "r");
    char line[512];
    int found = 0;
    while (fp && !found && fgets(line, sizeof line, fp)) found = strncmp(line, "settle:", 7) == 0;
    if (fp) fclose(fp);
    return found;
}

pl_status pl_experiment_settle(const char *path, pl_experiment **out, pl_error *err)
{
    return pl_experiment_settle_flags(path, 0, out, NULL, 0, err);
}

pl_status pl_experiment_settle_flags(const char *path, unsigned flags, pl_experiment **out, char *note, size_t note_size,
                                     pl_error *err)
{
    *out = NULL;
    pl_scenario *sc = NULL;
    pl_settle_setup *su = NULL;
    pl_status st = pl_scenario_read_flags(path, pl_settle_schema(), flags, &sc, err);
    if (!st) pl_adapter_as_of_note(sc, note, note_size);
    if (!st) st = pl_settle_setup_create(sc, &su, err);
    if (st) {
        pl_settle_setup_free(su);
        pl_scenario_free(sc);
        return st;
    }
    return pl_experiment_settle_own(sc, su, path, out, err);
}

pl_status pl_experiment_settle_own(pl_scenario *sc, pl_settle_setup *su, const char *path, pl_experiment **out,
                                   pl_error *err)
{
    *out = NULL;
    settle_ctx *c = pl_calloc(1, sizeof *c);
    if (!c) {
        pl_settle_setup_free(su);
        pl_scenario_free(sc);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    c->sc = sc;
    c->su = su;
    read_hinge(c);
    char title[512];
    snprintf(title, sizeof title, "%s: %s", c->sc->name ? c->sc->name : path, c->su->fw->title);
    pl_experiment *e = pl_experiment_create("settle", title, path, &settle_ops, c, err);
    if (!e) return err ? err->code : PL_ENOMEM;
    pl_status st = pl_adapter_scenario_inputs(e, c->sc, &c->groups, err);
    if (!st) st = add_outcomes(e, c->su->fw, err);
    if (st) {
        pl_experiment_free(e);
        return st;
    }
    *out = e;
    return PL_OK;
}

static const settle_ctx *ctx_of(const pl_experiment *e)
{
    return e && e->ops == &settle_ops ? e->ctx : NULL;
}

const pl_scenario *pl_experiment_settle_scenario(const pl_experiment *e)
{
    const settle_ctx *c = ctx_of(e);
    return c ? c->sc : NULL;
}

pl_status pl_experiment_settle_values(const pl_experiment *e, const double *x, double *values, pl_error *err)
{
    const settle_ctx *c = ctx_of(e);
    if (!c) return pl_error_set(err, PL_EINVAL, "expected a settle experiment");
    unsigned char *keep = pl_malloc(c->sc->n_params + 1);
    if (!keep) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = pl_adapter_scenario_values_again(e, c->sc, &c->groups, x, values, keep, err);
    pl_free(keep);
    return st;
}

/* ---- A rung and its components -------------------------------------------------------------- */

/* What pl_guarantee_from_strength (models/settle/guarantee.c) sets from a rung. */
static const char *const rung_parts[] = {"settle.guarantee.p_fight", "settle.guarantee.forces",
                                         "settle.guarantee.automaticity", "settle.guarantee.power"};
#define RUNG "settle.guarantee.strength"

/* How the command sets input path: a grid axis, varied (drawn), --set, or 0 (not by the command). */
static const char *set_by(const pl_experiment *e, const pl_ens_config *cfg, const char *const *set, size_t n_set,
                          const char *path)
{
    long k = pl_experiment_find_input(e, path);
    for (size_t a = 0; k >= 0 && cfg && cfg->design == PL_DESIGN_GRID && a < cfg->n_axes; a++)
        if (cfg->axis[a].input == (size_t)k) return "a grid axis (--vary)";
    if (k >= 0 && e->input[k].dist.kind != PL_DIST_FIXED) return "a drawn input (--draw)";
    for (size_t j = 0; j < n_set; j++)
        if (strcmp(set[j], path) == 0) return "--set";
    return NULL;
}

pl_status pl_experiment_settle_check_rung(const pl_experiment *e, const pl_ens_config *cfg, const char *const *set,
                                         size_t n_set, char *note, size_t note_size, pl_error *err)
{
    if (note && note_size) note[0] = '\0';
    const settle_ctx *c = ctx_of(e);
    if (!c) return PL_OK;
    int rk = pl_scenario_find_param(c->sc, RUNG);
    if (rk < 0) return PL_OK;
    const char *rung_by = set_by(e, cfg, set, n_set, RUNG);
    const pl_param *rung = &c->sc->param[rk];
    int file_rung = rung->given && rung->nominal >= 0 && !rung_by;
    char replaced[256] = "";
    for (size_t j = 0; j < sizeof rung_parts / sizeof *rung_parts; j++) {
        const char *part_by = set_by(e, cfg, set, n_set, rung_parts[j]);
        int pk = pl_scenario_find_param(c->sc, rung_parts[j]);
        if (rung_by && part_by)
            return pl_error_set(err, PL_EINVAL, "found %s set by %s and its component %s set by %s, expected one of them: "
                                "a rung (strength >= 0) sets p_fight, forces, automaticity and power and would win, "
                                "silently; vary the rung alone, or set strength to -1 and vary the components",
                                RUNG, rung_by, rung_parts[j], part_by);
        if (file_rung && pk >= 0 && (c->sc->param[pk].given || part_by))
            return pl_error_set(err, PL_EINVAL, "found %s = %g in %s:%d with its component %s also %s, expected one of "
                                "them: the rung would win; set strength to -1 to use the components", RUNG,
                                rung->nominal, rung->file ? rung->file : c->sc->path, rung->line, rung_parts[j],
                                part_by ? part_by : "given");
        if (rung_by && pk >= 0 && c->sc->param[pk].given)
            snprintf(replaced + strlen(replaced), sizeof replaced - strlen(replaced), "%s%s", replaced[0] ? ", " : "",
                     rung_parts[j] + strlen("settle.guarantee."));
    }
    if (replaced[0] && note && note_size)
        snprintf(note, note_size, "%s from %s sets the guarantee's %s: the scenario's values of these are not used where "
                 "strength >= 0", RUNG, rung_by, replaced);
    return PL_OK;
}

/* ---- Drivers -------------------------------------------------------------------------------- */

/* Every run's parameter values ([n_runs × n_params]), rebuilt from its inputs. */
static pl_status run_values(const pl_experiment *e, const pl_ens_result *r, size_t np, double *values, pl_error *err)
{
    double *x = pl_malloc((e->n_inputs + 1) * sizeof *x);
    if (!x) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = PL_OK;
    for (long i = 0; !st && i < r->n_runs; i++) {
        pl_ens_result_inputs(e, r, i, x);
        st = pl_experiment_settle_values(e, x, values + (size_t)i * np, err);
    }
    pl_free(x);
    return st;
}

static pl_status driver_rows(pl_result_table *t, const pl_experiment *e, const pl_ens_result *r, const char *key,
                             const double *values, size_t max, pl_error *err)
{
    const settle_ctx *c = e->ctx;
    long o = -1;
    for (size_t j = 0; j < e->n_outcomes && o < 0; j++)
        if (strcmp(e->outcome[j].name, key) == 0) o = (long)j;
    if (o < 0) return pl_error_set(err, PL_EINVAL, "found outcome '%s', expected one of the settle experiment's", key);
    pl_driver *d = pl_malloc((max + 1) * sizeof *d);
    if (!d) return pl_error_set(err, PL_ENOMEM, "out of memory");
    size_t n = pl_ens_drivers(e, r, (size_t)o, values, c->sc->n_params, max, d);
    pl_status st = PL_OK;
    for (size_t q = 0; !st && q < n; q++) {
        st = pl_result_table_add_row(t, err);
        if (!st) st = pl_result_set_text(t, 0, key, err);
        pl_result_set_int(t, 1, (long long)q + 1);
        if (!st) st = pl_result_set_text(t, 2, c->sc->param[d[q].column].path, err);
        pl_result_set_real(t, 3, d[q].rho);
    }
    pl_free(d);
    return st;
}

pl_status pl_experiment_settle_drivers(const pl_experiment *e, const pl_ens_result *r, const char *const *keys,
                                       size_t n_keys, size_t max, pl_result_table **out, pl_error *err)
{
    *out = NULL;
    const settle_ctx *c = ctx_of(e);
    if (!c) return pl_error_set(err, PL_EINVAL, "expected a settle experiment");
    size_t np = c->sc->n_params;
    double *values = pl_malloc(((size_t)r->n_runs * np + 1) * sizeof *values);
    pl_result_table *t = pl_result_table_create("drivers", "What drives each outcome (Spearman rank correlation)");
    pl_status st = values && t ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    static const char *const names[] = {"outcome", "rank", "parameter", "rho"};
    static const pl_column_type types[] = {PL_COL_TEXT, PL_COL_INT, PL_COL_TEXT, PL_COL_REAL};
    for (size_t k = 0; !st && k < 4; k++) st = pl_result_table_add_column(t, names[k], types[k], NULL, err);
    if (!st) st = run_values(e, r, np, values, err);
    for (size_t k = 0; !st && k < n_keys; k++) st = driver_rows(t, e, r, keys[k], values, max, err);
    pl_free(values);
    if (st) pl_result_table_free(t);
    else *out = t;
    return st;
}
