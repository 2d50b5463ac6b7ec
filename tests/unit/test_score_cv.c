/*
** test_score_cv.c — honest model selection on DEU: folds by proposal, clustered standard errors,
** LAD stacking weights, the exact lower-median tie, the exchange model per proposal, and why
** bdm-scholz-code with equal saliences is the starting median.
*/
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "parley/bargain.h"
#include "parley/memory.h"
#include "parley/readers.h"
#include "parley/score.h"
#include "parley/stats.h"

static pl_stakeholders *read_deu(void)
{
    pl_error err;
    pl_stakeholders *s;
    assert_int_equal(pl_read_stakeholders(tu_data("deu/deu3-dev.csv"), NULL, &s, &err), PL_OK);
    return s;
}

static pl_score *score(const pl_stakeholders *deu, const char *model, pl_capability_rule cap, int equal_salience)
{
    pl_error err;
    pl_stakeholders *s = pl_stakeholders_copy(deu, &err);
    assert_non_null(s);
    assert_int_equal(pl_capability_apply(s, cap, &err), PL_OK);
    const pl_bargain_type *t = pl_bargain_find(model);
    assert_non_null(t);
    pl_optset o;
    pl_optset_init(&o, t->options, t->n_options);
    pl_score *sc;
    assert_int_equal(pl_score_run(t, s, &o, equal_salience, 1, &sc, &err), PL_OK);
    pl_stakeholders_free(s);
    return sc;
}

/* {====================================================================== Folds */

static const size_t groups[] = {3, 3, 7, 1, 1, 1, 9, 2, 2, 5, 4, 4, 8, 6, 0, 0, 0};
enum { N_CASES = sizeof groups / sizeof groups[0], N_GROUPS = 10 };

static void check_partition(const size_t *fold, size_t n_folds)
{
    size_t per_fold[N_GROUPS] = {0};
    for (size_t i = 0; i < N_CASES; i++) {
        assert_true(fold[i] < n_folds);
        for (size_t j = 0; j < N_CASES; j++) /* a group never straddles two folds */
            if (groups[j] == groups[i]) assert_int_equal(fold[j], fold[i]);
    }
    for (size_t g = 0; g < N_GROUPS; g++) /* count groups per fold */
        for (size_t i = 0; i < N_CASES; i++)
            if (groups[i] == g) {
                per_fold[fold[i]]++;
                break;
            }
    size_t lo = N_GROUPS, hi = 0;
    for (size_t k = 0; k < n_folds; k++) {
        lo = per_fold[k] < lo ? per_fold[k] : lo;
        hi = per_fold[k] > hi ? per_fold[k] : hi;
    }
    assert_true(lo >= 1 && hi - lo <= 1);
}

static void kfold_keeps_groups_together(void **state)
{
    (void)state;
    pl_error err;
    size_t fold[N_CASES], again[N_CASES], other[N_CASES], n_folds;
    assert_int_equal(pl_cv_folds(groups, N_CASES, PL_CV_KFOLD, 3, 7, fold, &n_folds, &err), PL_OK);
    assert_int_equal(n_folds, 3);
    check_partition(fold, n_folds);
    assert_int_equal(pl_cv_folds(groups, N_CASES, PL_CV_KFOLD, 3, 7, again, &n_folds, &err), PL_OK);
    assert_memory_equal(fold, again, sizeof fold); /* same seed, same folds */
    int differs = 0;
    for (unsigned long long seed = 8; seed < 20 && !differs; seed++) {
        assert_int_equal(pl_cv_folds(groups, N_CASES, PL_CV_KFOLD, 3, seed, other, &n_folds, &err), PL_OK);
        check_partition(other, n_folds);
        differs = memcmp(fold, other, sizeof fold) != 0;
    }
    assert_true(differs); /* the seed shuffles */
}

