/*
** test_framework.c — framework files (the shipped 28- and 19-point frameworks and located
** errors), narrowing, the utility of terms, and negotiated terms with hand-computed values.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parley/framework.h"
#include "parley/memory.h"
#include "parley/settle.h"

static const char *small_fw =
    "framework: small\n"
    "title: a hand-computable framework\n"
    "actors:\n"
    "  a: {name: A, role: attacker}\n"
    "  d: {name: D, role: defender}\n"
    "  m: {name: M, role: mediator, holds: proposal}\n"
    "points:\n"
    "  - id: p1\n"
    "    title: one\n"
    "    content: first point\n"
    "    source: test\n"
    "    scale: [0, 100]\n"
    "    lo_means: none\n"
    "    hi_means: all\n"
    "    proposal: 60\n"
    "    status_quo: 0\n"
    "    positions:\n"
    "      a: {ideal: 100, salience: 1, red_line: {min: 50}, source: test}\n"
    "      d: {ideal: 0, salience: 0.5, red_line: {max: 40}, assumed: test}\n"
    "  - id: p2\n"
    "    title: two\n"
    "    content: second point\n"
    "    source: test\n"
    "    scale: [0, 10]\n"
    "    lo_means: none\n"
    "    hi_means: all\n"
    "    proposal: 5\n"
    "    status_quo: 10\n"
    "    positions:\n"
    "      a: {ideal: 0, salience: 0.5, source: test}\n"
    "      d: {ideal: 10, salience: 1, source: test}\n"
    "  - id: g\n"
    "    title: guarantee\n"
    "    content: a guarantee\n"
    "    source: test\n"
    "    scale: [0, 5]\n"
    "    lo_means: none\n"
    "    hi_means: treaty ally\n"
    "    proposal: 2\n"
    "    status_quo: 0\n"
    "    effect: guarantee\n"
    "    positions:\n"
    "      a: {ideal: 0, salience: 1, source: test}\n"
    "      d: {ideal: 5, salience: 1, source: test}\n";

/* Writes text to a temporary file whose path is returned (static buffer). */
static const char *temp_file(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof path, "/tmp/parley-test-fw-%ld-%s", (long)getpid(), name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

static pl_framework *read_small(void)
{
    pl_framework *fw;
    pl_error err;
    const char *path = temp_file("small.yaml", small_fw);
    assert_int_equal(pl_framework_read(path, &fw, &err), PL_OK);
    unlink(path);
    return fw;
}

static void shipped_frameworks(void **state)
{
    (void)state;
    pl_framework *f28, *f19;
    pl_error err;
    assert_int_equal(pl_framework_read(tu_data("frameworks/us-28-point.yaml"), &f28, &err), PL_OK);
    assert_int_equal(pl_framework_read(tu_data("frameworks/geneva-19-point.yaml"), &f19, &err), PL_OK);
    assert_int_equal(f28->n_points, 16);
    assert_int_equal(f28->n_actors, 4);
    assert_int_equal(pl_framework_n_active(f28), 16);
    assert_string_equal(f19->name, "geneva-19-point");
    assert_string_equal(f19->base, "us-28-point.yaml");
    assert_int_equal(pl_framework_n_active(f19), 13);
    long cap = pl_framework_find_point(f19, "army-cap"), amn = pl_framework_find_point(f19, "amnesty");
    assert_true(cap >= 0 && amn >= 0);
    tu_assert_close(f28->point[cap].proposal, 600, 0);
    tu_assert_close(f19->point[cap].proposal, 800, 0);
    assert_int_equal(f19->point[amn].status, PL_POINT_DROPPED);
    assert_non_null(strstr(f19->point[amn].note, "caliber.az"));
    assert_int_equal(f19->point[pl_framework_find_point(f19, "territory-donetsk")].status, PL_POINT_BRACKETED);
    assert_int_equal(f19->point[pl_framework_find_point(f19, "sanctions-relief")].status, PL_POINT_DEFERRED);
    /* Every position says where it comes from. */
    for (size_t k = 0; k < f28->n_actors * f28->n_points; k++)
        if (f28->has_position[k]) assert_true(strlen(f28->position_source[k]) > 5);
    assert_int_equal(pl_framework_find_role(f28, PL_ROLE_ATTACKER), pl_framework_find_actor(f28, "russia"));
    pl_framework_free(f28);
    pl_framework_free(f19);
}

/* u_a({60, 5}) = (1·0.6 + 0.5·0.5)/1.5; u_d = (0.5·0.4 + 1·0.5)/1.5 − r (its red line at 40 is crossed). */
static void utility_by_hand(void **state)
{
    (void)state;
    pl_framework *fw = read_small();
    double x[3] = {60, 5, 3};
    int crossed;
    tu_assert_close(pl_deal_utility(fw, NULL, x, 0, 0.2, &crossed), 0.85 / 1.5, 1e-12);
    assert_int_equal(crossed, 0);
    tu_assert_close(pl_deal_utility(fw, NULL, x, 1, 0.2, &crossed), 0.7 / 1.5 - 0.2, 1e-12);
    assert_int_equal(crossed, 1);
    /* The guarantee point is never a spatial term: changing it changes nothing here. */
    x[2] = 0;
    tu_assert_close(pl_deal_utility(fw, NULL, x, 0, 0.2, NULL), 0.85 / 1.5, 1e-12);
    /* A winner's imposed terms are worth 1 to it. */
    pl_deal_imposed(fw, 0, x);
    tu_assert_close(pl_deal_utility(fw, NULL, x, 0, 0.2, NULL), 1.0, 1e-12);
    tu_assert_close(pl_deal_utility(fw, NULL, x, 1, 0.2, NULL), 0.0 - 0.2, 1e-12);
    /* Saliences can be overridden (the ensemble's noise): a only cares about p2 now. */
    double sal[9] = {0, 1, 1, 0.5, 1, 1, 0, 0, 0};
    x[0] = 60, x[1] = 5;
    tu_assert_close(pl_deal_utility(fw, sal, x, 0, 0, NULL), 0.5, 1e-12);
    pl_framework_free(fw);
}

/* Compromise: p1 = (2·1·100 + 1·0.5·0 + 1·1·60)/3.5, p2 = (2·0.5·0 + 1·1·10 + 1·1·5)/3. */
static void negotiate_by_hand(void **state)
{
    (void)state;
    pl_framework *fw = read_small();
    pl_deal_table t;
    pl_error err;
    assert_int_equal(pl_deal_table_create(fw, NULL, &t, &err), PL_OK);
    assert_int_equal(t.n_dims, 2);
    const pl_bargain_type *type = pl_bargain_find("compromise");
    pl_optset o;
    pl_optset_init(&o, type->options, type->n_options);
    double cap[3] = {2, 1, 1}, x[3];
    assert_int_equal(pl_deal_negotiate(fw, &t, cap, type, &o, NULL, NULL, 3.5, x, &err), PL_OK);
    tu_assert_close(x[0], 260.0 / 3.5, 1e-12);
    tu_assert_close(x[1], 5.0, 1e-12);
    tu_assert_close(x[2], 3.5, 0);
    pl_deal_table_free(&t);
    /* Bracketing p1 takes the mediator's text off it; dropping p2 leaves the status quo. */
    assert_int_equal(pl_framework_narrow(fw, "p1", PL_NARROW_BRACKET, 0, &err), PL_OK);
    assert_int_equal(pl_framework_narrow(fw, "p2", PL_NARROW_DROP, 0, &err), PL_OK);
    assert_int_equal(pl_deal_table_create(fw, NULL, &t, &err), PL_OK);
    assert_int_equal(t.n_dims, 1);
    assert_int_equal(pl_deal_negotiate(fw, &t, cap, type, &o, NULL, NULL, 0, x, &err), PL_OK);
    tu_assert_close(x[0], 200.0 / 2.5, 1e-12);
    tu_assert_close(x[1], 10.0, 0);
    pl_deal_table_free(&t);
    /* The plan's text as terms: p1 is bracketed, so its status quo holds. */
    pl_deal_proposal(fw, NULL, 1, x);
    tu_assert_close(x[0], 0, 0);
    tu_assert_close(x[1], 10, 0);
    assert_int_equal(pl_framework_narrow(fw, "p2", PL_NARROW_DEFER, 0, &err), PL_OK);
    assert_int_equal(pl_framework_narrow(fw, "p1", PL_NARROW_DROP, 0, &err), PL_OK);
    assert_int_equal(pl_deal_table_create(fw, NULL, &t, &err), PL_EINPUT);
    pl_framework_free(fw);
}

static void narrowing_errors(void **state)
{
    (void)state;
    pl_framework *fw = read_small();
    pl_error err;
    assert_int_equal(pl_framework_narrow(fw, "nope", PL_NARROW_DROP, 0, &err), PL_EINVAL);
    tu_assert_error(&err, "nope", 0, 0);
    assert_int_equal(pl_framework_narrow(fw, "p1", PL_NARROW_SET, 101, &err), PL_EINVAL);
    tu_assert_error(&err, "expected one in [0, 100]", 0, 0);
    assert_int_equal(pl_framework_narrow(fw, "g", PL_NARROW_DROP, 0, &err), PL_EINVAL);
    tu_assert_error(&err, "guarantee", 0, 0);
    assert_int_equal(pl_framework_narrow(fw, "p1", PL_NARROW_SET, 70, &err), PL_OK);
    tu_assert_close(fw->point[0].proposal, 70, 0);
    pl_narrow_op op;
    assert_int_equal(pl_narrow_op_parse("defer", &op), 0);
    assert_int_equal(op, PL_NARROW_DEFER);
    assert_int_equal(pl_narrow_op_parse("remove", &op), -1);
    pl_framework_free(fw);
}

/* Replaces the first occurrence of from in small_fw by to and reads it, expecting a failure. */
static void expect_error(const char *from, const char *to, const char *needle, int line)
{
    char text[4096];
    const char *at = strstr(small_fw, from);
    assert_non_null(at);
    snprintf(text, sizeof text, "%.*s%s%s", (int)(at - small_fw), small_fw, to, at + strlen(from));
    const char *path = temp_file("bad.yaml", text);
    pl_framework *fw;
    pl_error err;
    assert_int_equal(pl_framework_read(path, &fw, &err), PL_EINPUT);
    assert_null(fw);
    tu_assert_error(&err, needle, line, 0);
    unlink(path);
}

static void located_errors(void **state)
{
    (void)state;
    expect_error("    lo_means: none\n", "    lo_mean: none\n", "key 'lo_mean'", 13);
    expect_error("scale: [0, 100]", "scale: [100, 0]", "HI <= LO", 12);
    expect_error("ideal: 100, salience: 1,", "ideal: 130, salience: 1,", "[0, 100]", 18);
    expect_error("      d: {ideal: 0, salience: 0.5", "      z: {ideal: 0, salience: 0.5", "an actor listed", 19);
    expect_error("salience: 0.5, red_line: {max: 40}, assumed: test}", "salience: 0.5}", "provenance", 19);
    expect_error("role: attacker", "role: invader", "attacker|defender", 4);
    expect_error("    effect: guarantee\n", "    effect: guarantee\n  - id: g2\n    title: x\n    content: x\n    source: x\n"
                 "    scale: [0, 5]\n    lo_means: x\n    hi_means: x\n    proposal: 1\n    status_quo: 0\n    effect: guarantee\n",
                 "second guarantee", 0);
    expect_error("points:\n", "points: [\n", "invalid YAML", 0);
    /* A repeated key or position was read silently (the first one won; a position leaked). */
    expect_error("    proposal: 60\n", "    proposal: 60\n    proposal: 10\n", "key 'proposal' a second time in a point", 16);
    expect_error("title: a hand", "framework: again\ntitle: a hand", "key 'framework' a second time", 2);
    expect_error("      d: {ideal: 10, salience: 1, source: test}\n",
                 "      d: {ideal: 10, salience: 1, source: test}\n      d: {ideal: 0, salience: 1, source: test}\n",
                 "an actor's position a second time", 32);
    /* A narrowed file whose base is missing, and one narrowing an unknown point. */
    pl_framework *fw;
    pl_error err;
    const char *path = temp_file("derived.yaml", "framework: x\ntitle: y\nbase: no-such-file.yaml\n");
    assert_int_equal(pl_framework_read(path, &fw, &err), PL_EIO);
    tu_assert_error(&err, "found base 'no-such-file.yaml' that cannot be read", 3, 7); /* where the file names it */
    assert_string_equal(err.file, path);
    unlink(path);
    char derived[512];
    snprintf(derived, sizeof derived, "framework: x\ntitle: y\nbase: %s\nnarrowing:\n  - {op: drop, point: p9, source: s}\n",
             tu_data("frameworks/us-28-point.yaml"));
    path = temp_file("derived2.yaml", derived);
    assert_int_equal(pl_framework_read(path, &fw, &err), PL_EINPUT);
    tu_assert_error(&err, "p9", 5, 5);
    unlink(path);
    /* A value outside the point's scale: one "found ..., expected ..." (it read "found found"). */
    snprintf(derived, sizeof derived, "framework: x\ntitle: y\nbase: %s\nnarrowing:\n  - {op: set, point: army-cap, value: 5, source: s}\n",
             tu_data("frameworks/us-28-point.yaml"));
    path = temp_file("derived3.yaml", derived);
    assert_int_equal(pl_framework_read(path, &fw, &err), PL_EINPUT);
    tu_assert_error(&err, "found value 5 for point 'army-cap', expected one in [400, 1000]", 5, 5);
    assert_int_equal(strncmp(err.msg, "found value", 11), 0);
    assert_null(strstr(err.msg, "expected a valid"));
    unlink(path);
}

/* Every allocation of reading a narrowed framework and building its table may fail: the call
** reports PL_ENOMEM and frees what it built (the sanitizer build checks for leaks). */
static void out_of_memory(void **state)
{
    (void)state;
    int finished = 0;
    for (long n = 0; n < 5000 && !finished; n++) {
        pl_framework *fw = NULL;
        pl_deal_table t;
        pl_error err;
        pl_memory_fail_after(n);
        pl_status st = pl_framework_read(tu_data("frameworks/geneva-19-point.yaml"), &fw, &err);
        if (!st) {
            st = pl_deal_table_create(fw, NULL, &t, &err);
            if (!st) pl_deal_table_free(&t), finished = 1;
        }
        pl_memory_fail_after(-1);
        if (!finished) assert_int_equal(st, PL_ENOMEM);
        pl_framework_free(fw);
    }
    assert_true(finished);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_frameworks), cmocka_unit_test(utility_by_hand),  cmocka_unit_test(negotiate_by_hand),
        cmocka_unit_test(narrowing_errors),   cmocka_unit_test(located_errors),     cmocka_unit_test(out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
