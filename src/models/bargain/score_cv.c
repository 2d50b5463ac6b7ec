/*
** score_cv.c — honest model selection on a DEU table: every registered model under every capability
** and salience convention, cross-validated by proposal, with paired differences whose standard
** errors are clustered by proposal; forecasts chosen or stacked inside the folds.
** Layer: models.
**
** The models fit nothing to the outcomes, so their forecasts are computed once; what is fitted —
** the choice of capability and salience for a model, the choice of one forecast among all, the
** stacking weights — is fitted on the training proposals of each fold and scored on its held-out
** proposals only. docs/validation.md reports the table; docs/cli.md the command.
*/
#include "parley/score.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_randist.h>
#include <jansson.h>

#include "parley/json.h"
#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/stats.h"

static const char *const capability_names[] = {"gdp", "votes", "equal"};
static const char *const salience_names[] = {"given", "equal"};
enum { N_CAPABILITIES = 3, N_SALIENCES = 2 };

pl_status pl_cv_folds(const size_t *group, size_t n, pl_cv_scheme scheme, size_t k, unsigned long long seed,
                      size_t *fold, size_t *n_folds, pl_error *err)
{
    size_t *order = pl_malloc((n ? n : 1) * sizeof *order), n_groups = 0;
    if (!order) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t i = 0; i < n; i++) { /* the distinct groups in order of first appearance */
        size_t j = 0;
        while (j < i && group[j] != group[i]) j++;
        if (j == i) order[n_groups++] = group[i];
    }
    size_t folds = scheme == PL_CV_LOPO ? n_groups : k;
    pl_status st = PL_OK;
    if (folds < 2 || folds > n_groups)
        st = pl_error_set(err, PL_EINVAL, "found %zu folds, expected 2 to %zu (the proposals)", folds, n_groups);
    gsl_rng *rng = !st && scheme == PL_CV_KFOLD ? pl_rng_alloc(seed, 0) : NULL;
    if (!st && scheme == PL_CV_KFOLD && !rng) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    if (rng) gsl_ran_shuffle(rng, order, n_groups, sizeof *order);
    for (size_t i = 0; !st && i < n; i++) {
        size_t p = 0;
        while (order[p] != group[i]) p++;
        fold[i] = p % folds;
    }
    gsl_rng_free(rng);
    pl_free(order);
    if (!st) *n_folds = folds;
    return st;
}

/* {====================================================================== Candidates */

/* The forecasts every candidate (model × capability × salience) makes of the scored issues. */
typedef struct candidates {
    size_t n, J, n_failed;
    double *y;        /* [n] outcomes */
    size_t *group;    /* [n] proposals */
    double *P;        /* [n × J] forecasts, row-major by issue */
    char **name;      /* [J] "model capability/salience", or "model" where all conventions agree */
    size_t *model;    /* [J] index of the candidate's model among the registered ones */
    unsigned char *base; /* [J] 1 for a model's own forecasts, 0 for a model's average over its conventions */
    size_t *rep;      /* [models] the column standing for each model: its average, or its one forecast
                      ** (n_models where the model failed under every convention) */
    size_t n_models;
    char **failed;    /* [n_failed] "model capability/salience: why" */
    size_t cap;
} candidates;

static void candidates_free(candidates *c)
{
    for (size_t j = 0; j < c->J; j++) pl_free(c->name[j]);
    for (size_t j = 0; j < c->n_failed; j++) pl_free(c->failed[j]);
    pl_free(c->name);
    pl_free(c->failed);
    pl_free(c->model);
    pl_free(c->base);
    pl_free(c->rep);
    pl_free(c->P);
    pl_free(c->y);
    pl_free(c->group);
}

static char *format_name(const char *model, int cap, int sal)
{
    char buf[160];
    if (cap < 0) snprintf(buf, sizeof buf, "%s", model);
    else snprintf(buf, sizeof buf, "%s %s/%s", model, capability_names[cap], salience_names[sal]);
    return pl_strdup(buf);
}

