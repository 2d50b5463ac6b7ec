/*
** test_store_read.c — the store's read API and the report's data on it: a grid job written by the
** ensemble engine reads back with its declarations, facts, design and values; probabilities are
** per grid point (never pooled), drivers keep their sign, fans come in step order; a schema-1
** store reads with no declarations (known from its schema version); a missing job and an empty
** store are refused naming the file; every allocation failure is reported and frees what it held.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "parley/ensemble.h"
#include "parley/memory.h"
#include "parley/report_data.h"
#include "parley/store.h"
#include "parley/store_read.h"

/* renewed: 1 when a > 0.5 and b > 0.3, so 0 at the grid's first point and about 0.7 at its last;
** high_b: 1 when b > 0.5 (b drives it upwards); z = b; a series t + b over three steps. */
static pl_status toy_run(const pl_experiment *e, void *ws, const double *x, gsl_rng *rng, double *y, double *series,
                         size_t *n_steps, pl_error *err)
{
    (void)e, (void)ws, (void)rng, (void)err;
    y[0] = x[0] > 0.5 && x[1] > 0.3;
    y[1] = x[1] > 0.5;
    y[2] = x[1];
    for (size_t t = 0; series && t < 3; t++) series[t] = (double)t + x[1];
    *n_steps = 3;
    return PL_OK;
}

static const pl_experiment_ops toy_ops = {NULL, NULL, toy_run, NULL};

static char path[64];

/* A store holding one grid job of 2 points × 200 runs over a, with b drawn. */
static void write_grid_store(void)
{
    strcpy(path, "/tmp/parley_store_readXXXXXX");
    int fd = mkstemp(path);
    close(fd);
    unlink(path);
    pl_error err;
    pl_experiment *e = pl_experiment_create("test", "toy grid", "toy.yaml", &toy_ops, NULL, &err);
    assert_int_equal(pl_experiment_add_input(e, "a", 0.5, 0, 1, "the axis", &err), PL_OK);
    assert_int_equal(pl_experiment_add_input(e, "b", 0.5, 0, 1, "assumed", &err), PL_OK);
    assert_int_equal(pl_experiment_add_input(e, "c", 7, 0, 10, "fixed", &err), PL_OK);
    assert_int_equal(pl_experiment_vary(e, "b=uniform(0, 1)", &err), PL_OK);
    assert_int_equal(pl_experiment_add_outcome(e, "renewed", PL_OUTCOME_BINARY, "war renewed", &err), PL_OK);
    assert_int_equal(pl_experiment_add_outcome(e, "high_b", PL_OUTCOME_BINARY, "b above 1/2", &err), PL_OK);
    assert_int_equal(pl_experiment_add_outcome(e, "z", PL_OUTCOME_REAL, "b itself", &err), PL_OK);
    assert_int_equal(pl_experiment_add_series(e, "path", "all", &err), PL_OK);
    assert_int_equal(pl_experiment_set_steps(e, 3, "step", &err), PL_OK);
    pl_ens_config cfg;
    pl_ens_config_init(&cfg);
    cfg.design = PL_DESIGN_GRID;
    cfg.runs = 200;
    cfg.n_axes = 1;
    cfg.axis[0] = (pl_grid_axis){0, 0, 1, 2};
    cfg.series_runs = 10;
    cfg.threads = 1;
    pl_store *st;
    assert_int_equal(pl_store_open(path, &st, &err), PL_OK);
    char *config = pl_ens_config_json(e, &cfg, "run", NULL);
    int64_t job;
    int resumed;
    assert_int_equal(pl_ens_job_open(st, e, &cfg, "run", config, 0, &job, &resumed, &err), PL_OK);
    pl_free(config);
    pl_ens_result *r;
    assert_int_equal(pl_ensemble_run(e, &cfg, st, job, &r, &err), PL_OK);
    pl_ens_result_free(r);
    pl_store_close(st);
    pl_experiment_free(e);
}

