/*
** test_readers.c — every stakeholder reader on the shipped files and on each error path.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/attrition.h"
#include "parley/memory.h"
#include "parley/names.h"
#include "parley/readers.h"
#include "parley/scenario.h"

/* {====================================================================== Shipped files */

static pl_stakeholders *read_file(const char *rel)
{
    pl_error err;
    pl_stakeholders *s = NULL;
    pl_status st = pl_read_stakeholders(tu_data(rel), NULL, &s, &err);
    if (st) print_error("%s: %s (line %d col %d)\n", rel, err.msg, err.line, err.col);
    assert_int_equal(st, PL_OK);
    return s;
}

static void analyst_files(void **state)
{
    (void)state;
    pl_stakeholders *a = read_file("bargaining/emission-standards.csv");
    pl_stakeholders *b = read_file("bargaining/emission-standards-0-100.csv");
    assert_int_equal(a->n_actors, 10);
    assert_int_equal(a->salience_scale, PL_SALIENCE_UNIT);
    assert_int_equal(b->salience_scale, PL_SALIENCE_PERCENT);
    for (size_t i = 0; i < 10; i++) {
        assert_string_equal(a->actor[i], b->actor[i]);
        tu_assert_close(a->salience[i], b->salience[i], 1e-15);
        assert_true(a->position[i] == b->position[i]);
    }
    assert_string_equal(a->actor[6], "UK");
    tu_assert_close(a->capability[6], 0.16, 1e-15);
    tu_assert_close(a->salience[6], 0.9, 1e-15);
    pl_stakeholders_free(a);
    pl_stakeholders_free(b);
    /* Tab-separated with a UTF-8 byte-order mark and x/c/s headers. */
    pl_stakeholders *c = read_file("bargaining/argentina.tsv");
    assert_string_equal(c->actor[0], "Macri");
    tu_assert_close(c->position[0], 100, 0);
    pl_stakeholders_free(c);
    pl_stakeholders *d = read_file("bargaining/china-1989.csv");
    assert_int_equal(d->n_actors, 24);
    pl_stakeholders_free(d);
}

static void ktab_csv_files(void **state)
{
    (void)state;
    pl_stakeholders *a = read_file("ktab/dummyData_3Dim.csv");
    pl_stakeholders *b = read_file("ktab/dummyData_3Dim-no-final-comma.csv");
    assert_int_equal(a->n_actors, 7);
    assert_int_equal(a->n_dims, 3);
    assert_string_equal(a->name, "DummyData_3Dim ");
    assert_string_equal(a->dim[1], "Pstn2");
    assert_string_equal(a->actor_desc[0], " Random Spatial Actor"); /* KTAB keeps the blank */
    for (size_t k = 0; k < 21; k++) {
        assert_true(a->position[k] == b->position[k]);
        assert_true(a->salience[k] == b->salience[k]);
    }
    tu_assert_close(a->capability[0], 102.543, 1e-15);
    tu_assert_close(a->salience[1], 0.0591, 1e-15);
    pl_stakeholders_free(a);
    pl_stakeholders_free(b);
    pl_stakeholders *c = read_file("ktab/dummyData_6Dim.csv"); /* extra empty fields on line 1 */
    assert_int_equal(c->n_actors, 27);
    assert_int_equal(c->n_dims, 6);
    pl_stakeholders_free(c);
    const char *more[] = {"ktab/SOE-Pol-Comp.csv", "ktab/SOE-Policy.csv", "ktab/SOE-Competitive.csv",
                          "ktab/dummyData-a040.csv", "ktab/dummyData-a080.csv", "ktab/dummyData-a160.csv"};
    for (size_t k = 0; k < sizeof more / sizeof more[0]; k++) pl_stakeholders_free(read_file(more[k]));
}

