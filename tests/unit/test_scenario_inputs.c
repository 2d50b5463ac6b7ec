/*
** test_scenario_inputs.c — a scenario's parameters as ensemble inputs: the provenance groups that
** draw them together, and --draw NAME=declared, which draws each one alone from the distribution
** its group would use (one-at-a-time screening of which parameters drive an outcome).
*/
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "parley/ensemble.h"
#include "parley/experiments.h"
#include "parley/scenario.h"

static pl_experiment *war_experiment_flags(unsigned flags)
{
    pl_experiment *e = NULL;
    pl_error err;
    char note[256];
    pl_status st = pl_experiment_war_flags(tu_root("scenarios/russia-ukraine-2024.yaml"), 30, 0, flags, &e, note,
                                           sizeof note, &err);
    if (st) fail_msg("%s", err.msg);
    return e;
}

static pl_experiment *war_experiment(void) { return war_experiment_flags(PL_SCENARIO_NO_CONDITION); }

static const pl_ens_input *input(const pl_experiment *e, const char *name)
{
    long k = pl_experiment_find_input(e, name);
    if (k < 0) fail_msg("no input %s", name);
    return &e->input[k];
}

/* One parameter leaves its group and takes the group's distribution for it; its source stays. */
static void one_declared(void **state)
{
    (void)state;
    pl_experiment *e = war_experiment();
    const char *name = "sides.ukraine.front.fatigue_rate";
    const pl_ens_input *in = input(e, name);
    assert_true(in->group >= 0);
    assert_int_equal(in->dist.kind, PL_DIST_FIXED);
    assert_int_not_equal(in->declared.kind, PL_DIST_FIXED);
    pl_dist declared = in->declared;
    char source[1024];
    snprintf(source, sizeof source, "%s", in->source);
    long group = in->group;
    pl_error err;
    assert_int_equal(pl_experiment_vary(e, "sides.ukraine.front.fatigue_rate=declared", &err), PL_OK);
    in = input(e, name);
    assert_int_equal(in->group, -1);
    assert_memory_equal(&in->dist, &declared, sizeof declared);
    assert_string_equal(in->source, source);
    /* The group still draws its other members. */
    assert_int_not_equal(e->input[group].dist.kind, PL_DIST_FIXED);
    pl_experiment_free(e);
}

/* Every sourced and assumed parameter alone: their groups are left empty and held; the
** posterior's columns stay in their joint draw. */
static void all_declared(void **state)
{
    (void)state;
    pl_experiment *e = war_experiment();
    pl_error err;
    size_t varied_before = pl_experiment_n_varied(e);
    assert_int_equal(pl_experiment_vary(e, "*=declared", &err), PL_OK);
    assert_int_equal(input(e, "draw:sourced")->dist.kind, PL_DIST_FIXED);
    assert_int_equal(input(e, "draw:assumed")->dist.kind, PL_DIST_FIXED);
    const pl_ens_input *fitted = input(e, "draw:fitted");
    assert_int_not_equal(fitted->dist.kind, PL_DIST_FIXED);
    size_t alone = 0, in_fitted = 0;
    for (size_t k = 0; k < e->n_inputs; k++) {
        const pl_ens_input *in = &e->input[k];
        if (in->declared.kind != PL_DIST_FIXED) {
            assert_int_equal(in->group, -1);
            alone++;
        }
        in_fitted += in->group == fitted - e->input;
    }
    assert_true(alone > 100);
    assert_true(in_fitted > 0);
    assert_int_equal(pl_experiment_n_varied(e), alone + 1); /* the fitted group's input */
    assert_true(pl_experiment_n_varied(e) > varied_before);
    pl_experiment_free(e);
}

/* A pattern that matches only inputs without a declared distribution is refused, and says why. */
static void none_declared(void **state)
{
    (void)state;
    pl_experiment *e = war_experiment();
    pl_error err;
    assert_int_equal(pl_experiment_vary(e, "draw:*=declared", &err), PL_EINVAL);
    assert_non_null(strstr(err.msg, "none with a declared distribution"));
    assert_int_equal(pl_experiment_vary(e, "no.such.input=declared", &err), PL_EINVAL);
    assert_non_null(strstr(err.msg, "no input is called"));
    pl_experiment_free(e);
}

/* Conditioning redraws whole groups: a parameter drawn alone would defeat it, so it is refused. */
static void conditioned_refused(void **state)
{
    (void)state;
    pl_experiment *e = war_experiment_flags(0);
    assert_non_null(e->condition);
    pl_error err;
    assert_int_equal(pl_experiment_vary(e, "*=declared", &err), PL_EINVAL);
    assert_non_null(strstr(err.msg, "--no-condition"));
    pl_experiment_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(one_declared),
        cmocka_unit_test(all_declared),
        cmocka_unit_test(none_declared),
        cmocka_unit_test(conditioned_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
