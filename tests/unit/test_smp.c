/*
** test_smp.c — KTAB's Spatial Model of Politics: the hand-checkable test vector of
** ../shared/reference/ktab-smp.md §5.5, every intermediate of KTAB's reference logs, KTAB's
** reference positions for every shipped input, the defect fixes (consensus, seeds, cycles) and
** their --ktab-compat counterparts, input checks, and the vector kernels against scalar code.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/bargain/smp_model.h"
#include "models/bargain/smp_pce.h"
#include "parley/bargain.h"
#include "parley/memory.h"
#include "parley/readers.h"
#include "parley/rng.h"

/* {====================================================================== helpers */

static pl_stakeholders *read_table(const char *rel)
{
    pl_error err;
    pl_stakeholders *s = NULL;
    if (pl_read_stakeholders(tu_data(rel), NULL, &s, &err)) print_error("%s: %s\n", rel, err.msg);
    assert_non_null(s);
    return s;
}

/* Runs smp on s with options "name=value" (or "name" for flags), NULL-terminated. */
static pl_status run_opts(const pl_stakeholders *s, const char *const *opts, gsl_rng *rng, pl_forecast **f,
                          pl_error *err)
{
    const pl_bargain_type *t = pl_bargain_find("smp");
    assert_non_null(t);
    pl_optset o;
    pl_optset_init(&o, t->options, t->n_options);
    for (size_t k = 0; opts && opts[k]; k++) {
        char name[64];
        const char *eq = strchr(opts[k], '=');
        snprintf(name, sizeof name, "%.*s", eq ? (int)(eq - opts[k]) : (int)strlen(opts[k]), opts[k]);
        assert_int_equal(pl_optset_set(&o, name, eq ? eq + 1 : NULL, err), PL_OK);
    }
    return pl_bargain_run(t, s, &o, rng, f, err);
}

static pl_forecast *run_ok(const pl_stakeholders *s, const char *const *opts, gsl_rng *rng)
{
    pl_error err;
    pl_forecast *f = NULL;
    pl_status st = run_opts(s, opts, rng, &f, &err);
    if (st) print_error("smp failed: %s\n", err.msg);
    assert_int_equal(st, PL_OK);
    return f;
}

static const pl_forecast_info *info(const pl_forecast *f, const char *key)
{
    for (size_t k = 0; k < f->n_info; k++)
        if (strcmp(f->info[k].key, key) == 0) return &f->info[k];
    return NULL;
}

static double info_value(const pl_forecast *f, const char *key)
{
    const pl_forecast_info *in = info(f, key);
    assert_non_null(in);
    return in->value;
}

static const char *info_text(const pl_forecast *f, const char *key)
{
    const pl_forecast_info *in = info(f, key);
    assert_non_null(in);
    assert_non_null(in->text);
    return in->text;
}

static const double *series(const pl_forecast *f, const char *name, size_t round)
{
    for (size_t k = 0; k < f->n_series; k++)
        if (f->series[k].round == round && strcmp(f->series[k].name, name) == 0) return f->series[k].value;
    fail_msg("no series %s at round %zu", name, round);
    return NULL;
}

/* A model of a whole KTAB table (every actor active), positions on [0,1]. */
static pl_smp *model_of(const pl_stakeholders *s, const pl_smp_params *par)
{
    size_t n = s->n_actors, nd = s->n_dims;
    double *cap = malloc(n * sizeof *cap), *pos = malloc(n * nd * sizeof *pos);
    for (size_t i = 0; i < n; i++) {
        cap[i] = s->capability[pl_idx(s, i, 0)];
        for (size_t d = 0; d < nd; d++)
            pos[i * nd + d] = (s->position[pl_idx(s, i, d)] - s->dim_lo[d]) / (s->dim_hi[d] - s->dim_lo[d]);
    }
    pl_error err;
    pl_smp *m = pl_smp_create(n, nd, cap, s->salience, pos, s->accommodation, par, &err);
    assert_non_null(m);
    free(cap);
    free(pos);
    assert_int_equal(pl_smp_assess(m, &err), PL_OK);
    return m;
}

/* The parties of the bargain actor k adopted (k, k: its status quo). */
static void chosen(const pl_smp *m, size_t k, size_t *init, size_t *rcvr)
{
    const pl_smp_bargain *b = pl_smp_adopted(m, k);
    *init = b ? b->init : k;
    *rcvr = b ? b->rcvr : k;
}

/* The §5.5 vector: A, B, C with capability 10, salience 50, positions 20, 50, 80. */
static pl_smp *hand_model(const pl_smp_params *par)
{
    const double cap[3] = {10, 10, 10}, sal[3] = {0.5, 0.5, 0.5}, pos[3] = {0.2, 0.5, 0.8};
    pl_error err;
    pl_smp *m = pl_smp_create(3, 1, cap, sal, pos, NULL, par, &err);
    assert_non_null(m);
    assert_int_equal(pl_smp_assess(m, &err), PL_OK);
    return m;
}

static pl_stakeholders *hand_table(void)
{
    pl_error err;
    return tu_parse("hand.csv",
                    "Hand,3-actor test vector,3,1,\nActor,Description,Power,Pos,Sal,\n"
                    "A,a,10,20,50,\nB,b,10,50,50,\nC,c,10,80,50,\n",
                    PL_OK, &err);
}

/* {====================================================================== §5.5 hand vector */