static void ktab_xml_files(void **state)
{
    (void)state;
    /* Loads without <IdealAdjustment> (optional by the schema) and equals its CSV twin. */
    pl_stakeholders *x = read_file("ktab/dummyData_3Dim.xml");
    pl_stakeholders *c = read_file("ktab/dummyData_3Dim.csv");
    assert_int_equal(x->n_actors, c->n_actors);
    for (size_t k = 0; k < 21; k++) {
        assert_true(x->position[k] == c->position[k]);
        assert_true(fabs(x->salience[k] - c->salience[k]) < 1e-15);
        assert_true(x->capability[k] == c->capability[k]);
    }
    assert_null(x->accommodation);
    assert_true(x->has_seed);
    assert_true(x->seed == 3707583219545544125ULL);
    pl_stakeholders_free(x);
    pl_stakeholders_free(c);
    /* smpExample.xml has an empty <dCoord>: refused at its line. */
    pl_error err;
    pl_stakeholders *s;
    assert_int_equal(pl_read_stakeholders(tu_data("ktab/smpExample.xml"), NULL, &s, &err), PL_EINPUT);
    tu_assert_error(&err, "found an empty <dCoord>, expected a position", 32, 9);
}

static void deu_file(void **state)
{
    (void)state;
    pl_stakeholders *s = read_file("deu/deu3-dev.csv");
    assert_int_equal(s->n_actors, 30);
    assert_int_equal(s->n_dims, 166);
    size_t scored = 0;
    for (size_t d = 0; d < s->n_dims; d++) scored += s->has_outcome[d];
    assert_int_equal(scored, 155);
    assert_string_equal(s->dim[0], "d00032i1");
    assert_string_equal(s->actor[12], "de");
    tu_assert_close(s->capability[pl_idx(s, 12, 0)], 4.1, 1e-15);  /* Germany's GDP */
    tu_assert_close(s->capability[pl_idx(s, 0, 0)], 4.1, 1e-15);   /* Commission = Germany */
    assert_true(s->present[pl_idx(s, 0, 0)]);                      /* com has 100 on issue 1 */
    assert_false(s->present[pl_idx(s, 4, 0)]);                     /* bu empty on issue 1 */
    tu_assert_close(s->salience[pl_idx(s, 0, 0)], 0.5, 1e-15);
    assert_true(s->has_outcome[0] && s->outcome[0] == 100);
    pl_stakeholders_free(s);
}

/* {====================================================================== Error paths */

typedef struct {
    const char *name; /* also the "file name" in the message */
    const char *text;
    const char *needle;
    int line, col;
} bad_case;

static const bad_case analyst_bad[] = {
    {"empty", "", "found an empty file", 1, 1},
    {"blank", "  \n\t\n", "found an empty file", 3, 1},
    {"utf16", "\xFF\xFE" "A\0c\0", "UTF-16 byte-order mark", 1, 1},
    {"nul", "Actor,Capability\nA\0,1", "found a NUL byte", 2, 2},
    {"latin1", "Actor,Capability,Position,Salience\nM\xFCnchen,1,2,0.5\n", "not valid UTF-8", 2, 2},
    {"header_only", "Actor,Capability,Position,Salience\n", "no actor rows", 1, 1},
    {"unknown_col", "Actor,Capability,Pos,Salience\nA,1,2,0.5\n", "found column 'Pos'", 1, 18},
    {"missing_col", "Actor,Capability,Position\nA,1,2\n", "no salience column", 1, 1},
    {"dup_col", "Actor,Capability,Position,Salience,x\nA,1,2,0.5,3\n", "second 'x' column", 1, 36},
    {"ragged_long", "Actor,Capability,Position,Salience\nA,1,2,0.5,9\n", "found 5 fields, expected 4", 2, 11},
    {"ragged_short", "Actor,Capability,Position,Salience\nA,1,2\n", "found 3 fields, expected 4", 2, 1},
    {"not_number", "Actor,Capability,Position,Salience\nA,big,2,0.5\n", "found 'big', expected a capability", 2, 3},
    {"empty_cell", "Actor,Capability,Position,Salience\nA,1,,0.5\n", "found an empty field, expected a position", 2, 5},
    {"nan", "Actor,Capability,Position,Salience\nA,1,nan,0.5\n", "found 'nan', expected a position", 2, 5},
    {"inf", "Actor,Capability,Position,Salience\nA,1,2,inf\n", "found 'inf', expected a salience", 2, 7},
    {"overflow", "Actor,Capability,Position,Salience\nA,1e400,2,0.5\n", "found '1e400'", 2, 3},
    {"neg_cap", "Actor,Capability,Position,Salience\nA,-1,2,0.5\n", "found -1, expected a capability >= 0", 2, 3},
    {"neg_sal", "Actor,Capability,Position,Salience\nA,1,2,-0.5\n", "expected a salience >= 0", 2, 7},
    {"big_sal", "Actor,Capability,Position,Salience\nA,1,2,150\n", "found salience 150", 2, 7},
    {"dup_actor", "Actor,Capability,Position,Salience\nA,1,2,0.5\nA,1,3,0.5\n", "found actor 'A' a second time", 3, 1},
    {"dup_actor_later", "Actor,Capability,Position,Salience\nA,1,2,0.5\nB,1,3,0.5\nC,1,3,0.5\nB,1,3,0.5\n",
     "found actor 'B' a second time", 5, 1},
    /* Every actor at one position of 2^53 or more: the fallback scale [x, x + 1] has no width. */
    {"flat_2p53", "Actor,Capability,Position,Salience\nA,1,1e17,0.5\nB,1,1e17,0.5\n",
     "found every position equal to 1e+17", 2, 5},
    {"flat_2p53_exact", "Actor,Capability,Position,Salience\nA,1,9007199254740992,0.5\n", "found every position equal",
     2, 5},
    {"span_overflow", "Actor,Capability,Position,Salience\nA,1,-1e308,0.5\nB,1,1e308,0.5\n", "found positions from", 2,
     5},
    {"no_name", "Actor,Capability,Position,Salience\n,1,2,0.5\n", "found an empty actor name", 2, 1},
    {"open_quote", "Actor,Capability,Position,Salience\n\"A,1,2,0.5\n", "unterminated quoted field", 2, 1},
    {"after_quote", "Actor,Capability,Position,Salience\n\"A\"x,1,2,0.5\n", "found 'x' after a quoted field", 2, 4},
};