static pl_status add_failed(candidates *c, const char *name, const pl_error *why, pl_error *err)
{
    char buf[200 + PL_ERROR_MSG_MAX];
    snprintf(buf, sizeof buf, "%.160s: %s", name, why->msg);
    char *copy = pl_strdup(buf);
    if (!copy) return pl_error_set(err, PL_ENOMEM, "out of memory");
    c->failed[c->n_failed++] = copy;
    return PL_OK;
}

static int same_columns(const candidates *c, size_t a, size_t b)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->P[i * c->cap + a] != c->P[i * c->cap + b]) return 0;
    return 1;
}

/* Columns first..J of one model that are all identical (the model ignores the conventions: mean,
** constant) become one column under the model's plain name. */
static pl_status merge_identical(candidates *c, size_t first, const char *model, pl_error *err)
{
    if (c->J - first < N_CAPABILITIES * N_SALIENCES) return PL_OK; /* some convention failed: keep them named */
    for (size_t j = first + 1; j < c->J; j++)
        if (!same_columns(c, first, j)) return PL_OK;
    for (size_t j = first + 1; j < c->J; j++) pl_free(c->name[j]);
    c->J = first + 1;
    pl_free(c->name[first]);
    if (!(c->name[first] = format_name(model, -1, 0))) return pl_error_set(err, PL_ENOMEM, "out of memory");
    return PL_OK;
}

/* Scores one model under every convention; a model whose forecasts do not depend on the convention
** is kept once, under its plain name. A convention the model fails on is left out and recorded. */
static pl_status add_model(candidates *c, size_t m, const pl_bargain_type *type, pl_stakeholders *const *by_cap,
                           unsigned long long seed, pl_error *err)
{
    pl_optset defaults;
    pl_optset_init(&defaults, type->options, type->n_options);
    size_t first = c->J;
    pl_status st = PL_OK;
    for (int cap = 0; !st && cap < N_CAPABILITIES; cap++)
        for (int sal = 0; !st && sal < N_SALIENCES; sal++) {
            pl_score *sc = NULL;
            pl_error why;
            pl_error_clear(&why);
            char *name = format_name(type->name, cap, sal);
            if (!name) st = pl_error_set(err, PL_ENOMEM, "out of memory");
            else if (pl_score_run(type, by_cap[cap], &defaults, sal, seed, &sc, &why))
                st = why.code == PL_ENOMEM ? pl_error_set(err, PL_ENOMEM, "out of memory") : add_failed(c, name, &why, err);
            else {
                for (size_t i = 0; i < c->n; i++) c->P[i * c->cap + c->J] = sc->prediction[i];
                c->name[c->J] = name;
                c->base[c->J] = 1;
                c->model[c->J++] = m;
                name = NULL;
            }
            pl_free(name);
            pl_score_free(sc);
        }
    return st ? st : merge_identical(c, first, type->name, err);
}

/* The outcomes and proposals of the scored issues, and room for every candidate. */
static pl_status candidates_alloc(candidates *c, const pl_stakeholders *s, size_t n_types, pl_error *err)
{
    memset(c, 0, sizeof *c);
    for (size_t d = 0; d < s->n_dims; d++) c->n += s->has_outcome[d];
    if (c->n == 0) return pl_error_set(err, PL_EINPUT, "no issue has a recorded outcome, expected at least one");
    c->cap = n_types * (N_CAPABILITIES * N_SALIENCES + 1); /* each model's conventions and their average */
    c->n_models = n_types;
    c->y = pl_malloc(c->n * sizeof *c->y);
    c->group = pl_malloc(c->n * sizeof *c->group);
    c->P = pl_malloc(c->n * c->cap * sizeof *c->P);
    c->name = pl_calloc(c->cap, sizeof *c->name);
    c->model = pl_calloc(c->cap, sizeof *c->model);
    c->failed = pl_calloc(c->cap, sizeof *c->failed);
    c->base = pl_calloc(c->cap, 1);
    c->rep = pl_malloc(n_types * sizeof *c->rep);
    if (!c->y || !c->group || !c->P || !c->name || !c->model || !c->failed || !c->base || !c->rep)
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t d = 0, i = 0; d < s->n_dims; d++)
        if (s->has_outcome[d]) {
            c->y[i] = s->outcome[d];
            c->group[i++] = s->dim_group[d];
        }
    return PL_OK;
}