static void hand_vector(void **state)
{
    (void)state;
    pl_smp_params par;
    pl_smp_params_default(&par);
    pl_smp *m = hand_model(&par);
    /* risk-neutral PCE: B, the median, is the likeliest winner, so the most risk-averse */
    tu_assert_close(m->risk[0], -0.5, 1e-12);
    tu_assert_close(m->risk[1], 1.0, 1e-12);
    tu_assert_close(m->risk[2], -0.5, 1e-12);
    double *U = m->ut, p, du;
    pl_smp_perspective(m, 0, U);
    tu_assert_close(U[0 * m->ld + 2], 0.28, 1e-12);    /* u^A(A,C) = (1 − 0.6)(1 − 0.5·0.6) */
    tu_assert_close(U[1 * m->ld + 0], 0.7, 1e-12);     /* r^A_B = (2(−0.5) + 1)/3 = 0: linear */
    pl_smp_challenge(m, U, 0, 0, 2, &p, &du);
    tu_assert_close(p, 0.5, 1e-12);
    tu_assert_close(du, 0.36, 1e-12);                  /* KTAB: "+0.3600" */
    double xa, xc, xb, xa2;
    pl_smp_interpolate(m, 0, 2, p, &xa, &xc);
    tu_assert_close(100 * xa, 50.0, 1e-12);
    tu_assert_close(100 * xc, 50.0, 1e-12);
    pl_smp_perspective(m, 1, U);
    pl_smp_best_target(m, 1);
    assert_int_equal(m->target[1], 0);
    assert_true(fabs(m->p_target[1] - 0.2804) < 5e-5);
    assert_true(fabs(m->du_target[1] - 0.0252) < 5e-5);
    pl_smp_interpolate(m, 1, 0, m->p_target[1], &xb, &xa2);
    tu_assert_close(100 * xb, 23.96, 1e-9);
    tu_assert_close(100 * xa2, 23.96, 1e-9);
    tu_assert_close(pl_smp_option_utility(m, 0, NULL), 0.625, 1e-12); /* KTAB u_im 0.62500 */
    pl_smp_free(m);
}

/* §6 item 3: the receiver's view of A's bargain with C is 50.00; KTAB's defect makes it 65.58. */
static void receiver_view(void **state)
{
    (void)state;
    pl_smp_params par;
    pl_smp_params_default(&par);
    par.bargn = PL_SMP_BARGN_INIT_RCVR;
    for (int compat = 0; compat < 2; compat++) {
        par.ktab_compat = compat;
        pl_smp *m = hand_model(&par);
        pl_error err;
        assert_int_equal(pl_smp_turn(m, NULL, &err), PL_OK);
        assert_int_equal(m->bargain[1].init, 0); /* A's two bargains come first */
        assert_int_equal(m->bargain[1].rcvr, 2);
        assert_true(fabs(100 * m->bargain[1].x_init[0] - (compat ? 65.58 : 50.0)) < 1e-9);
        pl_smp_free(m);
    }
}

/* The hand vector collapses to consensus at 50 in one turn, where KTAB divides 0 by 0. */
static void consensus(void **state)
{
    (void)state;
    pl_stakeholders *s = hand_table();
    pl_forecast *f = run_ok(s, NULL, NULL);
    assert_int_equal(f->n_rounds, 3);
    for (size_t r = 1; r < f->n_rounds; r++)
        for (size_t i = 0; i < 3; i++) {
            assert_true(f->round[r].position[i] == 50.0);
            assert_true(series(f, "risk", r)[i] == 0.0);
            assert_true(series(f, "probability", r)[i] == 1.0);
        }
    assert_string_equal(info_text(f, "stop"), "converged");
    assert_true(f->forecast[0] == 50.0);
    assert_true(info_value(f, "distinct_positions") == 1);
    assert_null(info(f, "cycle_period")); /* a state that stops moving converges; it is no cycle */
    assert_int_equal(f->n_events, 2); /* A and C adopt A's bargain; B keeps its position */
    for (size_t e = 0; e < 2; e++) {
        assert_int_equal(f->event[e].round, 1);
        assert_int_equal(f->event[e].actor, e ? 2 : 0);
        assert_int_equal(f->event[e].other, e ? 0 : 2);
        assert_true(f->event[e].to == 50.0 && f->event[e].from == (e ? 80.0 : 20.0));
        assert_true(f->event[e].b == 0.5); /* A's odds against C */
    }
    pl_forecast_free(f);
    pl_stakeholders_free(s);
}

/* {====================================================================== KTAB's reference positions */

/* Every turn, actor and dimension of parley's run against KTAB's, within 0.01. */
static void check_reference(const char *name)
{
    char rel[256];
    snprintf(rel, sizeof rel, "ktab/%s.csv", name);
    pl_stakeholders *s = read_table(rel);
    pl_forecast *f = run_ok(s, NULL, NULL);
    snprintf(rel, sizeof rel, "ktab/reference-positions/%s.positions.csv", name);
    FILE *fp = fopen(tu_data(rel), "r");
    assert_non_null(fp);
    char line[256];
    size_t t, a, d, last = 0, rows = 0;
    double x, worst = 0;
    assert_non_null(fgets(line, sizeof line, fp));
    while (fgets(line, sizeof line, fp)) {
        assert_int_equal(sscanf(line, "%zu,%zu,%zu,%lf", &t, &a, &d, &x), 4);
        assert_true(t < f->n_rounds);
        double e = fabs(f->round[t].position[a * f->n_dims + d] - x);
        worst = e > worst ? e : worst;
        last = t > last ? t : last;
        rows++;
    }
    fclose(fp);
    assert_int_equal(rows, f->n_rounds * f->n_actors * f->n_dims);
    assert_int_equal(last + 1, f->n_rounds); /* the same number of turns */
    if (!(worst <= 0.01)) fail_msg("%s: largest difference %g", name, worst);
    assert_string_equal(info_text(f, "stop"), "converged");
    pl_forecast_free(f);
    pl_stakeholders_free(s);
}