static const char ktab_head[] = "S,desc,3,1,\nActor,Description,Power,P1,S1,\n";

static const bad_case ktab_bad[] = {
    {"k_actors", "S,d,2,1,\nActor,Description,Power,P1,S1,\nA,a,1,50,50\nB,b,1,50,50\n",
     "found '2' actors, expected an integer from 3 to 250", 1, 5},
    {"k_dims", "S,d,3,0\nActor,Description,Power,P1,S1,\n", "found '0' dimensions, expected an integer from 1 to 1000", 1, 7},
    {"k_header_only", "S,d,3,1,\n", "the file ends after line 1", 2, 1},
    {"k_header_width", "S,d,3,2,\nActor,Description,Power,P1,S1,\n", "found 6 fields, expected 7 for the header line", 2, 1},
    {"k_row_width", "S,d,3,1,\nActor,Description,Power,P1,S1,\nA,a,1,50,50,7\n", "found 6 fields, expected 5", 3, 13},
    {"k_pos", "S,d,3,1,\nActor,Description,Power,P1,S1,\nA,a,1,150,50\n", "found position 150, expected a value in [0, 100]", 3, 7},
    {"k_sal", "S,d,3,2,\nActor,Description,Power,P1,S1,P2,S2\nA,a,1,50,60,50,50\n",
     "found saliences summing to 110, expected a sum of at most 100", 3, 10},
    {"k_cap", "S,d,3,1,\nActor,Description,Power,P1,S1,\nA,a,2e8,50,50\n", "found capability 2e+08, expected a value in [0, 1e8]", 3, 5},
    {"k_name_len", "S,d,3,1,\nActor,Description,Power,P1,S1,\nABCDEFGHIJKLMNOPQRSTUVWXYZ,a,1,50,50\n",
     "found an actor name of 26 characters, expected 1 to 25", 3, 1},
    {"k_few_rows", "S,d,3,1,\nActor,Description,Power,P1,S1,\nA,a,1,50,50\nB,b,1,50,50\n",
     "found 2 actor rows, expected 3 as line 1 declares", 0, 1},
    {"k_more_rows", "S,d,3,1,\nActor,Description,Power,P1,S1,\nA,a,1,5,5\nB,b,1,5,5\nC,c,1,5,5\nD,d,1,5,5\n",
     "found more actor rows than the 3 line 1 declares", 6, 1},
    {"k_dup", "S,d,3,1,\nActor,Description,Power,P1,S1,\nA,a,1,5,5\nA,b,1,5,5\nC,c,1,5,5\n", "found actor 'A' a second time", 4, 1},
    {"k_num", "S,d,3,1,\nActor,Description,Power,P1,S1,\nA,a,1,5,five\n", "found 'five', expected a salience", 3, 9},
    /* Outputs and stores key a dimension by its name: a repeat made the SQLite store fail. */
    {"k_dup_dim", "S,d,3,2,\nActor,Description,Power,P,S1,P,S2\nA,a,1,5,5,5,5\nB,b,1,5,5,5,5\nC,c,1,5,5,5,5\n",
     "found dimension 'P' a second time, expected unique dimension names", 2, 30},
};