/* Each model's plain average over the conventions it was scored under: capability and salience
** are uncertain measurements (the literature uses all three capabilities), and averaging over them
** fits nothing. A model with one forecast is its own representative. */
static pl_status add_averages(candidates *c, pl_error *err)
{
    size_t base_columns = c->J;
    for (size_t m = 0; m < c->n_models; m++) {
        size_t count = 0, last = 0;
        for (size_t j = 0; j < base_columns; j++)
            if (c->model[j] == m) {
                count++;
                last = j;
            }
        c->rep[m] = count == 0 ? c->n_models : last;
        if (count < 2) continue;
        char buf[200];
        snprintf(buf, sizeof buf, "%.*s, averaged over conventions", (int)strcspn(c->name[last], " "), c->name[last]);
        if (!(c->name[c->J] = pl_strdup(buf))) return pl_error_set(err, PL_ENOMEM, "out of memory");
        for (size_t i = 0; i < c->n; i++) {
            double sum = 0;
            for (size_t j = 0; j < base_columns; j++)
                if (c->model[j] == m) sum += c->P[i * c->cap + j];
            c->P[i * c->cap + c->J] = sum / (double)count;
        }
        c->model[c->J] = m;
        c->rep[m] = c->J++;
    }
    return PL_OK;
}

/* Compacts P from its room of cap columns to J columns. */
static void candidates_pack(candidates *c)
{
    for (size_t i = 0; i < c->n; i++)
        memmove(&c->P[i * c->J], &c->P[i * c->cap], c->J * sizeof *c->P);
    c->cap = c->J;
}

static pl_status candidates_build(candidates *c, const pl_stakeholders *s, unsigned long long seed, pl_error *err)
{
    size_t n_types;
    const pl_bargain_type *const *types = pl_bargain_types(&n_types);
    pl_stakeholders *by_cap[N_CAPABILITIES] = {0};
    pl_status st = candidates_alloc(c, s, n_types, err);
    for (int cap = 0; !st && cap < N_CAPABILITIES; cap++) {
        if (!(by_cap[cap] = pl_stakeholders_copy(s, err))) st = err ? err->code : PL_ENOMEM;
        else st = pl_capability_apply(by_cap[cap], (pl_capability_rule)cap, err);
    }
    for (size_t m = 0; !st && m < n_types; m++) st = add_model(c, m, types[m], by_cap, seed, err);
    for (int cap = 0; cap < N_CAPABILITIES; cap++) pl_stakeholders_free(by_cap[cap]);
    if (!st) st = add_averages(c, err);
    if (!st) candidates_pack(c);
    return st;
}

static long find_candidate(const candidates *c, const char *name)
{
    for (size_t j = 0; j < c->J; j++)
        if (strcmp(c->name[j], name) == 0) return (long)j;
    return -1;
}

/* {====================================================================== Forecasters */

/* How a forecaster turns the training issues into forecasts of the held-out ones. */
typedef enum rule {
    RULE_FIXED,           /* one column, nothing fitted */
    RULE_CHOOSE_MODEL,    /* the convention of model arg with the least training error */
    RULE_CHOOSE_ANY,      /* the model's own forecast (any model, any convention) with the least training error */
    RULE_CHOOSE_AVERAGED, /* the model whose average over conventions has the least training error */
    RULE_AVERAGE,         /* the plain average of every model's own forecasts */
    RULE_STACK,           /* LAD weights on the simplex over every model's own forecasts */
    RULE_STACK_AVERAGED   /* LAD weights on the simplex over the models' averages */
} rule;