/* Each shipped input with KTAB positions is its own test (the test's state names it). */
static char ref_3dim[] = "dummyData_3Dim", ref_pol_comp[] = "SOE-Pol-Comp", ref_policy[] = "SOE-Policy",
            ref_competitive[] = "SOE-Competitive", ref_a040[] = "dummyData-a040", ref_6dim[] = "dummyData_6Dim";

static void reference_run(void **state) { check_reference(*state); }

/* The XML twin of dummyData_3Dim gives the CSV's result. */
static void xml_twin(void **state)
{
    (void)state;
    pl_stakeholders *a = read_table("ktab/dummyData_3Dim.csv"), *b = read_table("ktab/dummyData_3Dim.xml");
    pl_forecast *fa = run_ok(a, NULL, NULL), *fb = run_ok(b, NULL, NULL);
    assert_int_equal(fa->n_rounds, fb->n_rounds);
    for (size_t r = 0; r < fa->n_rounds; r++)
        for (size_t k = 0; k < fa->n_actors * fa->n_dims; k++) assert_true(fa->round[r].position[k] == fb->round[r].position[k]);
    pl_forecast_free(fa);
    pl_forecast_free(fb);
    pl_stakeholders_free(a);
    pl_stakeholders_free(b);
}

/* {====================================================================== KTAB's reference logs */

enum { LOG_ID_MAX = 200000 };

typedef struct log_walk {
    pl_smp *m;
    size_t turn, k_resolving;
    int resolving; /* between "Bargains to be resolved" and the turn's "Fractional change" */
    int *id_init, *id_rcvr; /* bargain id − 1000 → its parties */
    size_t n_est, n_target, n_bargain, n_chosen;
} log_walk;

static void log_est(log_walk *w, const char *line)
{
    size_t h, i, j, k;
    double p, d;
    if (sscanf(line, "Est by %zu of prob %lf that [%zu>%zu], with expected gain to %zu of %lf", &h, &p, &i, &j, &k,
               &d) != 6)
        return;
    double op, od;
    pl_smp_perspective(w->m, h, w->m->ut2);
    pl_smp_challenge(w->m, w->m->ut2, k, i, j, &op, &od);
    if (fabs(op - p) > 5.0001e-5 || fabs(od - d) > 5.0001e-5)
        fail_msg("turn %zu: est by %zu of %zu>%zu for %zu: parley %.6f %+.6f, KTAB %.4f %+.4f", w->turn, h, i, j, k, op,
                 od, p, d);
    w->n_est++;
}

static void log_target(log_walk *w, const char *line)
{
    size_t t, i, j;
    double worth;
    pl_smp *m = w->m;
    if (sscanf(line, "In turn %zu actor %zu has most advantageous target %zu worth %lf", &t, &i, &j, &worth) == 4) {
        pl_smp_perspective(m, i, m->ut);
        pl_smp_best_target(m, i);
        assert_int_equal(m->target[i], j);
        assert_true(fabs(m->du_target[i] - worth) <= 5.0001e-4);
    } else if (sscanf(line, "In turn %zu Actor %zu has no advantageous targets", &t, &i) == 2) {
        pl_smp_perspective(m, i, m->ut);
        pl_smp_best_target(m, i);
        assert_int_equal(m->target[i], m->n);
    } else {
        return;
    }
    assert_int_equal(t, w->turn);
    w->n_target++;
}

static void log_dispatch(log_walk *w, const char *line, FILE *fp);

/* "Bargain [id, i:j] from i's perspective" and its two "proposes" lines: the InitOnlyInterp
** bargain. KTAB's threads interleave their output, so other lines in between are dispatched. */
static void log_bargain(log_walk *w, const char *line, FILE *fp)
{
    size_t i, j, who;
    if (sscanf(line, "Bargain [%*u, %zu:%zu] from %zu's perspective", &i, &j, &who) != 3 || who != i) return;
    pl_smp *m = w->m;
    double x[2][16];
    assert_true(m->nd <= 16);
    pl_smp_interpolate(m, i, j, m->p_target[i], x[0], x[1]);
    char next[4096];
    for (int r = 0; r < 2;) {
        assert_non_null(fgets(next, sizeof next, fp));
        size_t a, b;
        int used;
        if (sscanf(next, " %zu proposes %zu adopt:%n", &a, &b, &used) != 2) {
            log_dispatch(w, next, fp);
            continue;
        }
        assert_int_equal(a, i);
        assert_int_equal(b, r ? j : i);
        const char *q = next + used;
        for (size_t d = 0; d < m->nd; d++) {
            char *end;
            double v = strtod(q, &end);
            assert_true(fabs(100 * x[r][d] - v) <= 5.0001e-4);
            q = end;
        }
        r++;
    }
    w->n_bargain++;
}

static void log_queue(log_walk *w, const char *line)
{
    const char *q = strchr(line, '[');
    unsigned id;
    int i, j, used;
    while (q && sscanf(q, "[%u, %d:%d]%n", &id, &i, &j, &used) == 3) {
        assert_true(id >= 1000 && id - 1000 < LOG_ID_MAX);
        w->id_init[id - 1000] = i;
        w->id_rcvr[id - 1000] = j;
        q += used;
    }
}

static void log_chosen(log_walk *w, const char *line)
{
    unsigned id;
    size_t k;
    if (sscanf(line, "Doing scalarPCE for the %*u bargains of actor %zu", &k) == 1) w->k_resolving = k;
    if (sscanf(line, "Chosen bargain ( Deterministic ): %u", &id) != 1) return;
    size_t init, rcvr;
    chosen(w->m, w->k_resolving, &init, &rcvr);
    assert_int_equal(init, w->id_init[id - 1000]);
    assert_int_equal(rcvr, w->id_rcvr[id - 1000]);
    w->n_chosen++;
}

