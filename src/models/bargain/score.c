/*
** score.c — scoring one-dimension forecasts against DEU outcomes (MAE, RMSE, per-issue CSV).
** Layer: models.
**
** Reference rules (../shared/reference/deu.md): scored issues are those with an outcome; each
** issue is forecast from the actors with a position on it; capability × salience weights.
*/
#include "parley/score.h"

#include <math.h>
#include <string.h>

#include <jansson.h>

#include "parley/json.h"
#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/stats.h"

/* Council votes under the Treaty of Nice (Art. 205 TEC as amended; Croatia from 2013), in DEU
** actor order; the Commission and Parliament take Germany's weight, as the GDP row does. */
static const struct {
    const char *code;
    double votes;
} nice_votes[] = {
    {"com", 29}, {"ep", 29}, {"at", 10}, {"be", 12}, {"bu", 10}, {"cr", 7},  {"cy", 4},  {"cz", 12},
    {"dk", 7},   {"ee", 4},  {"fi", 7},  {"fr", 29}, {"de", 29}, {"el", 12}, {"hu", 12}, {"ie", 7},
    {"it", 29},  {"lv", 4},  {"lt", 7},  {"lu", 4},  {"mt", 3},  {"nl", 13}, {"pl", 27}, {"pt", 12},
    {"ro", 14},  {"si", 4},  {"sk", 7},  {"es", 27}, {"se", 10}, {"uk", 29},
};

static int votes_of(const char *code, double *v)
{
    for (size_t k = 0; k < sizeof nice_votes / sizeof nice_votes[0]; k++)
        if (strcmp(nice_votes[k].code, code) == 0) {
            *v = nice_votes[k].votes;
            return 0;
        }
    return -1;
}

pl_status pl_capability_apply(pl_stakeholders *s, pl_capability_rule rule, pl_error *err)
{
    if (rule == PL_CAPABILITY_GDP) return PL_OK;
    for (size_t i = 0; i < s->n_actors; i++) {
        double c = 1;
        if (rule == PL_CAPABILITY_VOTES && votes_of(s->actor[i], &c))
            return pl_error_set(err, PL_EINPUT, "actor '%s' has no Council vote weight, expected a DEU actor code",
                                s->actor[i]);
        for (size_t d = 0; d < s->n_dims; d++) s->capability[pl_idx(s, i, d)] = c;
    }
    return PL_OK;
}

void pl_score_free(pl_score *sc)
{
    if (!sc) return;
    for (size_t k = 0; k < sc->n; k++) pl_free(sc->issue[k]);
    pl_free(sc->issue);
    pl_free(sc->prediction);
    pl_free(sc->outcome);
    pl_free(sc->group);
    pl_free(sc->model);
    pl_free(sc);
}

/* Runs type on t (one issue, or the issues of one proposal) and copies its forecasts to pred. */
static pl_status run_on(const pl_bargain_type *type, pl_stakeholders *t, const pl_optset *opts, int ignore_salience,
                        unsigned long long seed, size_t stream, double *pred, pl_error *err)
{
    if (ignore_salience)
        for (size_t k = 0; k < t->n_actors * t->n_dims; k++) t->salience[k] = 1;
    int stochastic = (type->flags & PL_BARGAIN_STOCHASTIC) != 0;
    gsl_rng *rng = stochastic ? pl_rng_alloc(seed, stream) : NULL;
    pl_forecast *f = NULL;
    pl_status st = stochastic && !rng ? pl_error_set(err, PL_ENOMEM, "out of memory")
                                      : pl_bargain_run(type, t, opts, rng, &f, err);
    if (!st) memcpy(pred, f->forecast, t->n_dims * sizeof *pred);
    pl_forecast_free(f);
    gsl_rng_free(rng);
    return st;
}

static pl_status score_issue(const pl_bargain_type *type, const pl_stakeholders *s, size_t d, const pl_optset *opts,
                             int ignore_salience, unsigned long long seed, double *pred, pl_error *err)
{
    pl_stakeholders *sub = pl_stakeholders_select_dim(s, d, err);
    if (!sub) return err ? err->code : PL_ENOMEM;
    pl_status st = run_on(type, sub, opts, ignore_salience, seed, d, pred, err);
    pl_stakeholders_free(sub);
    return st;
}

