/*
** test_discovery.c — scenario discovery on constructed cases with known answers: uniform inputs,
** the condition true inside a known box (and in a known share of runs outside it, noise); PRIM
** and CART must recover the box's limits. Also the trajectory's invariants, covering with two
** boxes, the quasi-p-values, conditions on outcomes, and every allocation failure.
*/
#include "testutil.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "parley/discovery.h"
#include "parley/memory.h"
#include "parley/rng.h"

enum { N = 4000, D = 4 };

/* Box A: x0 in [0.2, 0.6], x1 in [0.3, 0.9]; box B (when two): x0 in [0.75, 0.95], x2 in [0.1, 0.5]. */
static const double box_a[D][2] = {{0.2, 0.6}, {0.3, 0.9}, {0, 1}, {0, 1}};
static const double box_b[D][2] = {{0.75, 0.95}, {0, 1}, {0.1, 0.5}, {0, 1}};

static int inside(const double *x, const double (*box)[2])
{
    for (int j = 0; j < D; j++)
        if (x[j] < box[j][0] || x[j] > box[j][1]) return 0;
    return 1;
}

typedef struct cases {
    double x[N * D];
    unsigned char y[N];
    pl_disc_data data;
} cases;

/* Inside the box(es) the condition holds with probability p_in, outside with p_out. */
static cases *make_cases(int two_boxes, double p_in, double p_out, uint64_t seed)
{
    static cases c;
    gsl_rng *r = pl_rng_alloc(seed, 0);
    for (int i = 0; i < N; i++) {
        double *x = c.x + i * D;
        for (int j = 0; j < D; j++) x[j] = gsl_rng_uniform(r);
        int in = inside(x, box_a) || (two_boxes && inside(x, box_b));
        c.y[i] = gsl_rng_uniform(r) < (in ? p_in : p_out);
    }
    gsl_rng_free(r);
    c.data = (pl_disc_data){N, D, c.x, c.y};
    return &c;
}

/* The box's limits are those of the known box within tol; unrestricted inputs stay (nearly) whole. */
static void assert_box(const pl_prim_step *s, const double (*box)[2], double tol)
{
    for (int j = 0; j < D; j++) {
        assert_true(fabs(s->lo[j] - box[j][0]) <= tol);
        assert_true(fabs(s->hi[j] - box[j][1]) <= tol);
    }
}

static void prim_recovers_a_known_box(void **state)
{
    (void)state;
    cases *c = make_cases(0, 0.9, 0.05, 7);
    pl_prim_options o;
    pl_prim_options_init(&o);
    pl_prim_result r;
    pl_error err;
    assert_int_equal(pl_prim(&c->data, &o, &r, &err), PL_OK);
    assert_int_equal(r.n_boxes, 1);
    const pl_prim_box *b = &r.box[0];
    const pl_prim_step *s = &b->step[b->chosen];
    assert_box(s, box_a, 0.05);
    assert_true(b->meets_threshold && s->density >= 0.8);
    assert_true(s->coverage > 0.8);
    /* the two real restrictions are significant; any other restriction is not */
    for (int j = 0; j < D; j++) {
        if (j < 2) assert_true(b->p_value[j] < 1e-6);
        else assert_true(isnan(b->p_value[j]) || b->p_value[j] > 1e-3);
    }
    /* the trajectory: starts with every run; each peel loses coverage and mass, never gains */
    assert_true(b->step[0].mass == 1 && b->step[0].coverage == 1 && b->step[0].n_restricted == 0);
    for (size_t k = 1; k < b->n_steps && !b->step[k].pasted; k++) {
        assert_true(b->step[k].mass < b->step[k - 1].mass);
        assert_true(b->step[k].coverage <= b->step[k - 1].coverage);
        assert_true(b->step[k].mass >= o.mass_min);
    }
    pl_prim_result_free(&r);
}

static void prim_without_noise_is_exact(void **state)
{
    (void)state;
    cases *c = make_cases(0, 1, 0, 3);
    pl_prim_options o;
    pl_prim_options_init(&o);
    o.threshold = 1;
    pl_prim_result r;
    pl_error err;
    assert_int_equal(pl_prim(&c->data, &o, &r, &err), PL_OK);
    const pl_prim_step *s = &r.box[0].step[r.box[0].chosen];
    assert_true(s->density == 1);
    assert_true(s->coverage > 0.9); /* peeling never cuts into a pure box by more than one slab */
    assert_box(s, box_a, 0.03);
    assert_int_equal(s->n_restricted, 2);
    pl_prim_result_free(&r);
}