static void log_dispatch(log_walk *w, const char *line, FILE *fp)
{
    size_t t;
    pl_error err;
    if (sscanf(line, "In turn %zu", &t) == 1 && t != w->turn) {
        assert_int_equal(t, w->turn + 1);
        w->turn = t;
        w->resolving = 0;
    }
    if (strncmp(line, "Bargains to be resolved", 23) == 0) {
        assert_int_equal(pl_smp_turn(w->m, NULL, &err), PL_OK); /* choices are made; state t+1 */
        w->resolving = 1;
    }
    if (strncmp(line, "Est by", 6) == 0 && !w->resolving) log_est(w, line);
    if (strncmp(line, "In turn", 7) == 0) log_target(w, line);
    if (strncmp(line, "Bargain [", 9) == 0) log_bargain(w, line, fp);
    if (strncmp(line, "Bargains involving", 18) == 0) log_queue(w, line);
    if (w->resolving) log_chosen(w, line);
    if (w->resolving && strncmp(line, "Fractional change", 17) == 0) {
        assert_int_equal(pl_smp_assess(w->m, &err), PL_OK);
        w->resolving = 0;
    }
}

/* Replays a KTAB log: every challenge estimate, best target and InitOnlyInterp bargain of every
** turn is recomputed from parley's state, and every actor's chosen bargain compared after the
** turn (whose choices the log reports after all proposals). */
static void walk_log(const char *table, const char *log, size_t *counts)
{
    pl_stakeholders *s = read_table(table);
    pl_smp_params par;
    pl_smp_params_default(&par);
    log_walk w = {model_of(s, &par), 0, 0, 0, calloc(LOG_ID_MAX, sizeof(int)), calloc(LOG_ID_MAX, sizeof(int)),
                  0, 0, 0, 0};
    FILE *fp = fopen(tu_data(log), "r");
    assert_non_null(fp);
    char line[4096];
    while (fgets(line, sizeof line, fp)) log_dispatch(&w, line, fp);
    fclose(fp);
    counts[0] = w.n_est;
    counts[1] = w.n_target;
    counts[2] = w.n_bargain;
    counts[3] = w.n_chosen;
    free(w.id_init);
    free(w.id_rcvr);
    pl_smp_free(w.m);
    pl_stakeholders_free(s);
}

static void log_intermediates_3dim(void **state)
{
    (void)state;
    size_t c[4];
    walk_log("ktab/dummyData_3Dim.csv", "ktab/reference-logs/20170530_ref-dummyData_3Dim.txt", c);
    assert_int_equal(c[1], 7 * 10); /* every actor, every turn */
    assert_int_equal(c[3], 7 * 10);
    assert_true(c[0] >= 4 * c[2]);
    assert_true(c[2] > 50);
}

static void log_intermediates_pol_comp(void **state)
{
    (void)state;
    size_t c[4];
    walk_log("ktab/SOE-Pol-Comp.csv", "ktab/reference-logs/20170530_ref-SOE-Pol-Comp.txt", c);
    assert_int_equal(c[1], 13 * 27);
    assert_int_equal(c[3], 13 * 27);
    assert_int_equal(c[0], 1396);
}

/* KTAB's regression lines: `Fractional change ...` and `<actor>, prob : ...` (4 decimals). */
static void check_log_lines(const char *table, const char *log)
{
    pl_stakeholders *s = read_table(table);
    pl_forecast *f = run_ok(s, NULL, NULL);
    FILE *fp = fopen(tu_data(log), "r");
    assert_non_null(fp);
    char line[8192], name[64];
    size_t turn = 0, actors = 0, nd = f->n_dims;
    double d01 = 0;
    while (fgets(line, sizeof line, fp)) {
        double r;
        int used;
        if (sscanf(line, "Fractional change compared to first step: %lf", &r) == 1) {
            turn++;
            double dt = 0;
            for (size_t i = 0; i < f->n_actors; i++) {
                double q = 0;
                for (size_t d = 0; d < nd; d++) {
                    double x = (f->round[turn].position[i * nd + d] - f->round[turn - 1].position[i * nd + d]) / 100;
                    q += x * x;
                }
                dt += sqrt(q);
            }
            if (turn == 1) d01 = dt + 1e-4;
            assert_true(fabs(dt / d01 - r) <= 5.0001e-5);
        } else if (sscanf(line, "%63[^,], prob :%n", name, &used) == 1 && strstr(line, "prob :")) {
            long a = -1;
            for (size_t i = 0; i < f->n_actors; i++)
                if (strcmp(f->actor[i], name) == 0) a = (long)i;
            assert_true(a >= 0);
            const char *q = line + used;
            for (size_t t = 0; t < f->n_rounds; t++) {
                char *end;
                double v = strtod(q, &end);
                assert_true(end != q);
                assert_true(fabs(series(f, "probability", t)[a] - v) <= 5.0001e-5);
                q = end;
            }
            actors++;
        }
    }
    fclose(fp);
    assert_int_equal(turn + 1, f->n_rounds);
    assert_int_equal(actors, f->n_actors);
    pl_forecast_free(f);
    pl_stakeholders_free(s);
}

static void log_regression_lines(void **state)
{
    (void)state;
    check_log_lines("ktab/dummyData_3Dim.csv", "ktab/reference-logs/20170530_ref-dummyData_3Dim.txt");
    check_log_lines("ktab/SOE-Pol-Comp.csv", "ktab/reference-logs/20170530_ref-SOE-Pol-Comp.txt");
}

