/*
** test_decide_reader.c — the decide table reader: the four data files, dialects, and every
** error path with its line and column.
*/
#include "testutil.h"

#include <string.h>

#include "parley/readers.h"

static pl_stakeholders *read_file(const char *rel, pl_status expect, pl_error *err)
{
    pl_stakeholders *s = NULL;
    assert_int_equal(pl_read_stakeholders(tu_data(rel), NULL, &s, err), expect);
    return s;
}

static void data_files(void **state)
{
    (void)state;
    pl_error err;
    pl_stakeholders *s = read_file("decide/sample_data.txt", PL_OK, &err);
    assert_int_equal(s->n_actors, 10);
    assert_int_equal(s->n_dims, 6);
    assert_string_equal(s->dim[1], "tol-hoogte");
    assert_true(s->dim_lo[1] == 0.5 && s->dim_hi[1] == 7);
    assert_true(s->position[1] == 3.0 && s->salience[1] == 0.7 && s->capability[1] == 1.0);
    assert_int_equal(s->salience_scale, PL_SALIENCE_UNIT);
    pl_stakeholders_free(s);
    s = read_file("decide/cop21.csv", PL_OK, &err);
    assert_int_equal(s->n_actors, 15);
    assert_int_equal(s->n_dims, 13);
    pl_stakeholders_free(s);
    s = read_file("decide/copenhagen.csv", PL_OK, &err);
    long russia = pl_stakeholders_find_actor(s, "Russia");
    assert_true(russia >= 0);
    assert_int_equal(s->present[pl_idx(s, (size_t)russia, 4)], 0); /* no Commitments row */
    assert_int_equal(s->present[pl_idx(s, (size_t)russia, 5)], 1);
    pl_stakeholders_free(s);
    assert_null(read_file("decide/copenhagen_with_errors.csv", PL_EINPUT, &err));
    tu_assert_error(&err, "found position 160 for 'Russia' on 'Control', expected a value in [0, 100]", 86, 19);
}

/* Comma and semicolon separators, double quotes, #O title, #/ comments, rows in any order,
** saliences on 0–100. */
static void dialects(void **state)
{
    (void)state;
    pl_error err;
    pl_stakeholders *s = tu_parse("a.csv",
                                  "#O,\"Title, with comma\"\n#/,a comment\n#D,A,p,10,50,1\n#D,B,p,90,100,2\n"
                                  "#A,A\n#A,B,Actor B\n#M,p,0\n#M,p,200\n#P,p\n",
                                  PL_OK, &err);
    assert_non_null(s);
    assert_string_equal(s->name, "Title, with comma");
    assert_string_equal(s->actor_desc[1], "Actor B");
    assert_true(s->dim_hi[0] == 200 && s->position[1] == 90);
    assert_true(s->salience[0] == 0.5 && s->salience[1] == 1.0);
    assert_int_equal(s->salience_scale, PL_SALIENCE_PERCENT);
    pl_stakeholders_free(s);
    s = tu_parse("b.txt", "#A;A\n#P;p;p;desc\n#D;A;p;5;0.5;1;a comment\n", PL_OK, &err);
    assert_string_equal(s->dim[0], "p");
    pl_stakeholders_free(s);
}

typedef struct bad_case {
    const char *text, *needle;
    int line, col;
} bad_case;