static void lopo_is_one_fold_per_group(void **state)
{
    (void)state;
    pl_error err;
    size_t fold[N_CASES], n_folds;
    assert_int_equal(pl_cv_folds(groups, N_CASES, PL_CV_LOPO, 0, 1, fold, &n_folds, &err), PL_OK);
    assert_int_equal(n_folds, N_GROUPS);
    check_partition(fold, n_folds);
    assert_int_equal(fold[0], 0); /* folds in order of the groups' first appearance */
    assert_int_equal(fold[2], 1);
    assert_int_equal(fold[3], 2);
    assert_int_equal(fold[14], 9);
    assert_int_equal(pl_cv_folds(groups, N_CASES, PL_CV_KFOLD, 11, 1, fold, &n_folds, &err), PL_EINVAL);
    tu_assert_error(&err, "found 11 folds, expected 2 to 10", 0, 0);
    assert_int_equal(pl_cv_folds(groups, N_CASES, PL_CV_KFOLD, 1, 1, fold, &n_folds, &err), PL_EINVAL);
}

/* {====================================================================== Clustered standard error */

static void clustered_se_known_answer(void **state)
{
    (void)state;
    /* Groups {1,2}, {3,4}, {5,6}: mean 3.5, group sums of deviations −4, 0, 4;
    ** se = sqrt(3/2 · 32)/6 = sqrt(48)/6. */
    const double x[] = {1, 2, 3, 4, 5, 6};
    const size_t g[] = {0, 0, 1, 1, 2, 2};
    double se;
    tu_assert_close(pl_cluster_mean(x, g, 6, &se), 3.5, 1e-15);
    tu_assert_close(se, sqrt(48.0) / 6.0, 1e-15);
    /* Groups of one: the ordinary standard error of a mean, sd/√n with the n − 1 divisor. */
    const double y[] = {2, 4, 4, 4, 5, 5, 7, 9};
    const size_t h[] = {0, 1, 2, 3, 4, 5, 6, 7};
    tu_assert_close(pl_cluster_mean(y, h, 8, &se), 5.0, 1e-15);
    tu_assert_close(se, sqrt(32.0 / 7.0) / sqrt(8.0), 1e-14);
    /* Interleaved group labels give the same answer as contiguous ones. */
    const double z[] = {1, 3, 2, 4, 5, 6};
    const size_t k[] = {0, 1, 0, 1, 2, 2};
    pl_cluster_mean(z, k, 6, &se);
    tu_assert_close(se, sqrt(48.0) / 6.0, 1e-15);
    pl_cluster_mean(x, (const size_t[]){4, 4, 4, 4, 4, 4}, 6, &se);
    assert_true(se == 0); /* one group: no variance estimate */
}

/* {====================================================================== Stacking weights */

static double lad(const double *P, const double *y, size_t n, size_t J, const double *w)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        double f = 0;
        for (size_t j = 0; j < J; j++) f += P[i * J + j] * w[j];
        sum += fabs(y[i] - f);
    }
    return sum;
}

static void stacking_recovers_a_mixture(void **state)
{
    (void)state;
    enum { N = 6, J = 3 };
    /* y = 0.3 a + 0.7 b exactly; c is a distractor. */
    const double a[N] = {10, 80, 35, 0, 55, 90}, b[N] = {60, 20, 45, 100, 5, 70}, c[N] = {50, 50, 50, 50, 50, 50};
    double P[N * J], y[N], w[J];
    for (size_t i = 0; i < N; i++) {
        P[i * J] = a[i];
        P[i * J + 1] = b[i];
        P[i * J + 2] = c[i];
        y[i] = 0.3 * a[i] + 0.7 * b[i];
    }
    pl_error err;
    assert_int_equal(pl_lad_simplex_weights(P, y, N, J, w, &err), PL_OK);
    tu_assert_close(w[0], 0.3, 1e-12);
    tu_assert_close(w[1], 0.7, 1e-12);
    tu_assert_close(w[2], 0.0, 1e-12);
    /* Noisy outcomes: the weights are a convex combination no worse than any column or mixture tried. */
    const double noise[N] = {7, -12, 3, 20, -4, 9};
    for (size_t i = 0; i < N; i++) y[i] += noise[i];
    assert_int_equal(pl_lad_simplex_weights(P, y, N, J, w, &err), PL_OK);
    assert_true(w[0] >= 0 && w[1] >= 0 && w[2] >= 0);
    tu_assert_close(w[0] + w[1] + w[2], 1.0, 1e-12);
    double best = lad(P, y, N, J, w);
    for (int u = 0; u <= 20; u++)
        for (int v = 0; u + v <= 20; v++) {
            double m[J] = {u / 20.0, v / 20.0, (20 - u - v) / 20.0};
            assert_true(best <= lad(P, y, N, J, m) + 1e-9);
        }
    assert_int_equal(pl_lad_simplex_weights(P, y, 0, J, w, &err), PL_EINVAL);
}