/* Turn 0 of dummyData_3Dim with the receiver-perspective and power-weighted bargains in
** --ktab-compat mode reproduce the two other bargains KTAB logs (it builds all three). */
static void log_compat_bargains(void **state)
{
    (void)state;
    static const struct {
        size_t i, j;
        double rv_init[3], rv_rcvr[3], pw_init[3], pw_rcvr[3]; /* as logged, "j proposes i/j adopt" */
    } want[] = {
        {0, 6, {71.080, 33.450, 90.120}, {71.080, 33.450, 90.120}, {73.317, 29.169, 81.149}, {73.317, 29.174, 81.149}},
        {5, 1, {82.930, 55.830, 65.990}, {82.930, 55.830, 65.990}, {83.666, 44.845, 76.254}, {83.666, 44.845, 76.254}},
        {1, 0, {76.180, 51.340, 69.750}, {76.180, 51.330, 69.750}, {78.810, 61.755, 67.244}, {78.810, 61.750, 67.244}},
        {2, 6, {78.240, 41.990, 39.150}, {78.240, 41.990, 39.150}, {80.370, 63.491, 19.493}, {80.370, 63.491, 19.493}},
        {4, 0, {75.870, 15.960, 70.480}, {75.870, 15.950, 70.480}, {77.762, 30.789, 71.290}, {77.762, 30.779, 71.290}},
    };
    pl_stakeholders *s = read_table("ktab/dummyData_3Dim.csv");
    pl_smp_params par;
    pl_smp_params_default(&par);
    par.ktab_compat = 1;
    pl_error err;
    for (int pw = 0; pw < 2; pw++) {
        par.bargn = pw ? PL_SMP_BARGN_PW_COMP : PL_SMP_BARGN_INIT_RCVR;
        pl_smp *m = model_of(s, &par);
        assert_int_equal(pl_smp_turn(m, NULL, &err), PL_OK);
        for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
            const pl_smp_bargain *b = NULL;
            for (size_t q = 0; !b && q < m->n_bargain; q++)
                if (m->bargain[q].init == want[k].i) b = &m->bargain[q + (pw ? 0 : 1)];
            assert_non_null(b);
            for (size_t d = 0; d < 3; d++) {
                const double *xi = pw ? want[k].pw_init : want[k].rv_init, *xr = pw ? want[k].pw_rcvr : want[k].rv_rcvr;
                assert_true(fabs(100 * b->x_init[d] - xi[d]) <= 5.0001e-4);
                assert_true(fabs(100 * b->x_rcvr[d] - xr[d]) <= 5.0001e-4);
            }
        }
        pl_smp_free(m);
    }
    pl_stakeholders_free(s);
}

/* {====================================================================== XML parameters, Markov PCE */

/* smpExample.xml with Alice's empty first coordinate restored (52.8, as in KTAB's 2017 log). */
static pl_stakeholders *smp_example(void)
{
    FILE *fp = fopen(tu_data("ktab/smpExample.xml"), "rb");
    assert_non_null(fp);
    static char text[16384];
    size_t n = fread(text, 1, sizeof text - 1, fp);
    fclose(fp);
    text[n] = '\0';
    static char fixed[16400];
    char *at = strstr(text, "<dCoord></dCoord>");
    assert_non_null(at);
    snprintf(fixed, sizeof fixed, "%.*s<dCoord>52.8</dCoord>%s", (int)(at - text), text, at + 17);
    pl_error err;
    return tu_parse("smpExample.xml", fixed, PL_OK, &err);
}

/* Round 0 of smpExample: MarkovIncentive PCE with PropCbc votes (KTAB's log, 4 decimals). */
static void xml_parameters(void **state)
{
    (void)state;
    static const double prob0[5] = {0.3154, 0.1668, 0.1082, 0.2216, 0.1880};
    static const double risk0[5] = {1.000, -0.387, -0.500, -0.001, -0.298};
    pl_stakeholders *s = smp_example();
    gsl_rng *rng = pl_rng_alloc(s->seed, 0);
    const char *const one[] = {"max-turns=1", NULL};
    pl_forecast *f = run_ok(s, one, rng);
    assert_string_equal(info_text(f, "PCEModel"), "MarkovIncentive");
    assert_string_equal(info_text(f, "VotingRule"), "PropCbc");
    assert_string_equal(info_text(f, "StateTransitions"), "Stochastic");
    for (size_t i = 0; i < 5; i++) {
        assert_true(fabs(series(f, "probability", 0)[i] - prob0[i]) <= 5.0001e-5);
        assert_true(fabs(series(f, "risk", 0)[i] - risk0[i]) <= 5.0001e-4);
    }
    pl_forecast_free(f);
    const char *const override[] = {"max-turns=1", "pce=Conditional", "transitions=Deterministic", NULL};
    f = run_ok(s, override, NULL); /* the command line wins over the file */
    assert_string_equal(info_text(f, "PCEModel"), "Conditional");
    assert_string_equal(info_text(f, "VotingRule"), "PropCbc");
    assert_true(fabs(series(f, "probability", 0)[0] - prob0[0]) > 1e-3);
    pl_forecast_free(f);
    gsl_rng_free(rng);
    pl_stakeholders_free(s);
}

/* Same seed, same run, bit for bit; another seed, another run. */
static void stochastic_seeds(void **state)
{
    (void)state;
    pl_stakeholders *s = smp_example();
    pl_forecast *f[3];
    for (int k = 0; k < 3; k++) {
        gsl_rng *rng = pl_rng_alloc(k < 2 ? 42 : 43, 0);
        f[k] = run_ok(s, NULL, rng);
        gsl_rng_free(rng);
    }
    assert_int_equal(f[0]->n_rounds, f[1]->n_rounds);
    for (size_t r = 0; r < f[0]->n_rounds; r++)
        assert_memory_equal(f[0]->round[r].position, f[1]->round[r].position, 15 * sizeof(double));
    int differ = f[0]->n_rounds != f[2]->n_rounds;
    for (size_t r = 1; !differ && r < f[0]->n_rounds; r++)
        differ = memcmp(f[0]->round[r].position, f[2]->round[r].position, 15 * sizeof(double)) != 0;
    assert_true(differ);
    for (int k = 0; k < 3; k++) pl_forecast_free(f[k]);
    pl_stakeholders_free(s);
}

