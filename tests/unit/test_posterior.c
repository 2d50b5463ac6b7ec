/*
** test_posterior.c — the calibration posterior reader (posterior.h): a valid file, and every
** malformed one refused at its line and column.
*/
#include "testutil.h"

#include <string.h>

#include "parley/memory.h"
#include "parley/posterior.h"
#include "parley/scenario.h"

#define HEAD "# parley posterior v1\n# scenario: s.yaml\n# as_of: 2025-11-27\n# method: test\n"

static void expect_error(const char *text, int line, int col, const char *needle)
{
    pl_posterior *p = NULL;
    pl_error err;
    assert_int_equal(pl_posterior_parse("p.csv", text, strlen(text), &p, &err), PL_EINPUT);
    assert_null(p);
    assert_string_equal(err.file, "p.csv");
    tu_assert_error(&err, needle, line, col);
}

static void valid_file(void **state)
{
    (void)state;
    const char *text = HEAD "draw,log_posterior,a.b,c.d\n0,-1.5,10,0.25\n1,-2,12.5,0.5\r\n2,-3e1,9,1\n";
    pl_posterior *p = NULL;
    pl_error err;
    assert_int_equal(pl_posterior_parse("p.csv", text, strlen(text), &p, &err), PL_OK);
    assert_int_equal(p->n_cols, 2);
    assert_int_equal(p->n_rows, 3);
    assert_string_equal(p->name[1], "c.d");
    assert_int_equal(p->name_col[1], 24);
    assert_int_equal(p->header_line, 5);
    assert_int_equal(p->as_of, pl_date_days(2025, 11, 27));
    assert_int_equal(p->as_of_line, 3);
    assert_string_equal(p->method, "test");
    tu_assert_close(p->value[1 * 2 + 0], 12.5, 0);
    tu_assert_close(p->log_post[2], -30, 0);
    assert_int_equal(pl_posterior_find(p, "a.b"), 0);
    assert_int_equal(pl_posterior_find(p, "x"), -1);
    pl_posterior_free(p);
}

static void errors(void **state)
{
    (void)state;
    expect_error("", 0, 0, "found an empty file");
    expect_error("draw,log_posterior,a\n0,0,1\n", 1, 1, "expected the first line '# parley posterior v1'");
    expect_error("# parley posterior v1\ndraw,log_posterior,a\n0,0,1\n", 2, 1, "found no '# as_of: YYYY-MM-DD' line");
    expect_error("# parley posterior v1\n# as_of: 2025-13-01\n", 2, 10, "found as_of '2025-13-01', expected a date YYYY-MM-DD");
    expect_error("# parley posterior v1\n#as_of 2025\n", 2, 1, "expected a '# key: value' line");
    expect_error(HEAD, 5, 1, "found the end of the file, expected the header row");
    expect_error(HEAD "draw,logp,a\n", 5, 1, "expected draw,log_posterior,<parameter path>");
    expect_error(HEAD "draw,log_posterior\n", 5, 1, "found a header of 2 columns");
    expect_error(HEAD "draw,log_posterior,a,a\n", 5, 22, "found column 'a' a second time");
    expect_error(HEAD "draw,log_posterior,a,\n", 5, 22, "found column name '', expected a parameter path");
    expect_error(HEAD "draw,log_posterior,a\n", 6, 1, "found no draws, expected at least one row");
    expect_error(HEAD "draw,log_posterior,a\n0,0,1\n2,0,1\n", 7, 1, "found draw '2', expected 1");
    expect_error(HEAD "draw,log_posterior,a\n0,0,1,2\n", 6, 7, "found 4 fields, expected 3");
    expect_error(HEAD "draw,log_posterior,a\n0,0\n", 6, 1, "found 2 fields, expected 3");
    expect_error(HEAD "draw,log_posterior,a\n0,0,x\n", 6, 5, "expected a");
    expect_error(HEAD "draw,log_posterior,a\n0,nan,1\n", 6, 3, "log posterior");
    /* A second as_of replaced the first without a word. */
    expect_error("# parley posterior v1\n# as_of: 2025-01-01\n# as_of: 2030-01-01\ndraw,log_posterior,a\n0,0,1\n", 3, 3,
                 "found '# as_of:' a second time (first on line 2)");
    expect_error(HEAD "# method: again\ndraw,log_posterior,a\n0,0,1\n", 5, 3, "found '# method:' a second time");
}

/* Each row's own line, whatever blank lines or quoted line breaks lie between rows. */
static void row_lines(void **state)
{
    (void)state;
    const char *text = HEAD "draw,log_posterior,a\n0,-1,1\n\n\n1,-2,2\r\n2,\"-3\",3\n";
    pl_posterior *p = NULL;
    pl_error err;
    assert_int_equal(pl_posterior_parse("p.csv", text, strlen(text), &p, &err), PL_OK);
    assert_int_equal(p->n_rows, 3);
    assert_int_equal(p->row_line[0], 6);
    assert_int_equal(p->row_line[1], 9);
    assert_int_equal(p->row_line[2], 10);
    pl_posterior_free(p);
}

/* Every allocation failing in turn: PL_ENOMEM and nothing leaked (the ASan build checks), never a
** half-read posterior. */
static void out_of_memory(void **state)
{
    (void)state;
    const char *text = HEAD "draw,log_posterior,a,b\n0,-1,1,2\n1,-2,2,3\n2,-3,3,4\n";
    long failures = 0;
    for (long n = 0; n < 1000; n++) {
        pl_posterior *p = NULL;
        pl_error err;
        pl_memory_fail_after(n);
        pl_status st = pl_posterior_parse("p.csv", text, strlen(text), &p, &err);
        pl_memory_fail_after(-1);
        if (st == PL_OK) {
            assert_int_equal(p->n_rows, 3);
            pl_posterior_free(p);
            break;
        }
        assert_int_equal(st, PL_ENOMEM);
        assert_null(p);
        failures++;
    }
    assert_true(failures > 5);
}

static void missing_file(void **state)
{
    (void)state;
    pl_posterior *p = NULL;
    pl_error err;
    assert_int_equal(pl_posterior_read("/nonexistent/p.csv", &p, &err), PL_EIO);
    assert_null(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(valid_file), cmocka_unit_test(errors),
                                       cmocka_unit_test(row_lines), cmocka_unit_test(out_of_memory),
                                       cmocka_unit_test(missing_file)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