typedef struct forecaster {
    rule rule;
    size_t arg; /* the column (FIXED) or the model (CHOOSE_MODEL) */
} forecaster;

/* Which columns forecaster f draws on. */
static void allowed_columns(const candidates *c, forecaster f, unsigned char *allowed)
{
    memset(allowed, 0, c->J);
    switch (f.rule) {
    case RULE_FIXED: allowed[f.arg] = 1; break;
    case RULE_CHOOSE_MODEL:
        for (size_t j = 0; j < c->J; j++) allowed[j] = c->base[j] && c->model[j] == f.arg;
        break;
    case RULE_CHOOSE_ANY:
    case RULE_AVERAGE:
    case RULE_STACK: memcpy(allowed, c->base, c->J); break;
    case RULE_CHOOSE_AVERAGED:
    case RULE_STACK_AVERAGED:
        for (size_t m = 0; m < c->n_models; m++)
            if (c->rep[m] < c->J) allowed[c->rep[m]] = 1;
        break;
    }
}

/* The allowed column with the least absolute error over the training issues (the first of equals). */
static size_t choose(const candidates *c, const unsigned char *train, const unsigned char *allowed)
{
    size_t best = 0;
    double least = HUGE_VAL;
    for (size_t j = 0; j < c->J; j++) {
        if (!allowed[j]) continue;
        double sum = 0;
        for (size_t i = 0; i < c->n; i++)
            if (train[i]) sum += fabs(c->P[i * c->J + j] - c->y[i]);
        if (sum < least) {
            least = sum;
            best = j;
        }
    }
    return best;
}

typedef struct workspace {
    unsigned char *train, *allowed;
    size_t *cols;
    double *w, *v, *Pt, *yt;
} workspace;

/* LAD simplex weights over the allowed columns, on the training issues. */
static pl_status stack(const candidates *c, workspace *ws, pl_error *err)
{
    size_t nc = 0, nt = 0;
    for (size_t j = 0; j < c->J; j++)
        if (ws->allowed[j]) ws->cols[nc++] = j;
    for (size_t i = 0; i < c->n; i++)
        if (ws->train[i]) {
            for (size_t k = 0; k < nc; k++) ws->Pt[nt * nc + k] = c->P[i * c->J + ws->cols[k]];
            ws->yt[nt++] = c->y[i];
        }
    pl_status st = pl_lad_simplex_weights(ws->Pt, ws->yt, nt, nc, ws->v, err);
    for (size_t k = 0; !st && k < nc; k++) ws->w[ws->cols[k]] = ws->v[k];
    return st;
}

/* Weights ws->w[J] of forecaster f fitted on the training issues ws->train. */
static pl_status fit(const candidates *c, forecaster f, workspace *ws, pl_error *err)
{
    memset(ws->w, 0, c->J * sizeof *ws->w);
    allowed_columns(c, f, ws->allowed);
    size_t count = 0;
    for (size_t j = 0; j < c->J; j++) count += ws->allowed[j];
    switch (f.rule) {
    case RULE_FIXED:
    case RULE_CHOOSE_MODEL:
    case RULE_CHOOSE_ANY:
    case RULE_CHOOSE_AVERAGED: ws->w[choose(c, ws->train, ws->allowed)] = 1; return PL_OK;
    case RULE_AVERAGE:
        for (size_t j = 0; j < c->J; j++) ws->w[j] = ws->allowed[j] ? 1.0 / (double)count : 0.0;
        return PL_OK;
    case RULE_STACK:
    case RULE_STACK_AVERAGED: break;
    }
    return stack(c, ws, err);
}

static double combine(const candidates *c, const double *w, size_t i)
{
    double sum = 0;
    for (size_t j = 0; j < c->J; j++)
        if (w[j] != 0) sum += w[j] * c->P[i * c->J + j];
    return sum;
}