static void prim_covers_two_boxes(void **state)
{
    (void)state;
    cases *c = make_cases(1, 0.95, 0.02, 11);
    pl_prim_options o;
    pl_prim_options_init(&o);
    o.max_boxes = 3;
    o.threshold = 0.9; /* the boxes' own density is 0.95: at 0.8 the first box still holds a slab of B */
    o.mass_min = 0.02; /* B holds 8% of the runs: peeling must be free to go below 5% of them to clear its edges */
    pl_prim_result r;
    pl_error err;
    assert_int_equal(pl_prim(&c->data, &o, &r, &err), PL_OK);
    assert_true(r.n_boxes >= 2);
    const pl_prim_step *first = &r.box[0].step[r.box[0].chosen], *second = &r.box[1].step[r.box[1].chosen];
    /* the larger box (A, area 0.24 against B's 0.08) comes first */
    assert_box(first, box_a, 0.06);
    /* B's two limits; the second search also cuts into x1 and x3 (the sliver of A the first box
    ** left pulls it there), restrictions its quasi-p-values do not back */
    for (int j = 0; j < D; j += 2) {
        assert_true(fabs(second->lo[j] - box_b[j][0]) <= 0.06 && fabs(second->hi[j] - box_b[j][1]) <= 0.06);
        assert_true(r.box[1].p_value[j] < 1e-6);
    }
    assert_true(!(r.box[1].p_value[1] < 0.01) && !(r.box[1].p_value[3] < 0.01));
    assert_true(first->coverage + second->coverage > 0.6);
    pl_prim_result_free(&r);
}

static void prim_pick_and_bad_input(void **state)
{
    (void)state;
    cases *c = make_cases(0, 0.9, 0.05, 7);
    pl_prim_options o;
    pl_prim_options_init(&o);
    o.pick = 3;
    pl_prim_result r;
    pl_error err;
    assert_int_equal(pl_prim(&c->data, &o, &r, &err), PL_OK);
    assert_int_equal(r.box[0].peeled_choice, 3);
    pl_prim_result_free(&r);
    o.pick = 100000;
    assert_int_equal(pl_prim(&c->data, &o, &r, &err), PL_EINVAL);
    o.pick = -1;
    o.peel_alpha = 0.7;
    assert_int_equal(pl_prim(&c->data, &o, &r, &err), PL_EINVAL);
    pl_prim_options_init(&o);
    double x[2] = {0, (double)NAN};
    unsigned char y[2] = {0, 1};
    pl_disc_data bad = {2, 1, x, y};
    assert_int_equal(pl_prim(&bad, &o, &r, &err), PL_EINVAL);
    tu_assert_error(&err, "non-finite", 0, 0);
    bad.n = 0;
    assert_int_equal(pl_prim(&bad, &o, &r, &err), PL_EINVAL);
}

/* The leaf that holds most of box A's runs has A's limits. */
static void cart_recovers_a_known_box(void **state)
{
    (void)state;
    cases *c = make_cases(0, 0.9, 0.05, 7);
    pl_cart_options o;
    pl_cart_options_init(&o);
    o.max_depth = 4;
    pl_cart_tree t;
    pl_error err;
    assert_int_equal(pl_cart(&c->data, &o, &t, &err), PL_OK);
    assert_true(t.n_nodes > 1 && t.node[0].n == N);
    long best = -1;
    for (size_t k = 0; k < t.n_nodes; k++) {
        const pl_cart_node *nd = &t.node[k];
        if (nd->left < 0) assert_true(nd->n >= 40); /* 1% of the runs */
        else assert_int_equal(t.node[nd->left].n + t.node[nd->right].n, nd->n);
        if (nd->left < 0 && (best < 0 || nd->n_interest > t.node[best].n_interest)) best = (long)k;
    }
    const pl_cart_node *leaf = &t.node[best];
    assert_true(leaf->density > 0.8 && leaf->coverage > 0.8);
    for (int j = 0; j < 2; j++) {
        assert_true(fabs(leaf->lo[j] - box_a[j][0]) <= 0.03);
        assert_true(fabs(leaf->hi[j] - box_a[j][1]) <= 0.03);
    }
    pl_cart_tree_free(&t);
}

static void binomial_tail(void **state)
{
    (void)state;
    tu_assert_close(pl_binomial_upper(8, 10, 0.5), 56.0 / 1024, 1e-12); /* C(10,8)+C(10,9)+C(10,10) = 56 */
    assert_true(pl_binomial_upper(0, 10, 0.3) == 1);
    assert_true(pl_binomial_upper(11, 10, 0.3) == 0);
}