static void job_reads_back(void **state)
{
    (void)state;
    write_grid_store();
    pl_store *st;
    pl_error err;
    assert_int_equal(pl_store_open_readonly(path, &st, &err), PL_OK);
    pl_store_job *j;
    assert_int_equal(pl_store_read_job(st, 0, &j, &err), PL_OK);
    assert_int_equal(j->id, 1);
    assert_string_equal(j->command, "run");
    assert_int_equal(j->n_runs, 400);
    assert_int_equal(j->n_inputs, 3);
    assert_string_equal(j->inputs[1].name, "b");
    assert_true(j->inputs[1].varied && !j->inputs[2].varied);
    assert_string_equal(j->inputs[2].source, "fixed");
    assert_int_equal(j->n_outcomes, 3);
    assert_string_equal(j->outcomes[0].name, "renewed");
    assert_string_equal(j->outcomes[2].description, "b itself");
    assert_int_equal(j->n_series, 1);
    assert_string_equal(j->series[0].step_unit, "step");
    assert_string_equal(pl_store_job_fact(j, "title"), "toy grid");
    assert_null(pl_store_job_fact(j, "no such fact"));
    assert_string_equal(pl_store_job_fact(j, "label.renewed"), "war renewed"); /* no label given: the description */
    pl_store_job_free(j);
    /* A job the store lacks is refused, naming the store. */
    assert_int_equal(pl_store_read_job(st, 9, &j, &err), PL_EINVAL);
    assert_null(j);
    tu_assert_error(&err, "found no job 9", 0, 0);
    assert_string_equal(err.file, path);
    pl_store_close(st);
}

static void report_data_is_per_point(void **state)
{
    (void)state;
    pl_store *st;
    pl_error err;
    assert_int_equal(pl_store_open_readonly(path, &st, &err), PL_OK);
    pl_report_data d;
    assert_int_equal(pl_report_load(st, 0, &d, &err), PL_OK);
    assert_string_equal(d.method, "grid");
    assert_string_equal(pl_report_outcome_label(&d, 2), "b itself");
    assert_int_equal(pl_report_points(&d), 2);
    assert_int_equal(d.n_runs, 400);
    assert_int_equal(d.n_varied, 2); /* b, and a as the grid's axis */
    assert_true(pl_report_axis_value(&d, 0, 1) == 1.0);
    long first, count;
    pl_report_point_runs(&d, 1, &first, &count);
    assert_int_equal(first, 200);
    assert_int_equal(count, 200);
    /* Per point: never renewed at a = 0; at a = 1, as often as b > 0.3 (about 70%). */
    pl_report_rate r0, r1;
    pl_report_point_runs(&d, 0, &first, &count);
    pl_report_rate_of(&d, 0, first, count, 0.9, &r0);
    assert_int_equal(r0.k, 0);
    assert_int_equal(r0.n, 200);
    assert_true(r0.lo == 0 && r0.hi > 0.005 && r0.hi < 0.02); /* Wilson's upper end for 0 of 200 at 90% */
    pl_report_rate_of(&d, 0, 200, 200, 0.9, &r1);
    assert_true(r1.p > 0.6 && r1.p < 0.8);
    assert_true(r1.lo < r1.p && r1.p < r1.hi && r1.hi - r1.lo < 0.12);
    /* Drivers: b raises high_b from 0 to 1 at both points; the axis is not a driver. */
    double *scratch = pl_malloc(3 * (size_t)d.planned * sizeof *scratch);
    pl_report_driver dr[4];
    size_t n = pl_report_drivers(&d, 1, dr, 4, scratch);
    assert_int_equal(n, 1);
    assert_string_equal(d.input[dr[0].input].name, "b");
    assert_true(dr[0].low == 0 && dr[0].high == 1 && dr[0].effect == 1);
    assert_int_equal(dr[0].n, 400);
    /* Fans in step order over the runs that kept their series (10 per point). */
    pl_report_fan_row *f;
    size_t steps;
    assert_int_equal(pl_report_fan(st, &d, 0, &f, &steps, &err), PL_OK);
    assert_int_equal(steps, 3);
    assert_int_equal(f[2].step, 2);
    assert_int_equal(f[2].n, 20);
    assert_true(f[2].q[0] >= 2 && f[2].q[4] <= 3 && f[2].q[0] <= f[2].q[2] && f[2].q[2] <= f[2].q[4]);
    pl_free(f);
    pl_free(scratch);
    char buf[64];
    assert_string_equal(pl_report_value_label("settle.guarantee.strength", 3, buf, sizeof buf), "3 armed buffer force");
    assert_string_equal(pl_report_value_label("settle.guarantee.strength", 2.5, buf, sizeof buf), "");
    assert_string_equal(pl_report_value_label("a", 1, buf, sizeof buf), "");
    pl_report_free(&d);
    pl_store_close(st);
}