static const char xml_ok_tail[] =
    "<Actors>\n"
    "<Actor><name>A</name><capability>1</capability><Position><dCoord>10</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor>\n"
    "<Actor><name>B</name><capability>2</capability><Position><dCoord>20</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor>\n"
    "<Actor><name>C</name><capability>3</capability><Position><dCoord>30</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor>\n"
    "</Actors>\n";

static const bad_case xml_bad[] = {
    {"x_malformed", "<Scenario><name>x</name>\n<desc>y</Scenario>", "found malformed XML", 2, 0},
    {"x_root", "<Other/>", "found root element <Other>, expected <Scenario>", 1, 1},
    {"x_no_seed", "<Scenario><name>x</name><desc>y</desc><Dimensions><dName>D</dName></Dimensions>\n<Actors/></Scenario>",
     "<Actors> holds 0 actors", 2, 1},
    {"x_dup_dim",
     "<Scenario><name>x</name><desc>y</desc><prngSeed>1</prngSeed>\n<Dimensions><dName>D</dName>\n<dName>D</dName></Dimensions>\n"
     "<Actors>\n"
     "<Actor><name>A</name><capability>1</capability><Position><dCoord>10</dCoord><dCoord>1</dCoord></Position><Salience><dSal>50</dSal><dSal>5</dSal></Salience></Actor>\n"
     "<Actor><name>B</name><capability>2</capability><Position><dCoord>20</dCoord><dCoord>1</dCoord></Position><Salience><dSal>50</dSal><dSal>5</dSal></Salience></Actor>\n"
     "<Actor><name>C</name><capability>3</capability><Position><dCoord>30</dCoord><dCoord>1</dCoord></Position><Salience><dSal>50</dSal><dSal>5</dSal></Salience></Actor>\n"
     "</Actors></Scenario>",
     "found <dName> 'D' a second time, expected unique dimension names", 3, 1},
    {"x_enum",
     "<Scenario><name>x</name><desc>y</desc><prngSeed>1</prngSeed>\n<ModelParameters><VictoryProbModel>Cubic</VictoryProbModel>"
     "</ModelParameters>\n<Dimensions><dName>D</dName></Dimensions>\n<Actors>\n"
     "<Actor><name>A</name><capability>1</capability><Position><dCoord>10</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor>\n"
     "<Actor><name>B</name><capability>2</capability><Position><dCoord>20</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor>\n"
     "<Actor><name>C</name><capability>3</capability><Position><dCoord>30</dCoord></Position><Salience><dSal>50</dSal></Salience></Actor>\n"
     "</Actors></Scenario>",
     "found 'Cubic', expected one of Linear|Square|Quartic|Octic|Binary", 2, 18},
};

static void expect_error(const bad_case *c)
{
    pl_error err;
    pl_text t;
    pl_stakeholders *s = NULL;
    pl_status st = pl_text_from_memory(&t, c->name, c->text, strlen(c->text) + (strcmp(c->name, "utf16") == 0 ? 4 : 0)
                                                                 + (strcmp(c->name, "nul") == 0 ? 4 : 0),
                                       &err);
    if (!st) {
        st = pl_parse_stakeholders(&t, NULL, &s, &err);
        pl_text_free(&t);
    }
    if (st != PL_EINPUT || !strstr(err.msg, c->needle) || (c->line && err.line != c->line) || (c->col && err.col != c->col))
        print_error("case %s: status %d, %d:%d '%s'\n", c->name, st, err.line, err.col, err.msg);
    assert_null(s);
    assert_int_equal(st, PL_EINPUT);
    assert_string_equal(err.file, c->name);
    tu_assert_error(&err, c->needle, c->line, c->col);
}