/* A table of the dimensions dims[0..nd) of s, with the actors present on any of them. */
static pl_stakeholders *select_dims(const pl_stakeholders *s, const size_t *dims, size_t nd, pl_error *err)
{
    size_t na = 0;
    for (size_t i = 0; i < s->n_actors; i++)
        for (size_t k = 0; k < nd; k++)
            if (s->present[pl_idx(s, i, dims[k])]) {
                na++;
                break;
            }
    pl_stakeholders *t = pl_stakeholders_alloc(na, nd);
    int ok = t != NULL;
    for (size_t k = 0; ok && k < nd; k++) {
        pl_free(t->dim[k]);
        ok = (t->dim[k] = pl_strdup(s->dim[dims[k]])) != NULL;
        t->dim_lo[k] = s->dim_lo[dims[k]];
        t->dim_hi[k] = s->dim_hi[dims[k]];
    }
    for (size_t i = 0, a = 0; ok && i < s->n_actors; i++) {
        int any = 0;
        for (size_t k = 0; k < nd; k++) any |= s->present[pl_idx(s, i, dims[k])];
        if (!any) continue;
        pl_free(t->actor[a]);
        ok = (t->actor[a] = pl_strdup(s->actor[i])) != NULL;
        for (size_t k = 0; k < nd; k++) {
            size_t from = pl_idx(s, i, dims[k]), to = pl_idx(t, a, k);
            t->present[to] = s->present[from];
            t->position[to] = s->position[from];
            t->salience[to] = s->salience[from];
            t->capability[to] = s->capability[from];
        }
        a++;
    }
    if (ok && s->source) {
        pl_free(t->source);
        ok = (t->source = pl_strdup(s->source)) != NULL;
    }
    if (!ok) {
        pl_stakeholders_free(t);
        pl_error_set(err, PL_ENOMEM, "out of memory");
        return NULL;
    }
    return t;
}

/* Forecasts every issue of proposal g that has an outcome, with the proposal's issues as the
** dimensions of one run (the exchange model trades across them). A proposal of one issue is one
** run of one dimension: a model that needs two (exchange) then makes no trade, and its forecast is
** its outcome of the start positions, the compromise. */
static pl_status score_group(const pl_bargain_type *type, const pl_stakeholders *s, size_t g, const pl_optset *opts,
                             int ignore_salience, unsigned long long seed, double *pred, pl_error *err)
{
    size_t nd = 0, scored = 0;
    size_t *dims = pl_malloc(s->n_dims * sizeof *dims);
    double *fc = pl_malloc(s->n_dims * sizeof *fc);
    pl_status st = (!dims || !fc) ? pl_error_set(err, PL_ENOMEM, "out of memory") : PL_OK;
    for (size_t d = 0; !st && d < s->n_dims; d++)
        if (s->dim_group[d] == g) {
            dims[nd++] = d;
            scored += s->has_outcome[d];
        }
    pl_stakeholders *t = NULL;
    if (!st && scored && !(t = select_dims(s, dims, nd, err))) st = err ? err->code : PL_ENOMEM;
    if (!st && t && nd == 1) st = score_issue(pl_bargain_find("compromise"), s, dims[0], NULL, ignore_salience, seed, fc, err);
    else if (!st && t) st = run_on(type, t, opts, ignore_salience, seed, g, fc, err);
    for (size_t k = 0; !st && t && k < nd; k++) pred[dims[k]] = fc[k];
    pl_stakeholders_free(t);
    pl_free(dims);
    pl_free(fc);
    return st;
}

static pl_score *score_alloc(const char *model, size_t nd)
{
    pl_score *sc = pl_calloc(1, sizeof *sc);
    if (!sc || !(sc->model = pl_strdup(model)) || !(sc->issue = pl_calloc(nd, sizeof *sc->issue)) ||
        !(sc->prediction = pl_malloc(nd * sizeof(double))) || !(sc->outcome = pl_malloc(nd * sizeof(double))) ||
        !(sc->group = pl_malloc(nd * sizeof(size_t)))) {
        pl_score_free(sc);
        return NULL;
    }
    return sc;
}

/* Every issue's forecast into pred[n_dims] (only issues with an outcome are filled). */
static pl_status predict_all(const pl_bargain_type *type, const pl_stakeholders *s, const pl_optset *opts,
                             int ignore_salience, unsigned long long seed, double *pred, pl_error *err)
{
    pl_status st = PL_OK;
    if (type->flags & PL_BARGAIN_ONE_DIM) {
        for (size_t d = 0; !st && d < s->n_dims; d++)
            if (s->has_outcome[d]) st = score_issue(type, s, d, opts, ignore_salience, seed, &pred[d], err);
        return st;
    }
    if (!(type->flags & PL_BARGAIN_MULTI_DIM))
        return pl_error_set(err, PL_EINVAL, "model %s forecasts neither one dimension nor several", type->name);
    size_t n_groups = 0;
    for (size_t d = 0; d < s->n_dims; d++)
        if (s->dim_group[d] + 1 > n_groups) n_groups = s->dim_group[d] + 1;
    for (size_t g = 0; !st && g < n_groups; g++) st = score_group(type, s, g, opts, ignore_salience, seed, pred, err);
    return st;
}