/* The tables: tidy rows per point and outcome, named columns a CSV reader takes as they are. */
static void tables_are_tidy(void **state)
{
    (void)state;
    pl_store *st;
    pl_error err;
    assert_int_equal(pl_store_open_readonly(path, &st, &err), PL_OK);
    pl_report_data d;
    assert_int_equal(pl_report_load(st, 0, &d, &err), PL_OK);
    size_t o[4], n;
    /* No flagship outcome here: the first yes-no outcome that varies. */
    assert_int_equal(pl_report_pick_outcomes(&d, NULL, o, 4, &n, &err), PL_OK);
    assert_int_equal(n, 1);
    assert_int_equal(o[0], 0);
    assert_int_equal(pl_report_pick_outcomes(&d, "z,high_b", o, 4, &n, &err), PL_OK);
    assert_int_equal(n, 2);
    assert_int_equal(o[0], 2);
    assert_int_equal(pl_report_pick_outcomes(&d, "renewed,nope", o, 4, &n, &err), PL_EINVAL);
    tu_assert_error(&err, "--outcome nope", 0, 0);
    /* The answer: each outcome's statistic by its kind at each point (z's mean, renewed's p). */
    size_t pick[] = {2, 0};
    double *scratch = pl_malloc(3 * (size_t)d.planned * sizeof *scratch);
    pl_result_table *t;
    assert_int_equal(pl_report_table_answer(&d, pick, 2, scratch, &t, &err), PL_OK);
    assert_int_equal(pl_result_table_n_rows(t), 2 * 2);
    const char *want[] = {"point", "a", "outcome", "statistic", "value", "lo_90", "hi_90", "k", "n"};
    assert_int_equal(pl_result_table_n_columns(t), 9);
    for (size_t c = 0; c < 9; c++) assert_string_equal(pl_result_table_column_name(t, c), want[c]);
    assert_string_equal(pl_result_table_text(t, 0, 3), "mean");
    assert_string_equal(pl_result_table_text(t, 3, 0), "1");
    assert_true(pl_result_table_real(t, 3, 1) == 1.0);
    assert_string_equal(pl_result_table_text(t, 3, 2), "renewed");
    assert_string_equal(pl_result_table_text(t, 3, 3), "p");
    pl_report_rate r;
    pl_report_rate_of(&d, 0, 200, 200, 0.9, &r); /* the same Wilson interval both ways */
    assert_true(pl_result_table_real(t, 3, 4) == r.p && pl_result_table_real(t, 3, 7) == (double)r.k);
    assert_true(fabs(pl_result_table_real(t, 3, 5) - r.lo) < 1e-12 && fabs(pl_result_table_real(t, 3, 6) - r.hi) < 1e-12);
    pl_result_table_free(t);
    /* Every outcome at every point, by its kind's statistic. */
    assert_int_equal(pl_report_table_outcomes(&d, 0, scratch, &t, &err), PL_OK);
    assert_int_equal(pl_result_table_n_rows(t), 2 * 3);
    long stat = pl_result_table_find_column(t, "statistic"), med = pl_result_table_find_column(t, "median");
    assert_string_equal(pl_result_table_text(t, 0, (size_t)stat), "p");
    assert_string_equal(pl_result_table_text(t, 2, (size_t)stat), "mean");
    assert_true(pl_result_table_real(t, 2, (size_t)med) > 0.3 && pl_result_table_real(t, 2, (size_t)med) < 0.7);
    pl_result_table_free(t);
    assert_int_equal(pl_report_table_drivers(&d, pick, 2, 5, scratch, &t, &err), PL_OK);
    assert_int_equal(pl_result_table_n_rows(t), 2); /* b drives z and renewed; a is the axis */
    assert_string_equal(pl_result_table_text(t, 0, 1), "b");
    assert_true(pl_result_table_real(t, 0, 4) > 0.5); /* z = b: from about 0.1 to about 0.9 */
    pl_result_table_free(t);
    /* 200 runs a point: no interval of renewed is wider than 20 points; all are wider than 1. */
    assert_int_equal(pl_report_wide_intervals(&d, pick, 2, 0.9, 0.2), 0);
    assert_int_equal(pl_report_wide_intervals(&d, pick, 2, 0.9, 0.001), 2);
    pl_free(scratch);
    pl_report_free(&d);
    pl_store_close(st);
}