static void analyst_errors(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof analyst_bad / sizeof analyst_bad[0]; k++) expect_error(&analyst_bad[k]);
    /* A declared 0–1 scale refuses 0–100 saliences. */
    pl_text t;
    pl_error err;
    pl_stakeholders *s;
    const char *text = "Actor,Capability,Position,Salience\nA,1,2,0.5\nB,1,2,40\n";
    assert_int_equal(pl_text_from_memory(&t, "declared", text, strlen(text), &err), PL_OK);
    assert_int_equal(pl_parse_analyst(&t, PL_SALIENCE_UNIT, &s, &err), PL_EINPUT);
    tu_assert_error(&err, "found salience 40, expected a value in [0, 1] as declared", 3, 1);
    assert_int_equal(pl_parse_analyst(&t, PL_SALIENCE_PERCENT, &s, &err), PL_OK);
    tu_assert_close(s->salience[0], 0.005, 1e-15);
    pl_stakeholders_free(s);
    pl_text_free(&t);
}

/* A line of more fields than a record holds is refused where it happens (it was reported as
** "parley: error: more than 4096 fields on a line", with no file, line or column). */
static void too_many_fields(void **state)
{
    (void)state;
    size_t n = 5000;
    char *text = pl_malloc(64 + 2 * n);
    assert_non_null(text);
    size_t len = (size_t)sprintf(text, "Actor,Capability,Position,Salience\nA");
    for (size_t k = 1; k < n; k++) text[len++] = ',', text[len++] = '1';
    text[len++] = '\n';
    pl_text t;
    pl_error err;
    pl_stakeholders *s = NULL;
    assert_int_equal(pl_text_from_memory(&t, "wide", text, len, &err), PL_OK);
    assert_int_equal(pl_parse_stakeholders(&t, NULL, &s, &err), PL_EINPUT);
    assert_null(s);
    assert_string_equal(err.file, "wide");
    tu_assert_error(&err, "found field 4097, expected at most 4096 fields on a line", 2, 1 + 2 * 4096);
    pl_text_free(&t);
    pl_free(text);
}

/* Scenario and case dates: YYYY-MM-DD or YYYY-MM, digits only (sscanf's %d took "+1" and " 1"). */
static void dates(void **state)
{
    (void)state;
    int y = 0, m = 0, d = 0;
    assert_int_equal(pl_date_parse("2024-02-29", &y, &m, &d), 0);
    assert_true(y == 2024 && m == 2 && d == 29);
    assert_int_equal(pl_date_parse("2024-03", &y, &m, &d), 0);
    assert_true(y == 2024 && m == 3 && d == 1);
    const char *bad[] = {"2023-02-29", "2024-+1-05", "2024- 1- 5", "2024-01-+5", " 2024-01", "2024-13-01", "2024/01/05",
                         "2024-1-5", "0999-01-01"};
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        if (pl_date_parse(bad[k], &y, &m, &d) == 0) print_error("accepted '%s'\n", bad[k]);
        assert_int_equal(pl_date_parse(bad[k], &y, &m, &d), -1);
    }
}

static void ktab_errors(void **state)
{
    (void)state;
    (void)ktab_head;
    for (size_t k = 0; k < sizeof ktab_bad / sizeof ktab_bad[0]; k++) expect_error(&ktab_bad[k]);
}