/* {====================================================================== The exact median tie */

static void median_tie_is_exact(void **state)
{
    (void)state;
    /* Saliences 1, 2, 2, 1 (of 100): the two lower positions hold exactly half the weight, so the
    ** lower median is 20 — but in binary 0.01 + 0.02 doubled is 0.05999…, below the total 0.0600…01. */
    const double x[] = {10, 20, 30, 40}, w[] = {0.01, 0.02, 0.02, 0.01};
    size_t scratch[4];
    assert_true(2 * (w[0] + w[1]) < ((w[0] + w[1]) + w[2]) + w[3]); /* the binary sums miss the tie */
    tu_assert_close(pl_weighted_median(x, w, NULL, 4, scratch), 20.0, 0);
    /* Order of the actors does not matter; a weight just above half still stops there. */
    const double x2[] = {40, 30, 20, 10};
    const double w2[] = {0.01, 0.02, 0.02, 0.01};
    tu_assert_close(pl_weighted_median(x2, w2, NULL, 4, scratch), 20.0, 0);
    const double w3[] = {0.01, 0.021, 0.02, 0.01};
    tu_assert_close(pl_weighted_median(x, w3, NULL, 4, scratch), 20.0, 0);
    const double w4[] = {0.01, 0.019, 0.02, 0.01};
    tu_assert_close(pl_weighted_median(x, w4, NULL, 4, scratch), 30.0, 0);
}

static void median_tie_on_deu_issue(void **state)
{
    (void)state;
    pl_stakeholders *deu = read_deu();
    pl_score *sc = score(deu, "median", PL_CAPABILITY_EQUAL, 0);
    size_t k = 0;
    while (k < sc->n && strcmp(sc->issue[k], "d04156i1") != 0) k++;
    assert_true(k < sc->n);
    tu_assert_close(sc->prediction[k], 45.0, 0); /* was 50 by rounding */
    pl_score_free(sc);
    pl_stakeholders_free(deu);
}

/* {====================================================================== Exchange per proposal */

static void exchange_runs_per_proposal(void **state)
{
    (void)state;
    pl_stakeholders *deu = read_deu();
    /* Proposals: a04163 holds d04167i1–2, d04167 holds d04167i3–4. */
    long a = -1, b = -1;
    for (size_t d = 0; d < deu->n_dims; d++) {
        if (strcmp(deu->dim[d], "d04167i2") == 0) a = (long)d;
        if (strcmp(deu->dim[d], "d04167i3") == 0) b = (long)d;
    }
    assert_true(a >= 0 && b >= 0);
    assert_int_equal(deu->dim_group[a - 1], deu->dim_group[a]);
    assert_int_not_equal(deu->dim_group[a], deu->dim_group[b]);
    assert_int_equal(deu->dim_procedure[a], PL_PROCEDURE_COD | PL_PROCEDURE_QMV);
    /* Equal saliences leave no gain from trade: the exchange model is then the weighted mean (the
    ** reference table's GDP-weighted mean and unweighted mean). */
    pl_score *sc = score(deu, "exchange", PL_CAPABILITY_GDP, 1);
    assert_true(fabs(sc->mae - 23.912268171418) < 1e-9);
    pl_score_free(sc);
    sc = score(deu, "exchange", PL_CAPABILITY_EQUAL, 1);
    assert_true(fabs(sc->mae - 24.963992947141) < 1e-9);
    pl_score_free(sc);
    /* With the coded saliences actors trade: the forecasts leave the compromise on issues of proposals
    ** with several issues and keep it on proposals of one issue. */
    sc = score(deu, "exchange", PL_CAPABILITY_GDP, 0);
    pl_score *cm = score(deu, "compromise", PL_CAPABILITY_GDP, 0);
    assert_int_equal(sc->n, 155);
    size_t moved = 0;
    for (size_t k = 0; k < sc->n; k++) {
        size_t size = 0;
        for (size_t d = 0; d < deu->n_dims; d++) size += deu->dim_group[d] == sc->group[k];
        if (size == 1) tu_assert_close(sc->prediction[k], cm->prediction[k], 1e-12);
        else moved += fabs(sc->prediction[k] - cm->prediction[k]) > 1e-6;
    }
    assert_true(moved > 50);
    pl_score_free(cm);
    pl_score_free(sc);
    pl_stakeholders_free(deu);
}