static void errors(void **state)
{
    (void)state;
    static const bad_case cases[] = {
        {"#A\tA\n#X\tp\n", "found row type '#X', expected #A, #P, #M, #D, #O or #/", 2, 1},
        {"#A\tA\nA\tp\n", "found row type 'A'", 2, 1},
        {"#A\n#P\tp\n", "found 1 fields, expected at least 2", 1, 1},
        {"#A\tA\tA\tc\textra\n", "expected at most 4", 1, 10},
        {"#A\tA\n#A\tA\n#P\tp\n", "found an actor id 'A' a second time (first on line 1)", 2, 4},
        {"#A\tA\n#P\tp\n#P\tp\n", "found an issue name 'p' a second time", 3, 4},
        {"#A\tA\n#P\tp\n#M\tq\t0\n", "found #M for issue 'q', expected an issue declared by a #P row", 3, 4},
        {"#A\tA\n#P\tp\n#M\tp\tlow\n", "found 'low', expected an issue bound", 3, 6},
        {"#A\tA\n#P\tp\n#M\tp\t5\n#M\tp\t5\n", "found upper bound 5 for issue 'p', expected a value above its lower bound 5",
         4, 6},
        {"#A\tA\n#P\tp\n#M\tp\t0\n#M\tp\t9\n#M\tp\t10\n", "found a third #M row for issue 'p'", 5, 1},
        {"#A\tA\n#P\tp\n#M\tp\t0\n#D\tA\tp\t0\t1\t1\n", "found one #M row for issue 'p', expected two", 3, 1},
        {"#P\tp\n", "found no #A row", 1, 1},
        {"#A\tA\n", "found no #P row", 1, 1},
        {"#A\tA\n#P\tp\n#D\tB\tp\t1\t1\t1\n", "found actor 'B', expected an actor declared by an #A row", 3, 4},
        {"#A\tA\n#P\tp\n#D\tA\tq\t1\t1\t1\n", "found issue 'q', expected an issue declared by a #P row", 3, 6},
        {"#A\tA\n#P\tp\n#D\tA\tp\t1\t1\t1\n#D\tA\tp\t2\t1\t1\n", "found a second #D row for 'A' on 'p' (first on line 3)",
         4, 4},
        {"#A\tA\n#P\tp\n#D\tA\tp\t101\t1\t1\n", "found position 101 for 'A' on 'p', expected a value in [0, 100]", 3, 8},
        {"#A\tA\n#P\tp\n#M\tp\t1\n#M\tp\t7\n#D\tA\tp\t0.5\t1\t1\n", "expected a value in [1, 7]", 5, 8},
        {"#A\tA\n#P\tp\n#D\tA\tp\t1\t-0.1\t1\n", "found salience -0.1", 3, 10},
        {"#A\tA\n#P\tp\n#D\tA\tp\t1\t101\t1\n", "found salience 101", 3, 10},
        {"#A\tA\n#P\tp\n#D\tA\tp\t1\t1\t-0.247\n", "found power -0.247 for 'A' on 'p', expected a value >= 0", 3, 12},
        {"#A\tA\n#P\tp\n#D\tA\tp\tx\t1\t1\n", "found 'x', expected position (a finite number)", 3, 8},
        {"#A\tA\n#P\tp\n#D\tA\tp\t1\t1\n", "found 5 fields, expected at least 6", 3, 10},
        {"#A\tA\n#P\tp\n#D\tA\tp\t1\t1\t1\tc\td\n", "expected at most 7", 3, 16},
        {"#A\tA\n#P\tp\n#P\tq\n#D\tA\tp\t1\t1\t1\n", "found no #D row for issue 'q'", 3, 4},
        {"#A\t\n#P\tp\n", "found an actor id of 0 characters, expected 1 to 256", 1, 4},
        {"'#A'\t'A\n", "unterminated quoted field", 1, 1},
    };
    int bad = 0;
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        pl_error err;
        pl_read_options ro = {PL_FORMAT_DECIDE, PL_SALIENCE_AUTO};
        pl_text t;
        assert_int_equal(pl_text_from_memory(&t, "bad.txt", cases[k].text, strlen(cases[k].text), &err), PL_OK);
        pl_stakeholders *s = NULL;
        if (pl_parse_stakeholders(&t, &ro, &s, &err) != PL_EINPUT) fail_msg("case %zu: not refused", k);
        pl_text_free(&t);
        if (!strstr(err.msg, cases[k].needle) || err.line != cases[k].line || err.col != cases[k].col)
            print_error("case %zu: got %d:%d: %s\n", k, err.line, err.col, err.msg), bad++;
    }
    assert_int_equal(bad, 0);
}

/* The first field of the first row decides the format, whichever decide row it is. */
static void detection(void **state)
{
    (void)state;
    const char *firsts[] = {"#A\tA\n", "'#P'\t'p'\n", "#O\ttitle\n", "#/\tcomment\n", "#M\tp\t0\n", "#D\tA\tp\t1\t1\t1\n"};
    for (size_t k = 0; k < sizeof firsts / sizeof firsts[0]; k++) {
        pl_text t;
        pl_error err;
        assert_int_equal(pl_text_from_memory(&t, "x.csv", firsts[k], strlen(firsts[k]), &err), PL_OK);
        assert_int_equal(pl_input_format_detect(&t), PL_FORMAT_DECIDE);
        pl_text_free(&t);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(data_files),
        cmocka_unit_test(dialects),
        cmocka_unit_test(errors),
        cmocka_unit_test(detection),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