pl_status pl_score_run(const pl_bargain_type *type, const pl_stakeholders *s, const pl_optset *opts,
                       int ignore_salience, unsigned long long seed, pl_score **out, pl_error *err)
{
    *out = NULL;
    if (!s->outcome)
        return pl_error_at(err, PL_EINPUT, s->source, 0, 0, "found no recorded outcomes, expected a DEU issue table");
    size_t nd = s->n_dims;
    pl_score *sc = score_alloc(type->name, nd);
    double *pred = pl_calloc(nd, sizeof *pred);
    pl_status st = (!sc || !pred) ? pl_error_set(err, PL_ENOMEM, "out of memory")
                                  : predict_all(type, s, opts, ignore_salience, seed, pred, err);
    for (size_t d = 0; !st && d < nd; d++) {
        if (!s->has_outcome[d]) continue;
        if (!(sc->issue[sc->n] = pl_strdup(s->dim[d]))) {
            st = pl_error_set(err, PL_ENOMEM, "out of memory");
            break;
        }
        sc->prediction[sc->n] = pred[d];
        sc->outcome[sc->n] = s->outcome[d];
        sc->group[sc->n] = s->dim_group[d];
        sc->n++;
    }
    pl_free(pred);
    if (!st && sc->n == 0) st = pl_error_set(err, PL_EINPUT, "no issue has a recorded outcome, expected at least one");
    if (st) {
        pl_score_free(sc);
        return st;
    }
    sc->mae = pl_mae(sc->prediction, sc->outcome, sc->n);
    sc->rmse = pl_rmse(sc->prediction, sc->outcome, sc->n);
    *out = sc;
    return PL_OK;
}

/* Adds the forecasts of b to a (same issues in the same order). */
static void add_forecasts(pl_score *a, const pl_score *b)
{
    for (size_t k = 0; k < a->n; k++) a->prediction[k] += b->prediction[k];
}

pl_status pl_score_average(const pl_bargain_type *type, const pl_stakeholders *s, const pl_optset *opts,
                           const pl_capability_rule *caps, size_t n_caps, const int *equal_salience, size_t n_sals,
                           unsigned long long seed, pl_score **out, pl_error *err)
{
    *out = NULL;
    if (n_caps == 0 || n_sals == 0) return pl_error_set(err, PL_EINVAL, "found no convention to average, expected one");
    pl_score *sum = NULL;
    pl_status st = PL_OK;
    for (size_t c = 0; !st && c < n_caps; c++) {
        pl_stakeholders *t = pl_stakeholders_copy(s, err);
        if (!t) st = err ? err->code : PL_ENOMEM;
        if (!st) st = pl_capability_apply(t, caps[c], err);
        for (size_t k = 0; !st && k < n_sals; k++) {
            pl_score *one = NULL;
            st = pl_score_run(type, t, opts, equal_salience[k], seed, &one, err);
            if (!st && !sum) sum = one;
            else if (!st) add_forecasts(sum, one);
            if (one != sum) pl_score_free(one);
        }
        pl_stakeholders_free(t);
    }
    char name[200];
    snprintf(name, sizeof name, "%s, averaged over %zu conventions", type->name, n_caps * n_sals);
    char *copy = st ? NULL : pl_strdup(name);
    if (!st && !copy) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    if (st) {
        pl_score_free(sum);
        return st;
    }
    pl_free(sum->model);
    sum->model = copy;
    for (size_t k = 0; k < sum->n; k++) sum->prediction[k] /= (double)(n_caps * n_sals);
    sum->mae = pl_mae(sum->prediction, sum->outcome, sum->n);
    sum->rmse = pl_rmse(sum->prediction, sum->outcome, sum->n);
    *out = sum;
    return PL_OK;
}

pl_status pl_score_write_json(const pl_score *sc, FILE *out, pl_error *err)
{
    json_t *issues = json_array();
    for (size_t k = 0; issues && k < sc->n; k++)
        if (json_array_append_new(issues, json_pack("{s:s, s:f, s:f}", "issue", sc->issue[k], "prediction",
                                                    sc->prediction[k], "outcome", sc->outcome[k]))) {
            json_decref(issues);
            issues = NULL;
        }
    json_t *doc = issues ? json_pack("{s:s, s:I, s:f, s:f, s:o}", "model", sc->model, "n", (json_int_t)sc->n, "mae",
                                     sc->mae, "rmse", sc->rmse, "issues", issues)
                         : NULL;
    return pl_json_dump(doc, out, err);
}

pl_status pl_score_write_csv(const pl_score *sc, FILE *out, pl_error *err)
{
    fputs("issue,prediction,outcome,abs_error\n", out);
    for (size_t k = 0; k < sc->n; k++) {
        pl_csv_write_field(out, sc->issue[k]);
        fprintf(out, ",%.17g,%.17g,%.17g\n", sc->prediction[k], sc->outcome[k], fabs(sc->prediction[k] - sc->outcome[k]));
    }
    return ferror(out) ? pl_error_set(err, PL_EIO, "write failed") : PL_OK;
}

pl_status pl_score_write_table(const pl_score *sc, FILE *out, pl_error *err)
{
    fprintf(out, "Model: %s\nIssues scored: %zu\nMAE:  %.6f\nRMSE: %.6f\n", sc->model, sc->n, sc->mae, sc->rmse);
    return ferror(out) ? pl_error_set(err, PL_EIO, "write failed") : PL_OK;
}