/* bdm-scholz-code's probability (all pairs, at most 1/2 and O(1/n²)) leaves no challenge worth
** making when every target resists for sure (salience 1): every dyad is a stalemate and the forecast
** is the starting median. docs/validation.md gives the argument. */
static void bdm_code_equal_salience_is_the_median(void **state)
{
    (void)state;
    pl_stakeholders *deu = read_deu();
    pl_score *bdm = score(deu, "bdm-scholz-code", PL_CAPABILITY_GDP, 1);
    pl_score *med = score(deu, "median", PL_CAPABILITY_GDP, 1);
    assert_memory_equal(bdm->prediction, med->prediction, bdm->n * sizeof(double));
    pl_score_free(bdm);
    bdm = score(deu, "bdm-scholz-paper", PL_CAPABILITY_GDP, 1); /* eq. 31's pairwise probability moves actors */
    size_t differ = 0;
    for (size_t k = 0; k < bdm->n; k++) differ += bdm->prediction[k] != med->prediction[k];
    assert_true(differ > 20);
    pl_score_free(bdm);
    pl_score_free(med);
    pl_stakeholders_free(deu);
}

/* {====================================================================== The whole comparison */

static const pl_cv_row *row_named(const pl_cv_result *r, const char *name)
{
    for (size_t k = 0; k < r->n_rows; k++)
        if (strcmp(r->row[k].name, name) == 0) return &r->row[k];
    fail_msg("no row '%s'", name);
    return NULL;
}

static void cv_on_deu(void **state)
{
    (void)state;
    pl_stakeholders *deu = read_deu();
    pl_cv_result *r;
    pl_error err;
    assert_int_equal(pl_score_cv(deu, PL_CV_LOPO, 0, 1, &r, &err), PL_OK);
    assert_int_equal(r->n, 155);
    assert_int_equal(r->n_folds, r->n_groups);
    const pl_cv_row *mean = row_named(r, "mean"), *comp = row_named(r, "compromise gdp/given");
    tu_assert_close(mean->mae_cv, 24.963992947141, 1e-9);
    tu_assert_close(comp->mae_cv, 23.306237029563, 1e-9);
    assert_true(mean->diff_mean == 0 && mean->se_mean == 0);
    tu_assert_close(comp->diff_mean, comp->mae_cv - mean->mae_cv, 1e-12); /* the paired mean is the MAE gap */
    for (size_t k = 0; k < r->n_rows; k++) {
        const pl_cv_row *w = &r->row[k];
        if (strcmp(w->kind, "fixed") == 0 || strcmp(w->kind, "averaged") == 0)
            tu_assert_close(w->mae_cv, w->mae_in, 1e-12); /* nothing fitted: nothing to overfit */
        assert_true(isfinite(w->se_mean) && w->se_mean >= 0);
    }
    const pl_cv_row *stack = row_named(r, "stack of every model's forecasts (LAD, fitted in folds)");
    assert_true(stack->mae_in < stack->mae_cv); /* a fitted forecast scores better where it was fitted */
    double total = 0;
    for (size_t k = 0; k < r->n_weights; k++)
        if (&r->row[r->weight[k].row] == stack) total += r->weight[k].weight;
    tu_assert_close(total, 1.0, 1e-12);
    pl_cv_result_free(r);
    pl_stakeholders_free(deu);
}