/* Out-of-fold forecasts cv[n] and in-sample forecasts in[n] of forecaster f. */
static pl_status evaluate(const candidates *c, forecaster f, const size_t *fold, size_t n_folds, workspace *ws,
                          double *cv, double *in, pl_error *err)
{
    pl_status st = PL_OK;
    for (size_t k = 0; !st && k < n_folds; k++) {
        for (size_t i = 0; i < c->n; i++) ws->train[i] = fold[i] != k;
        st = fit(c, f, ws, err);
        for (size_t i = 0; !st && i < c->n; i++)
            if (fold[i] == k) cv[i] = combine(c, ws->w, i);
    }
    memset(ws->train, 1, c->n);
    if (!st) st = fit(c, f, ws, err);
    for (size_t i = 0; !st && i < c->n; i++) in[i] = combine(c, ws->w, i);
    return st;
}

/* {====================================================================== The result */

void pl_cv_result_free(pl_cv_result *r)
{
    if (!r) return;
    for (size_t k = 0; k < r->n_rows; k++) pl_free(r->row[k].name);
    for (size_t k = 0; k < r->n_weights; k++) pl_free(r->weight[k].name);
    for (size_t k = 0; k < r->n_failed; k++) pl_free(r->failed[k]);
    pl_free(r->row);
    pl_free(r->weight);
    pl_free(r->failed);
    pl_free(r);
}

/* Mean paired difference of absolute errors |a − y| − |b − y| and its clustered standard error. */
static double paired(const candidates *c, const double *a, const double *b, double *diff, double *se)
{
    for (size_t i = 0; i < c->n; i++) diff[i] = fabs(a[i] - c->y[i]) - fabs(b[i] - c->y[i]);
    return pl_cluster_mean(diff, c->group, c->n, se);
}

static pl_status add_row(pl_cv_result *r, const candidates *c, const char *name, const char *kind, const double *cv,
                         const double *in, const double *base_mean, const double *base_comp, double *diff, pl_error *err)
{
    pl_cv_row *row = &r->row[r->n_rows];
    if (!(row->name = pl_strdup(name))) return pl_error_set(err, PL_ENOMEM, "out of memory");
    row->kind = kind;
    row->mae_cv = pl_mae(cv, c->y, c->n);
    row->mae_in = pl_mae(in, c->y, c->n);
    row->diff_mean = paired(c, cv, base_mean, diff, &row->se_mean);
    row->diff_compromise = paired(c, cv, base_comp, diff, &row->se_compromise);
    r->n_rows++;
    return PL_OK;
}

/* The forecasters in the order the table lists them: every candidate, then per model the
** convention chosen in the folds (models with more than one), the best single candidate chosen in
** the folds, the plain average of all candidates, and the stack. */
static size_t list_forecasters(const candidates *c, forecaster *f, char **names, const char **kinds)
{
    size_t n_types, nf = 0;
    const pl_bargain_type *const *types = pl_bargain_types(&n_types);
    char buf[200];
    for (size_t j = 0; j < c->J; j++) {
        f[nf] = (forecaster){RULE_FIXED, j};
        kinds[nf] = c->base[j] ? "fixed" : "averaged";
        names[nf++] = pl_strdup(c->name[j]);
    }
    for (size_t m = 0; m < c->n_models && m < n_types; m++) {
        size_t count = 0;
        for (size_t j = 0; j < c->J; j++) count += c->base[j] && c->model[j] == m;
        if (count < 2) continue;
        snprintf(buf, sizeof buf, "%s, convention chosen in folds", types[m]->name);
        f[nf] = (forecaster){RULE_CHOOSE_MODEL, m};
        kinds[nf] = "chosen";
        names[nf++] = pl_strdup(buf);
    }
    static const struct {
        rule rule;
        const char *kind, *name;
    } pooled[] = {
        {RULE_CHOOSE_ANY, "chosen", "best single forecast, chosen in folds"},
        {RULE_CHOOSE_AVERAGED, "chosen", "best model averaged over conventions, chosen in folds"},
        {RULE_AVERAGE, "average", "average of every model's forecasts"},
        {RULE_STACK, "stack", "stack of every model's forecasts (LAD, fitted in folds)"},
        {RULE_STACK_AVERAGED, "stack", "stack of the models' averages (LAD, fitted in folds)"},
    };
    for (size_t k = 0; k < sizeof pooled / sizeof pooled[0]; k++) {
        f[nf] = (forecaster){pooled[k].rule, 0};
        kinds[nf] = pooled[k].kind;
        names[nf++] = pl_strdup(pooled[k].name);
    }
    return nf;
}