/* Every allocation of a read can fail: each failure is an error, never a crash or a leak (ASan). */
static void allocation_failures_are_reported(void **state)
{
    (void)state;
    pl_store *st;
    pl_error err;
    assert_int_equal(pl_store_open_readonly(path, &st, &err), PL_OK);
    int succeeded = 0;
    for (long at = 0; at < 5000 && !succeeded; at++) {
        pl_report_data d;
        pl_memory_fail_after(at);
        pl_status s = pl_report_load(st, 0, &d, &err);
        pl_memory_fail_after(-1);
        if (s) assert_int_equal(s, PL_ENOMEM);
        succeeded = s == PL_OK;
        pl_report_free(&d);
    }
    assert_true(succeeded);
    pl_store_close(st);
}

/* A schema-1 store (before declarations): read by its schema version, with no declarations. */
static void schema1_reads_without_declarations(void **state)
{
    (void)state;
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    const char *downgrade = "DROP TABLE job_info; DROP TABLE job_inputs; DROP TABLE job_outcomes; DROP TABLE job_series;"
                            "DROP TABLE sensitivity; UPDATE meta SET value = '1' WHERE key = 'schema_version';"
                            "UPDATE runs SET digest = NULL;";
    assert_int_equal(sqlite3_exec(db, downgrade, NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    pl_store *st;
    pl_error err;
    assert_int_equal(pl_store_open_readonly(path, &st, &err), PL_OK);
    assert_int_equal(pl_store_schema(st), 1);
    pl_store_job *j;
    assert_int_equal(pl_store_read_job(st, 1, &j, &err), PL_OK);
    assert_int_equal(j->n_runs, 400);
    assert_int_equal(j->n_inputs + j->n_outcomes + j->n_series + j->n_facts + j->n_sens, 0);
    pl_store_job_free(j);
    pl_store_close(st);
    unlink(path);
}

/* A store with no job: refused with "found no job", naming the file. */
static void empty_store_is_refused(void **state)
{
    (void)state;
    pl_store *st;
    pl_error err;
    assert_int_equal(pl_store_open(path, &st, &err), PL_OK);
    pl_store_job *j;
    assert_int_equal(pl_store_read_job(st, 0, &j, &err), PL_EINPUT);
    tu_assert_error(&err, "found no job in the store", 0, 0);
    assert_string_equal(err.file, path);
    pl_store_close(st);
    unlink(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(job_reads_back),
        cmocka_unit_test(report_data_is_per_point),
        cmocka_unit_test(tables_are_tidy),
        cmocka_unit_test(allocation_failures_are_reported),
        cmocka_unit_test(schema1_reads_without_declarations),
        cmocka_unit_test(empty_store_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