/* {====================================================================== cycles */

/* A KTAB-like random 10 × 5 table (capability U(10,200), positions U(0,100)) that settles into
** a period-2 oscillation, as ktab-smp.md §5.4 reports for its synth_10x5. */
static const char cycle_table[] =
    "Synth80,random KTAB-like table,10,5,\n"
    "Actor,Description,Power,P0,S0,P1,S1,P2,S2,P3,S3,P4,S4,\n"
    "A00,actor,61.58,55.01,20.61,84.15,26.91,99.28,12.08,92.85,16.20,93.83,12.22,\n"
    "A01,actor,20.33,23.12,22.68,35.33,14.46,17.30,5.49,97.70,15.71,20.39,22.45,\n"
    "A02,actor,59.11,36.77,10.88,57.93,6.50,31.48,5.89,74.15,32.69,24.35,20.93,\n"
    "A03,actor,104.44,34.65,19.12,67.47,12.62,50.36,8.73,4.08,23.38,21.19,20.02,\n"
    "A04,actor,134.70,98.92,4.86,77.77,12.26,85.49,19.18,91.11,3.68,84.64,35.31,\n"
    "A05,actor,89.69,15.08,13.03,39.65,17.98,25.97,22.66,33.97,20.73,78.93,4.38,\n"
    "A06,actor,111.19,80.84,24.14,76.74,12.50,42.97,15.15,27.84,23.99,56.74,14.76,\n"
    "A07,actor,65.57,27.94,3.68,32.11,32.96,29.50,32.40,35.05,5.57,59.53,9.67,\n"
    "A08,actor,41.27,11.06,18.87,46.75,6.80,85.84,20.66,82.09,6.51,78.47,25.05,\n"
    "A09,actor,143.95,87.03,8.98,87.28,29.03,98.56,31.47,27.40,6.27,70.73,21.53,\n";

static void cycle_detected(void **state)
{
    (void)state;
    pl_error err;
    pl_stakeholders *s = tu_parse("cycle.csv", cycle_table, PL_OK, &err);
    pl_forecast *f = run_ok(s, NULL, NULL);
    assert_string_equal(info_text(f, "stop"), "cycle");
    assert_true(info_value(f, "cycle_period") == 2);
    assert_true(info_value(f, "cycle_turn") == 28);
    assert_int_equal(f->n_rounds, 29);
    assert_memory_equal(f->round[28].position, f->round[26].position, 50 * sizeof(double));
    assert_memory_not_equal(f->round[28].position, f->round[27].position, 50 * sizeof(double));
    assert_non_null(strstr(info_text(f, "stop_detail"), "cycle of period 2 detected at turn 28"));
    pl_forecast_free(f);
    const char *const compat[] = {"ktab-compat", NULL}; /* KTAB runs on to its cap */
    f = run_ok(s, compat, NULL);
    assert_string_equal(info_text(f, "stop"), "turn cap");
    assert_int_equal(f->n_rounds, 101);
    assert_true(info_value(f, "cycle_turn") == 28);
    assert_memory_equal(f->round[100].position, f->round[28].position, 50 * sizeof(double));
    pl_forecast_free(f);
    pl_stakeholders_free(s);
}

static void turn_cap(void **state)
{
    (void)state;
    pl_stakeholders *s = read_table("ktab/SOE-Competitive.csv");
    const char *const cap[] = {"max-turns=3", NULL};
    pl_forecast *f = run_ok(s, cap, NULL);
    assert_int_equal(f->n_rounds, 4);
    assert_string_equal(info_text(f, "stop"), "turn cap");
    pl_forecast_free(f);
    pl_stakeholders_free(s);
}

/* {====================================================================== input checks */

static pl_stakeholders *small_table(size_t n, const double *sal, const double *cap)
{
    pl_stakeholders *s = pl_stakeholders_alloc(n, 1);
    for (size_t i = 0; i < n; i++) {
        char name[32];
        snprintf(name, sizeof name, "X%zu", i);
        pl_free(s->actor[i]);
        s->actor[i] = pl_strdup(name);
        s->position[i] = 10.0 + 20.0 * (double)i;
        s->salience[i] = sal[i];
        s->capability[i] = cap[i];
    }
    return s;
}