/* The positive weights of stack row `row` fitted on all issues. */
static pl_status record_weights(pl_cv_result *r, size_t row, const candidates *c, const double *w, pl_error *err)
{
    for (size_t j = 0; j < c->J; j++) {
        if (!(w[j] > 0)) continue;
        pl_cv_weight *more = pl_realloc(r->weight, (r->n_weights + 1) * sizeof *more);
        if (!more) return pl_error_set(err, PL_ENOMEM, "out of memory");
        r->weight = more;
        pl_cv_weight *x = &r->weight[r->n_weights];
        x->row = row;
        x->weight = w[j];
        if (!(x->name = pl_strdup(c->name[j]))) return pl_error_set(err, PL_ENOMEM, "out of memory");
        r->n_weights++;
    }
    return PL_OK;
}

static pl_status take_failed(pl_cv_result *r, candidates *c)
{
    r->failed = c->failed;
    r->n_failed = c->n_failed;
    c->failed = NULL;
    c->n_failed = 0;
    return PL_OK;
}

static void workspace_free(workspace *ws)
{
    pl_free(ws->train);
    pl_free(ws->allowed);
    pl_free(ws->cols);
    pl_free(ws->w);
    pl_free(ws->v);
    pl_free(ws->Pt);
    pl_free(ws->yt);
}

static int workspace_alloc(workspace *ws, const candidates *c)
{
    size_t n = c->n, J = c->J;
    *ws = (workspace){pl_malloc(n), pl_malloc(J), pl_malloc(J * sizeof(size_t)), pl_malloc(J * sizeof(double)),
                      pl_malloc(J * sizeof(double)), pl_malloc(n * J * sizeof(double)), pl_malloc(n * sizeof(double))};
    return ws->train && ws->allowed && ws->cols && ws->w && ws->v && ws->Pt && ws->yt;
}

static pl_status run_forecasters(pl_cv_result *r, const candidates *c, const size_t *fold, pl_error *err)
{
    size_t n_types;
    pl_bargain_types(&n_types);
    size_t most = c->J + n_types + 5, n = c->n;
    forecaster *f = pl_malloc(most * sizeof *f);
    char **names = pl_calloc(most, sizeof *names);
    const char **kinds = pl_malloc(most * sizeof *kinds);
    double *cv = pl_malloc(most * n * sizeof *cv), *in = pl_malloc(most * n * sizeof *in);
    double *diff = pl_malloc(n * sizeof *diff);
    workspace ws;
    int ws_ok = workspace_alloc(&ws, c);
    r->row = pl_calloc(most, sizeof *r->row);
    pl_status st = (!f || !names || !kinds || !cv || !in || !diff || !ws_ok || !r->row)
                       ? pl_error_set(err, PL_ENOMEM, "out of memory")
                       : PL_OK;
    size_t nf = st ? 0 : list_forecasters(c, f, names, kinds);
    for (size_t k = 0; !st && k < nf; k++)
        if (!names[k]) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t k = 0; !st && k < nf; k++) {
        st = evaluate(c, f[k], fold, r->n_folds, &ws, &cv[k * n], &in[k * n], err);
        if (!st && (f[k].rule == RULE_STACK || f[k].rule == RULE_STACK_AVERAGED))
            st = record_weights(r, k, c, ws.w, err); /* evaluate ends with the fit on all issues */
    }
    long mean = find_candidate(c, "mean"), comp = find_candidate(c, "compromise gdp/given");
    if (!st && (mean < 0 || comp < 0))
        st = pl_error_set(err, PL_EMODEL, "the baselines mean and compromise gdp/given failed, expected them to score");
    for (size_t k = 0; !st && k < nf; k++)
        st = add_row(r, c, names[k], kinds[k], &cv[k * n], &in[k * n], &cv[(size_t)mean * n], &cv[(size_t)comp * n],
                     diff, err);
    for (size_t k = 0; names && k < most; k++) pl_free(names[k]);
    pl_free(names);
    pl_free(kinds);
    pl_free(f);
    pl_free(cv);
    pl_free(in);
    pl_free(diff);
    workspace_free(&ws);
    return st;
}