static void conditions(void **state)
{
    (void)state;
    const char *names[] = {"accept_attacker", "accept_defender", "signed_recommenced_10y", "territory_km2"};
    pl_condition *c;
    pl_error err;
    assert_int_equal(pl_condition_parse("accept_attacker && accept_defender && !signed_recommenced_10y", names, 4, &c, &err), PL_OK);
    assert_int_equal(pl_condition_eval(c, (double[]){1, 1, 0, 5}), 1);
    assert_int_equal(pl_condition_eval(c, (double[]){1, 1, 1, 5}), 0);
    assert_int_equal(pl_condition_eval(c, (double[]){1, (double)NAN, 0, 5}), -1);
    pl_condition_free(c);
    assert_int_equal(pl_condition_parse("(territory_km2 >= 1000.5 || accept_attacker) && territory_km2 != -2", names, 4, &c, &err), PL_OK);
    assert_int_equal(pl_condition_eval(c, (double[]){0, 0, 0, 1000.5}), 1);
    assert_int_equal(pl_condition_eval(c, (double[]){0, 0, 0, 1000}), 0);
    assert_int_equal(pl_condition_eval(c, (double[]){1, 0, 0, -2}), 0);
    pl_condition_free(c);
    assert_int_equal(pl_condition_parse("accept_attacker && renewed_10y", names, 4, &c, &err), PL_EINVAL);
    tu_assert_error(&err, "found 'renewed_10y', expected the name of an outcome", 1, 20);
    assert_null(c);
    assert_int_equal(pl_condition_parse("(deal", names, 4, &c, &err), PL_EINVAL);
    assert_int_equal(pl_condition_parse("(accept_attacker", names, 4, &c, &err), PL_EINVAL);
    tu_assert_error(&err, "found the end, expected ')'", 1, 17);
    assert_int_equal(pl_condition_parse("accept_attacker accept_defender", names, 4, &c, &err), PL_EINVAL);
    tu_assert_error(&err, "expected '&&'", 1, 17);
    assert_int_equal(pl_condition_parse("", names, 4, &c, &err), PL_EINVAL);
}

static void allocation_failures(void **state)
{
    (void)state;
    cases *c = make_cases(1, 0.95, 0.02, 11);
    pl_prim_options po;
    pl_prim_options_init(&po);
    po.max_boxes = 2;
    pl_cart_options co;
    pl_cart_options_init(&co);
    pl_error err;
    pl_status st = PL_ENOMEM;
    for (long k = 0; st == PL_ENOMEM && k < 100000; k++) {
        pl_prim_result r;
        pl_memory_fail_after(k);
        st = pl_prim(&c->data, &po, &r, &err);
        pl_memory_fail_after(-1);
        if (!st) pl_prim_result_free(&r);
        else assert_null(r.box);
    }
    assert_int_equal(st, PL_OK);
    st = PL_ENOMEM;
    for (long k = 0; st == PL_ENOMEM && k < 100000; k++) {
        pl_cart_tree t;
        pl_memory_fail_after(k);
        st = pl_cart(&c->data, &co, &t, &err);
        pl_memory_fail_after(-1);
        if (!st) pl_cart_tree_free(&t);
        else assert_null(t.node);
    }
    assert_int_equal(st, PL_OK);
}

/* Runs made into discovery data: inputs chosen by glob, unusable runs and runs where the condition
** is undefined left out and counted, y whether it holds. */
static void rows_from_runs(void **state)
{
    (void)state;
    const char *dim[] = {"settle.a", "settle.b", "war.c"}, *out[] = {"deal", "years"};
    const double x[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    const double y[] = {1, 2, 0, (double)NAN, 1, 0.5, 0, 3};
    const unsigned char ok[] = {1, 1, 1, 0};
    pl_disc_runs v = {4, 3, 2, dim, out, x, y, ok, NULL};
    pl_disc_rows r;
    pl_error err;
    assert_int_equal(pl_disc_rows_make(&v, "deal && years > 1", "settle.*", "test", &r, &err), PL_OK);
    assert_int_equal(r.data.d, 2);
    assert_string_equal(r.dim[1], "settle.b");
    assert_int_equal(r.data.n, 2); /* run 1: years undefined; run 3: not usable */
    assert_int_equal(r.n_left_out, 2);
    assert_int_equal(r.n_interest, 1);
    assert_int_equal(r.y[0], 1);
    assert_int_equal(r.y[1], 0);
    tu_assert_close(r.x[2], 7, 0);
    tu_assert_close(r.x[3], 8, 0);
    pl_disc_rows_free(&r);
    assert_int_equal(pl_disc_rows_make(&v, "deal", "none.*", "test", &r, &err), PL_EINVAL);
    assert_non_null(strstr(err.msg, "matching --inputs 'none.*'"));
    pl_disc_rows_free(&r);
    assert_int_equal(pl_disc_rows_make(&v, "nosuch", "*", "test", &r, &err), PL_EINVAL);
    pl_disc_rows_free(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(prim_recovers_a_known_box),
        cmocka_unit_test(rows_from_runs),
        cmocka_unit_test(prim_without_noise_is_exact),
        cmocka_unit_test(prim_covers_two_boxes),
        cmocka_unit_test(prim_pick_and_bad_input),
        cmocka_unit_test(cart_recovers_a_known_box),
        cmocka_unit_test(binomial_tail),
        cmocka_unit_test(conditions),
        cmocka_unit_test(allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