static void input_checks(void **state)
{
    (void)state;
    const double ones[5] = {1, 1, 1, 1, 1}, sal0[5] = {0.5, 0.0, 0.6, 0.7, 0.4}, cap0[5] = {1, 2, 0, 3, 4};
    pl_error err;
    pl_forecast *f = NULL;
    pl_stakeholders *s = small_table(2, ones, ones);
    const char *const three[] = {"min-actors=3", NULL};
    assert_int_equal(run_opts(s, three, NULL, &f, &err), PL_EINPUT); /* KTAB's minimum, on request */
    tu_assert_error(&err, "expected at least 3", 0, 0);
    f = run_ok(s, NULL, NULL); /* the equations are defined for two actors: the default */
    for (size_t r = 0; r < f->n_rounds; r++) assert_true(isfinite(f->round[r].position[0]));
    pl_forecast_free(f);
    pl_stakeholders_free(s);

    s = small_table(5, sal0, ones); /* X1 cares about nothing */
    f = run_ok(s, NULL, NULL);
    assert_true(info_value(f, "dropped_actors") == 1);
    for (size_t r = 0; r < f->n_rounds; r++) {
        assert_true(f->round[r].position[1] == 30.0);
        assert_true(series(f, "probability", r)[1] == 0.0);
    }
    pl_forecast_free(f);
    const char *const strict[] = {"inactive=error", NULL};
    assert_int_equal(run_opts(s, strict, NULL, &f, &err), PL_EINPUT);
    tu_assert_error(&err, "X1", 0, 0);
    pl_stakeholders_free(s);

    s = small_table(5, ones, cap0); /* X2 has no capability */
    assert_int_equal(run_opts(s, strict, NULL, &f, &err), PL_EINPUT);
    tu_assert_error(&err, "capability 0", 0, 0);
    pl_stakeholders_free(s);

    s = read_table("ktab/dummyData_3Dim.csv");
    s->present[pl_idx(s, 3, 1)] = 0;
    assert_int_equal(run_opts(s, NULL, NULL, &f, &err), PL_EINPUT);
    tu_assert_error(&err, "every dimension", 0, 0);
    s->present[pl_idx(s, 3, 1)] = 1;
    s->capability[pl_idx(s, 3, 1)] += 1;
    assert_int_equal(run_opts(s, NULL, NULL, &f, &err), PL_EINPUT);
    tu_assert_error(&err, "one capability per actor", 0, 0);
    s->capability[pl_idx(s, 3, 1)] = s->capability[pl_idx(s, 3, 0)];
    s->salience[pl_idx(s, 3, 1)] = 0.9;
    assert_int_equal(run_opts(s, NULL, NULL, &f, &err), PL_EINPUT);
    tu_assert_error(&err, "expected at most 1", 0, 0);
    pl_stakeholders_free(s);
}

/* {====================================================================== every switch */

static void every_switch(void **state)
{
    (void)state;
    static const char *const values[] = {
        "victory-prob=Square", "victory-prob=Quartic", "victory-prob=Octic", "victory-prob=Binary",
        "pce=MarkovIncentive", "pce=MarkovUniform", "transitions=Stochastic", "voting-rule=Binary",
        "voting-rule=PropBin", "voting-rule=PropCbc", "voting-rule=Cubic", "voting-rule=ASymProsp",
        "big-r-adjust=None", "big-r-adjust=Half", "big-r-adjust=TwoThirds", "big-r-adjust=Full",
        "big-r-range=Min", "big-r-range=Max", "third-party=NoCommit", "third-party=FullCommit",
        "inter-vec-brgn=S1P1", "inter-vec-brgn=S2PMax", "bargain-model=InitRcvrInterp",
        "bargain-model=PWCompInterp", "ktab-compat",
    };
    pl_stakeholders *s = read_table("ktab/dummyData_3Dim.csv");
    for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
        const char *const opts[] = {values[v], NULL};
        gsl_rng *rng = pl_rng_alloc(7, 0);
        pl_forecast *f = run_ok(s, opts, rng);
        for (size_t r = 0; r < f->n_rounds; r++) {
            const double *p = series(f, "probability", r), *risk = series(f, "risk", r);
            for (size_t i = 0; i < f->n_actors; i++) {
                assert_true(p[i] >= 0 && p[i] <= 1 + 1e-12);
                assert_true(risk[i] >= -1 - 1e-12 && risk[i] <= 1 + 1e-12);
                for (size_t d = 0; d < f->n_dims; d++) assert_true(isfinite(f->round[r].position[i * 3 + d]));
            }
        }
        assert_true(isfinite(f->forecast[0]) && isfinite(f->forecast[1]) && isfinite(f->forecast[2]));
        pl_forecast_free(f);
        gsl_rng_free(rng);
    }
    pl_stakeholders_free(s);
}

/* {====================================================================== kernels */

/* The vectorised all-targets kernel gives the scalar probEduChlg's bits, for every third-party
** rule, on every actor of two reference states. */
static void vector_matches_scalar(void **state)
{
    (void)state;
    const char *tables[] = {"ktab/dummyData_3Dim.csv", "ktab/SOE-Pol-Comp.csv", "ktab/dummyData-a040.csv"};
    for (size_t t = 0; t < 3; t++) {
        pl_stakeholders *s = read_table(tables[t]);
        for (int tpc = 0; tpc < 3; tpc++) {
            pl_smp_params par;
            pl_smp_params_default(&par);
            par.tpc = (pl_smp_tpc)tpc;
            pl_smp *m = model_of(s, &par);
            double *p = malloc(m->n * sizeof *p), *du = malloc(m->n * sizeof *du);
            for (size_t i = 0; i < m->n; i++) {
                pl_smp_perspective(m, i, m->ut);
                pl_smp_challenges(m, m->ut, i, p, du);
                for (size_t j = 0; j < m->n; j++) {
                    if (j == i) continue;
                    double ps, ds;
                    pl_smp_challenge(m, m->ut, i, i, j, &ps, &ds);
                    assert_memory_equal(&ps, &p[j], sizeof ps);
                    assert_memory_equal(&ds, &du[j], sizeof ds);
                }
            }
            free(p);
            free(du);
            pl_smp_free(m);
        }
        pl_stakeholders_free(s);
    }
}