static void xml_errors(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof xml_bad / sizeof xml_bad[0]; k++) expect_error(&xml_bad[k]);
    /* Built cases: each mutation of a valid document is refused with its line. */
    struct {
        const char *head, *tail, *needle;
        int line;
    } m[] = {
        {"<Scenario><name>x</name><desc>y</desc>\n<Dimensions><dName>D</dName></Dimensions>\n", "", "has no <prngSeed>", 1},
        {"<Scenario><name>x</name><desc>y</desc><prngSeed>-4</prngSeed>\n<Dimensions><dName>D</dName></Dimensions>\n", "",
         "expected an unsigned 64-bit integer seed", 1},
        {"<Scenario><name>x</name><desc>y</desc><prngSeed>4</prngSeed>\n<Dimensions><dName>D</dName></Dimensions>\n",
         "<IdealAdjustment><iaPair><adjustingIdeal>Z</adjustingIdeal><referencePos>A</referencePos><adjust>0.5</adjust></iaPair></IdealAdjustment>\n",
         "found unknown actor 'Z'", 8},
        {"<Scenario><name>x</name><desc>y</desc><prngSeed>4</prngSeed>\n<Dimensions><dName>D</dName></Dimensions>\n",
         "<IdealAdjustment><iaPair><adjustingIdeal>A</adjustingIdeal><referencePos>B</referencePos><adjust>1.5</adjust></iaPair></IdealAdjustment>\n",
         "expected an adjustment in [0, 1]", 8},
        {"<Scenario><name>x</name><desc>y</desc><prngSeed>4</prngSeed>\n<Dimensions><dName>D</dName></Dimensions>\n",
         "<IdealAdjustment><iaPair><adjustingIdeal>A</adjustingIdeal><referencePos>B</referencePos><adjust>0.5</adjust></iaPair></IdealAdjustment>\n",
         "the adjustments of 'A' sum to more than 1", 8},
        {"<Scenario><name>x</name><desc>y</desc><prngSeed>4</prngSeed>\n<Dimensions><dName>D</dName><dName>E</dName></Dimensions>\n", "",
         "<Position> has too few entries", 4},
    };
    for (size_t k = 0; k < sizeof m / sizeof m[0]; k++) {
        char doc[4096];
        snprintf(doc, sizeof doc, "%s%s%s</Scenario>", m[k].head, xml_ok_tail, m[k].tail);
        bad_case c = {"built.xml", doc, m[k].needle, m[k].line, 0};
        expect_error(&c);
    }
    /* The schema's enum spellings are accepted and stored as the code's. */
    char doc[4096];
    snprintf(doc, sizeof doc,
             "<Scenario><name>x</name><desc>y</desc><prngSeed>4</prngSeed><ModelParameters>"
             "<VictoryProbModel>Linear</VictoryProbModel><PCEModel>Conditional</PCEModel>"
             "<StateTransitions>Deterministic</StateTransitions><VotingRule>Proportional</VotingRule>"
             "<BigRAdjust>No</BigRAdjust><BigRRange>Mid</BigRRange><ThirdPartyCommit>SemiCommit</ThirdPartyCommit>"
             "<InterVecBrgn>S2P2</InterVecBrgn><BargnModel>InitOnlyInterp</BargnModel></ModelParameters>\n"
             "<Dimensions><dName>D</dName></Dimensions>\n%s"
             "<IdealAdjustment><iaPair><adjustingIdeal>A</adjustingIdeal><referencePos>B</referencePos><adjust>0.25</adjust></iaPair>"
             "<iaPair><adjustingIdeal>A</adjustingIdeal><referencePos>A</referencePos><adjust>0.75</adjust></iaPair></IdealAdjustment>"
             "</Scenario>",
             xml_ok_tail);
    pl_error err;
    pl_stakeholders *s = tu_parse("ok.xml", doc, PL_OK, &err);
    assert_string_equal(pl_stakeholders_param(s, "VotingRule"), "Prop");
    assert_string_equal(pl_stakeholders_param(s, "BigRAdjust"), "None");
    assert_true(s->accommodation[0 * 3 + 1] == 0.25);
    assert_true(s->accommodation[0 * 3 + 0] == 0.75);
    assert_true(s->accommodation[1 * 3 + 1] == 1.0);
    pl_stakeholders_free(s);
}

