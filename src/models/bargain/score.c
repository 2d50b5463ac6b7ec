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
    pl_free(sc->model);
    pl_free(sc);
}

static pl_status score_issue(const pl_bargain_type *type, const pl_stakeholders *s, size_t d, const pl_optset *opts,
                             int ignore_salience, unsigned long long seed, double *pred, pl_error *err)
{
    pl_stakeholders *sub = pl_stakeholders_select_dim(s, d, err);
    if (!sub) return err ? err->code : PL_ENOMEM;
    if (ignore_salience)
        for (size_t i = 0; i < sub->n_actors; i++) sub->salience[i] = 1;
    gsl_rng *rng = (type->flags & PL_BARGAIN_STOCHASTIC) ? pl_rng_alloc(seed, d) : NULL;
    pl_forecast *f = NULL;
    pl_status st = (type->flags & PL_BARGAIN_STOCHASTIC) && !rng ? pl_error_set(err, PL_ENOMEM, "out of memory")
                                                                 : pl_bargain_run(type, sub, opts, rng, &f, err);
    if (!st) *pred = f->forecast[0];
    pl_forecast_free(f);
    gsl_rng_free(rng);
    pl_stakeholders_free(sub);
    return st;
}

pl_status pl_score_run(const pl_bargain_type *type, const pl_stakeholders *s, const pl_optset *opts,
                       int ignore_salience, unsigned long long seed, pl_score **out, pl_error *err)
{
    *out = NULL;
    if (!s->outcome)
        return pl_error_at(err, PL_EINPUT, s->source, 0, 0, "found no recorded outcomes, expected a DEU issue table");
    if (!(type->flags & PL_BARGAIN_ONE_DIM))
        return pl_error_set(err, PL_EINVAL, "model %s does not forecast a single dimension", type->name);
    pl_score *sc = pl_calloc(1, sizeof *sc);
    size_t nd = s->n_dims;
    if (!sc || !(sc->model = pl_strdup(type->name)) || !(sc->issue = pl_calloc(nd, sizeof *sc->issue)) ||
        !(sc->prediction = pl_malloc(nd * sizeof(double))) || !(sc->outcome = pl_malloc(nd * sizeof(double)))) {
        pl_score_free(sc);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    pl_status st = PL_OK;
    for (size_t d = 0; !st && d < nd; d++) {
        if (!s->has_outcome[d]) continue;
        double pred = 0;
        st = score_issue(type, s, d, opts, ignore_salience, seed, &pred, err);
        if (st) break;
        if (!(sc->issue[sc->n] = pl_strdup(s->dim[d]))) {
            st = pl_error_set(err, PL_ENOMEM, "out of memory");
            break;
        }
        sc->prediction[sc->n] = pred;
        sc->outcome[sc->n] = s->outcome[d];
        sc->n++;
    }
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