/* The vectorised Prop coalitions give the bits of KTAB's scalar loop (lower triangle, votes added
** in voter order). */
static void coalitions_match_scalar(void **state)
{
    (void)state;
    enum { NV = 9, NO = 7 };
    gsl_rng *r = pl_rng_alloc(11, 0);
    double w[NV], u[NV * NO], c[NO * NO], p[NO], q[NO];
    double *work = malloc(pl_smp_pce_work_size(NO) * sizeof *work);
    for (size_t k = 0; k < NV; k++) w[k] = 1 + 100 * gsl_rng_uniform(r);
    for (size_t k = 0; k < NV * NO; k++) u[k] = gsl_rng_uniform(r);
    for (size_t a = 0; a < NO; a++) {
        for (size_t b = 0; b < a; b++) {
            double cab = 1e-8, cba = 1e-8;
            for (size_t k = 0; k < NV; k++) {
                double v = pl_smp_vote(PL_SMP_VR_PROP, w[k], u[k * NO + a], u[k * NO + b]);
                if (v > 0) cab = cab + v;
                if (v < 0) cba = cba - v;
            }
            c[a * NO + b] = cab;
            c[b * NO + a] = cba;
        }
        c[a * NO + a] = 1e-8;
    }
    pl_smp_rule rule = {PL_SMP_VR_PROP, PL_SMP_VP_LINEAR, PL_SMP_PCE_CONDITIONAL};
    pl_error err;
    for (int pcem = 0; pcem < 3; pcem++) {
        rule.pcem = (pl_smp_pcem)pcem;
        assert_int_equal(pl_smp_pce(&rule, NV, NO, w, u, NO, work, p, &err), PL_OK);
        assert_int_equal(pl_smp_pce_from_coalitions(&rule, NO, c, work, q, &err), PL_OK);
        assert_memory_equal(p, q, sizeof p);
        double sum = 0;
        for (size_t a = 0; a < NO; a++) sum += p[a];
        tu_assert_close(sum, 1.0, 1e-6);
    }
    free(work);
    gsl_rng_free(r);
}

/* KTAB's log of dummyData_3Dim, turn 0, actor 0's five bargains: coalition strengths (3
** decimals) give the logged distribution 0.0004 0.2938 0.0137 0.4968 0.1953. */
static void conditional_pce_from_log(void **state)
{
    (void)state;
    static const double c[25] = {0.000, 0.443, 4.336, 0.710, 1.692, 7.917, 0.000, 7.906, 3.588,
                                 4.778, 6.792, 2.889, 0.000, 2.346, 1.630, 9.194, 4.598, 8.373,
                                 0.000, 2.996, 8.705, 4.318, 6.186, 1.525, 0.000};
    static const double want[5] = {0.0004, 0.2938, 0.0137, 0.4968, 0.1953};
    double work[3 * 25 + 5], p[5];
    pl_smp_rule rule = {PL_SMP_VR_PROP, PL_SMP_VP_LINEAR, PL_SMP_PCE_CONDITIONAL};
    pl_error err;
    assert_int_equal(pl_smp_pce_from_coalitions(&rule, 5, c, work, p, &err), PL_OK);
    for (size_t a = 0; a < 5; a++) assert_true(fabs(p[a] - want[a]) < 5e-4);
}

static void votes_and_victory(void **state)
{
    (void)state;
    tu_assert_close(pl_smp_vote(PL_SMP_VR_PROP, 2, 0.7, 0.4), 0.6, 1e-15);
    tu_assert_close(pl_smp_vote(PL_SMP_VR_BINARY, 2, 0.7, 0.4), 2, 1e-15);
    tu_assert_close(pl_smp_vote(PL_SMP_VR_PROPBIN, 2, 0.7, 0.4), 2 * (0.8 * 0.3 + 0.2), 1e-15);
    tu_assert_close(pl_smp_vote(PL_SMP_VR_PROPCBC, 2, 0.7, 0.4), 2 * (0.5 * 0.3 + 0.5 * 0.027), 1e-14);
    tu_assert_close(pl_smp_vote(PL_SMP_VR_CUBIC, 2, 0.4, 0.7), -2 * 0.027, 1e-14);
    tu_assert_close(pl_smp_vote(PL_SMP_VR_ASYMPROSP, 3, 0.7, 0.4), 0.6, 1e-15);
    tu_assert_close(pl_smp_vote(PL_SMP_VR_ASYMPROSP, 3, 0.4, 0.7), -0.9, 1e-15);
    double a, b;
    pl_smp_victory(PL_SMP_VP_SQUARE, 3, 1, &a, &b);
    tu_assert_close(a, 0.9, 1e-15);
    pl_smp_victory(PL_SMP_VP_BINARY, 1.1, 1, &a, &b); /* a 10 % advantage wins outright */
    tu_assert_close(a, 1 / (1 + 1e-6), 1e-15);
    pl_smp_victory(PL_SMP_VP_BINARY, 1, 1, &a, &b);
    tu_assert_close(a, 0.5, 1e-12);
    tu_assert_close(a + b, 1, 1e-15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_vector),
        cmocka_unit_test(receiver_view),
        cmocka_unit_test(consensus),
        {"reference_dummyData_3Dim", reference_run, NULL, NULL, ref_3dim},
        {"reference_SOE-Pol-Comp", reference_run, NULL, NULL, ref_pol_comp},
        {"reference_SOE-Policy", reference_run, NULL, NULL, ref_policy},
        {"reference_SOE-Competitive", reference_run, NULL, NULL, ref_competitive},
        {"reference_dummyData-a040", reference_run, NULL, NULL, ref_a040},
        {"reference_dummyData_6Dim", reference_run, NULL, NULL, ref_6dim},
        cmocka_unit_test(xml_twin),
        cmocka_unit_test(log_intermediates_3dim),
        cmocka_unit_test(log_intermediates_pol_comp),
        cmocka_unit_test(log_regression_lines),
        cmocka_unit_test(log_compat_bargains),
        cmocka_unit_test(xml_parameters),
        cmocka_unit_test(stochastic_seeds),
        cmocka_unit_test(cycle_detected),
        cmocka_unit_test(turn_cap),
        cmocka_unit_test(input_checks),
        cmocka_unit_test(every_switch),
        cmocka_unit_test(vector_matches_scalar),
        cmocka_unit_test(coalitions_match_scalar),
        cmocka_unit_test(conditional_pce_from_log),
        cmocka_unit_test(votes_and_victory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