static void deu_errors(void **state)
{
    (void)state;
    pl_text t;
    pl_error err;
    assert_int_equal(pl_text_read(&t, tu_data("deu/deu3-dev.csv"), &err), PL_OK);
    /* Take the header, the GDP row and the first issue; mutate one cell at a time. */
    char *copy = strdup(t.data);
    char *end = copy;
    for (int l = 0; l < 3; l++) end = strchr(end, '\n') + 1;
    *end = '\0';
    pl_text_free(&t);
    struct {
        const char *from, *to, *needle;
        int line;
    } m[] = {
        {"\tpde\t", "\tpxx\t", "found column 'pxx', expected 'pde'", 1},
        {"\td00032i1\tReg", "\t\tReg", "found an empty issue id", 3},
        {"1930-05-01\t100\t100", "1930-05-01\t200\t100", "found 200, expected a position in [0, 100]", 3},
        {"1930-05-01\t100\t100", "1930-05-01\tyes\t100", "found 'yes', expected a position", 3},
        {"\t4.1\t4.1\t", "\t4.1\t-4.1\t", "found GDP -4.1", 2},
    };
    for (size_t k = 0; k < sizeof m / sizeof m[0]; k++) {
        char buf[8192];
        const char *at = strstr(copy, m[k].from);
        assert_non_null(at);
        snprintf(buf, sizeof buf, "%.*s%s%s", (int)(at - copy), copy, m[k].to, at + strlen(m[k].from));
        bad_case c = {"deu.tsv", buf, m[k].needle, m[k].line, 0};
        expect_error(&c);
    }
    char buf[8192];
    snprintf(buf, sizeof buf, "%s", copy);
    char *last_tab = strrchr(buf, '\t');
    *last_tab = '\0'; /* drop the outcome column: a ragged row */
    strcat(buf, "\n");
    bad_case c = {"deu.tsv", buf, "found 74 columns, expected 75", 3, 0};
    expect_error(&c);
    /* The first issue twice: it would count twice in a score. */
    const char *issue = strchr(strchr(copy, '\n') + 1, '\n') + 1;
    snprintf(buf, sizeof buf, "%s%s", copy, issue);
    bad_case twice = {"deu.tsv", buf, "found issue 'd00032i1' a second time, expected unique issue ids", 4, 0};
    expect_error(&twice);
    free(copy);
}

static void format_detection(void **state)
{
    (void)state;
    struct {
        const char *text;
        pl_input_format want;
    } c[] = {
        {"Actor,Capability,Position,Salience\n", PL_FORMAT_ANALYST},
        {"S,desc,3,1,\n", PL_FORMAT_KTAB_CSV},
        {"\xEF\xBB\xBF<?xml version=\"1.0\"?><Scenario/>", PL_FORMAT_KTAB_XML},
        {"prnrnmc\tisnrnmc\n", PL_FORMAT_DEU},
        {"'#A'\t'Willems'\n", PL_FORMAT_DECIDE},
    };
    for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
        pl_text t;
        pl_error err;
        assert_int_equal(pl_text_from_memory(&t, "x", c[k].text, strlen(c[k].text), &err), PL_OK);
        assert_int_equal(pl_input_format_detect(&t), c[k].want);
        pl_text_free(&t);
    }
    pl_input_format f;
    assert_int_equal(pl_input_format_parse("ktab-xml", &f), 0);
    assert_int_equal(f, PL_FORMAT_KTAB_XML);
    assert_string_equal(pl_input_format_name(PL_FORMAT_DEU), "deu");
    assert_int_not_equal(pl_input_format_parse("excel", &f), 0);
}

/* Every allocation failure on the way through a reader is reported, never a crash or leak. */
static void readers_out_of_memory(void **state)
{
    (void)state;
    const char *files[] = {"bargaining/emission-standards.csv", "ktab/dummyData_3Dim.csv", "ktab/dummyData_3Dim.xml"};
    for (size_t f = 0; f < 3; f++) {
        for (long n = 0;; n++) {
            pl_error err;
            pl_stakeholders *s = NULL;
            pl_memory_fail_after(n);
            pl_status st = pl_read_stakeholders(tu_data(files[f]), NULL, &s, &err);
            pl_memory_fail_after(-1);
            if (st == PL_OK) {
                pl_stakeholders_free(s);
                break;
            }
            assert_int_equal(st, PL_ENOMEM);
            assert_null(s);
        }
    }
}

/* Numbers below DBL_MIN (subnormal) are finite and read as given; they were refused as "not finite". */
static void subnormal_numbers(void **state)
{
    (void)state;
    const char *text = "Actor,Capability,Position,Salience\nA,1,4.9e-324,0.5\nB,1e-310,1,0.5\n";
    pl_text t;
    pl_error err;
    pl_stakeholders *s = NULL;
    assert_int_equal(pl_text_from_memory(&t, "tiny", text, strlen(text), &err), PL_OK);
    assert_int_equal(pl_parse_stakeholders(&t, NULL, &s, &err), PL_OK);
    assert_true(s->position[0] > 0 && s->position[0] < 1e-323);
    assert_true(s->capability[1] > 0.99e-310 && s->capability[1] < 1.01e-310);
    pl_stakeholders_free(s);
    pl_text_free(&t);
}