/* `score --capability all --salience all` is the row the cross-validation calls the model's average. */
static void average_over_conventions_matches_cv(void **state)
{
    (void)state;
    pl_stakeholders *deu = read_deu();
    const pl_bargain_type *t = pl_bargain_find("nash");
    pl_optset o;
    pl_optset_init(&o, t->options, t->n_options);
    const pl_capability_rule caps[] = {PL_CAPABILITY_GDP, PL_CAPABILITY_VOTES, PL_CAPABILITY_EQUAL};
    const int sals[] = {0, 1};
    pl_score *avg;
    pl_error err;
    assert_int_equal(pl_score_average(t, deu, &o, caps, 3, sals, 2, 1, &avg, &err), PL_OK);
    pl_cv_result *r;
    assert_int_equal(pl_score_cv(deu, PL_CV_KFOLD, 5, 3, &r, &err), PL_OK);
    const pl_cv_row *row = row_named(r, "nash, averaged over conventions");
    assert_true(avg->mae == row->mae_in); /* the same sums in the same order */
    assert_string_equal(avg->model, "nash, averaged over 6 conventions");
    /* One convention averaged is that convention. */
    pl_score *one, *plain = score(deu, "nash", PL_CAPABILITY_VOTES, 1);
    assert_int_equal(pl_score_average(t, deu, &o, caps + 1, 1, sals + 1, 1, 1, &one, &err), PL_OK);
    assert_memory_equal(one->prediction, plain->prediction, plain->n * sizeof(double));
    pl_score_free(one);
    assert_int_equal(pl_score_average(t, deu, &o, caps, 0, sals, 1, 1, &one, &err) == PL_OK, 0);
    pl_score_free(plain);
    pl_score_free(avg);
    pl_cv_result_free(r);
    pl_stakeholders_free(deu);
}

/* The first lines of the DEU file: header, GDP row and the issues of its first three proposals. */
static pl_stakeholders *small_deu(void)
{
    FILE *fp = fopen(tu_data("deu/deu3-dev.csv"), "rb");
    assert_non_null(fp);
    static char text[64 * 1024];
    size_t len = 0;
    int lines = 0;
    for (int ch; lines < 12 && (ch = fgetc(fp)) != EOF && len + 1 < sizeof text;) {
        text[len++] = (char)ch;
        lines += ch == '\n';
    }
    text[len] = '\0';
    fclose(fp);
    pl_error err;
    pl_stakeholders *s = tu_parse("small.tsv", text, PL_OK, &err);
    assert_int_equal(s->n_dims, 10);
    return s;
}

/* Every allocation failure is PL_ENOMEM and frees what was built (ASan checks the leaks). */
static void allocation_failures(void **state)
{
    (void)state;
    pl_stakeholders *s = small_deu();
    pl_error err;
    pl_status st = PL_ENOMEM;
    long k = 0;
    for (; st == PL_ENOMEM && k < 200000; k += 1 + k / 40) {
        pl_cv_result *r = NULL;
        pl_memory_fail_after(k);
        st = pl_score_cv(s, PL_CV_LOPO, 0, 1, &r, &err);
        pl_memory_fail_after(-1);
        if (st) assert_null(r);
        else assert_int_equal(r->n_failed, 0); /* no failure of memory passed off as a model's */
        pl_cv_result_free(r);
    }
    assert_int_equal(st, PL_OK);
    assert_true(k > 100);
    double P[] = {1, 2, 3, 4}, y[] = {1, 3}, w[2];
    for (k = 0, st = PL_ENOMEM; st == PL_ENOMEM; k++) {
        pl_memory_fail_after(k);
        st = pl_lad_simplex_weights(P, y, 2, 2, w, &err);
        pl_memory_fail_after(-1);
    }
    assert_int_equal(st, PL_OK);
    pl_stakeholders_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kfold_keeps_groups_together),
        cmocka_unit_test(lopo_is_one_fold_per_group),
        cmocka_unit_test(clustered_se_known_answer),
        cmocka_unit_test(stacking_recovers_a_mixture),
        cmocka_unit_test(median_tie_is_exact),
        cmocka_unit_test(median_tie_on_deu_issue),
        cmocka_unit_test(exchange_runs_per_proposal),
        cmocka_unit_test(bdm_code_equal_salience_is_the_median),
        cmocka_unit_test(cv_on_deu),
        cmocka_unit_test(average_over_conventions_matches_cv),
        cmocka_unit_test(allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