/* The folds of the scored issues of s (checked before any model runs). */
static pl_status folds_of(const pl_stakeholders *s, pl_cv_result *r, size_t **fold, pl_error *err)
{
    size_t n = 0;
    for (size_t d = 0; d < s->n_dims; d++) n += s->has_outcome[d];
    if (n == 0) return pl_error_set(err, PL_EINPUT, "no issue has a recorded outcome, expected at least one");
    size_t *group = pl_malloc(n * sizeof *group);
    *fold = pl_malloc(n * sizeof **fold);
    if (!group || !*fold) {
        pl_free(group);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t d = 0, i = 0; d < s->n_dims; d++)
        if (s->has_outcome[d]) group[i++] = s->dim_group[d];
    pl_status st = pl_cv_folds(group, n, r->scheme, r->k, r->seed, *fold, &r->n_folds, err);
    r->n = n;
    r->n_groups = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0;
        while (group[j] != group[i]) j++;
        r->n_groups += j == i;
    }
    pl_free(group);
    return st;
}

pl_status pl_score_cv(const pl_stakeholders *s, pl_cv_scheme scheme, size_t k, unsigned long long seed,
                      pl_cv_result **out, pl_error *err)
{
    *out = NULL;
    if (!s->outcome)
        return pl_error_at(err, PL_EINPUT, s->source, 0, 0, "found no recorded outcomes, expected a DEU issue table");
    pl_cv_result *r = pl_calloc(1, sizeof *r);
    if (!r) return pl_error_set(err, PL_ENOMEM, "out of memory");
    r->scheme = scheme;
    r->k = k;
    r->seed = seed;
    size_t *fold = NULL;
    candidates c;
    memset(&c, 0, sizeof c);
    pl_status st = folds_of(s, r, &fold, err);
    if (!st) st = candidates_build(&c, s, seed, err);
    if (!st) st = take_failed(r, &c);
    if (!st) st = run_forecasters(r, &c, fold, err);
    candidates_free(&c);
    pl_free(fold);
    if (st) {
        pl_cv_result_free(r);
        return st;
    }
    *out = r;
    return PL_OK;
}

/* {====================================================================== Writers */

static void describe_scheme(const pl_cv_result *r, char *buf, size_t size)
{
    if (r->scheme == PL_CV_LOPO) snprintf(buf, size, "leave one proposal out");
    else snprintf(buf, size, "%zu-fold by proposal, seed %llu", r->k, r->seed);
}