/* The name index finds every name added, refuses none twice, and reports the first repeat in order. */
static void name_index(void **state)
{
    (void)state;
    enum { N = 20000 };
    char (*names)[16] = pl_malloc(N * sizeof *names);
    assert_non_null(names);
    pl_name_index ix;
    pl_name_index_init(&ix);
    pl_error err;
    for (size_t k = 0; k < N; k++) {
        snprintf(names[k], sizeof names[k], "n%zu", k);
        long had;
        assert_int_equal(pl_name_index_add(&ix, names[k], k, &had, &err), PL_OK);
        assert_int_equal(had, -1);
    }
    for (size_t k = 0; k < N; k++) assert_int_equal(pl_name_index_find(&ix, names[k]), (long)k);
    assert_int_equal(pl_name_index_find(&ix, "n20000"), -1);
    long had;
    assert_int_equal(pl_name_index_add(&ix, "n77", 5, &had, &err), PL_OK);
    assert_int_equal(had, 77);
    pl_name_index_free(&ix);
    const char *list[] = {"a", "b", "c", "b", "a"};
    size_t first, second;
    assert_int_equal(pl_names_first_repeat(list, 5, &first, &second), 1);
    assert_int_equal(first, 1);
    assert_int_equal(second, 3);
    assert_int_equal(pl_names_first_repeat(list, 3, &first, &second), 0);
    pl_free(names);
}

/* The attrition CSV of parley calibrate, now a formats reader (pl_attrition_parse). */
static void attrition_data(void **state)
{
    (void)state;
    pl_attrition_data d;
    pl_error err;
    assert_int_equal(pl_attrition_read(tu_data("lanchester/ardennes_daily_days2-33_from_yiyuezhuo.csv"), &d, &err), PL_OK);
    assert_string_equal(d.side[0], "allies");
    assert_string_equal(d.side[1], "germans");
    assert_int_equal(d.n, 32);
    assert_true(d.forces[0][0] == 835178 && d.losses[1][1] == 4303);
    pl_attrition_data_free(&d);
    const struct {
        const char *text, *needle;
        int line, col;
    } bad[] = {
        {"forces_a,casualties_a,forces_b\n1,1,1\n", "found no column casualties_b", 1, 1},
        {"forces_a,casualties_a,forces_a,casualties_a\n", "found column forces_a a second time", 1, 23},
        {"forces_a,casualties_a,forces_b,casualties_b\n1,1,1,1\n1,0,1,1\n", "expected a positive count", 3, 3},
        {"forces_a,casualties_a,forces_b,casualties_b\n1,1,1,1\n", "expected at least 4 days", 0, 0},
    };
    for (size_t k = 0; k < sizeof bad / sizeof bad[0]; k++) {
        pl_text t;
        assert_int_equal(pl_text_from_memory(&t, "att.csv", bad[k].text, strlen(bad[k].text), &err), PL_OK);
        assert_int_equal(pl_attrition_parse(&t, &d, &err), PL_EINPUT);
        tu_assert_error(&err, bad[k].needle, bad[k].line, bad[k].col);
        assert_null(d.forces[0]);
        pl_text_free(&t);
    }
}

static void missing_file(void **state)
{
    (void)state;
    pl_error err;
    pl_stakeholders *s;
    assert_int_equal(pl_read_stakeholders("/nonexistent/x.csv", NULL, &s, &err), PL_EIO);
    tu_assert_error(&err, "cannot open", 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(analyst_files),    cmocka_unit_test(ktab_csv_files),  cmocka_unit_test(ktab_xml_files),
        cmocka_unit_test(deu_file),         cmocka_unit_test(analyst_errors),  cmocka_unit_test(ktab_errors),
        cmocka_unit_test(xml_errors),       cmocka_unit_test(deu_errors),      cmocka_unit_test(format_detection),
        cmocka_unit_test(readers_out_of_memory), cmocka_unit_test(missing_file), cmocka_unit_test(too_many_fields), cmocka_unit_test(dates),
        cmocka_unit_test(subnormal_numbers), cmocka_unit_test(name_index), cmocka_unit_test(attrition_data),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