pl_status pl_cv_write_table(const pl_cv_result *r, FILE *out, pl_error *err)
{
    char scheme[80];
    describe_scheme(r, scheme, sizeof scheme);
    fprintf(out, "Cross-validation: %s (%zu issues, %zu proposals, %zu folds)\n", scheme, r->n, r->n_groups,
            r->n_folds);
    fprintf(out, "Differences are mean paired differences of absolute errors (out of fold), negative = better,\n"
                 "with standard errors clustered by proposal.\n\n");
    fprintf(out, "%-55s %8s %8s %17s %17s\n", "forecast", "MAE cv", "MAE in", "vs mean (SE)", "vs compromise (SE)");
    for (size_t k = 0; k < r->n_rows; k++) {
        const pl_cv_row *w = &r->row[k];
        fprintf(out, "%-55s %8.3f %8.3f %8.3f (%6.3f) %8.3f (%6.3f)\n", w->name, w->mae_cv, w->mae_in, w->diff_mean,
                w->se_mean, w->diff_compromise, w->se_compromise);
    }
    for (size_t k = 0; k < r->n_weights; k++) {
        const pl_cv_weight *x = &r->weight[k];
        if (k == 0 || x->row != r->weight[k - 1].row) fprintf(out, "\nWeights of the %s, fitted on all issues:\n", r->row[x->row].name);
        fprintf(out, "  %-53s %.4f\n", x->name, x->weight);
    }
    for (size_t k = 0; k < r->n_failed; k++) fprintf(out, "%sleft out: %s\n", k ? "" : "\n", r->failed[k]);
    return ferror(out) ? pl_error_set(err, PL_EIO, "write failed") : PL_OK;
}

pl_status pl_cv_write_csv(const pl_cv_result *r, FILE *out, pl_error *err)
{
    fputs("forecast,kind,mae_cv,mae_in,diff_mean,se_mean,diff_compromise,se_compromise\n", out);
    for (size_t k = 0; k < r->n_rows; k++) {
        const pl_cv_row *w = &r->row[k];
        pl_csv_write_field(out, w->name);
        fprintf(out, ",%s,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", w->kind, w->mae_cv, w->mae_in, w->diff_mean,
                w->se_mean, w->diff_compromise, w->se_compromise);
    }
    return ferror(out) ? pl_error_set(err, PL_EIO, "write failed") : PL_OK;
}

static json_t *rows_json(const pl_cv_result *r)
{
    json_t *rows = json_array();
    for (size_t k = 0; rows && k < r->n_rows; k++) {
        const pl_cv_row *w = &r->row[k];
        if (json_array_append_new(rows, json_pack("{s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:f}", "forecast", w->name,
                                                  "kind", w->kind, "mae_cv", w->mae_cv, "mae_in", w->mae_in,
                                                  "diff_mean", w->diff_mean, "se_mean", w->se_mean,
                                                  "diff_compromise", w->diff_compromise, "se_compromise",
                                                  w->se_compromise))) {
            json_decref(rows);
            return NULL;
        }
    }
    return rows;
}

static json_t *stack_json(const pl_cv_result *r)
{
    json_t *stack = json_array();
    for (size_t k = 0; stack && k < r->n_weights; k++)
        if (json_array_append_new(stack, json_pack("{s:s, s:s, s:f}", "stack", r->row[r->weight[k].row].name, "forecast",
                                                   r->weight[k].name, "weight", r->weight[k].weight))) {
            json_decref(stack);
            return NULL;
        }
    return stack;
}

static json_t *failed_json(const pl_cv_result *r)
{
    json_t *failed = json_array();
    for (size_t k = 0; failed && k < r->n_failed; k++)
        if (json_array_append_new(failed, json_string(r->failed[k]))) {
            json_decref(failed);
            return NULL;
        }
    return failed;
}

pl_status pl_cv_write_json(const pl_cv_result *r, FILE *out, pl_error *err)
{
    json_t *rows = rows_json(r), *stack = stack_json(r), *failed = failed_json(r);
    json_t *doc = NULL;
    if (rows && stack && failed)
        doc = json_pack("{s:s, s:I, s:I, s:I, s:I, s:o, s:o, s:o}", "cv", r->scheme == PL_CV_LOPO ? "lopo" : "kfold",
                        "seed", (json_int_t)r->seed, "issues", (json_int_t)r->n,
                        "proposals", (json_int_t)r->n_groups, "folds", (json_int_t)r->n_folds, "forecasts", rows,
                        "stack_weights", stack, "left_out", failed);
    else {
        json_decref(rows);
        json_decref(stack);
        json_decref(failed);
    }
    return pl_json_dump(doc, out, err);
}
