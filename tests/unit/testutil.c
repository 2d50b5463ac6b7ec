/*
** testutil.c — helpers shared by the unit tests.
*/
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/readers.h"

const char *tu_data(const char *rel)
{
    static char buf[4096];
    const char *root = getenv("PARLEY_DATA");
    snprintf(buf, sizeof buf, "%s/%s", root ? root : "data", rel);
    return buf;
}

const char *tu_root(const char *rel)
{
    static char buf[8192]; /* tu_data's 4096 and then some */
    snprintf(buf, sizeof buf, "%s/../%s", tu_data(""), rel);
    return buf;
}

void tu_put(const char *dir, const char *name, const char *text)
{
    char path[1400];
    if (dir) snprintf(path, sizeof path, "%s/%s", dir, name);
    else snprintf(path, sizeof path, "%s", name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    assert_true(fputs(text, fp) >= 0);
    assert_int_equal(fclose(fp), 0);
}

char *tu_slurp(const char *path)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    char *text = malloc((size_t)n + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)n, fp), (size_t)n);
    text[n] = '\0';
    fclose(fp);
    return text;
}

void tu_assert_close_at(double a, double b, double tol, const char *file, int line)
{
    double scale = fabs(b) > 1 ? fabs(b) : 1;
    if (!(fabs(a - b) <= tol * scale)) {
        print_error("%s:%d: %.17g differs from %.17g by more than %g (relative)\n", file, line, a, b, tol);
        fail();
    }
}

pl_stakeholders *tu_parse(const char *name, const char *text, pl_status expect, pl_error *err)
{
    pl_text t;
    pl_stakeholders *s = NULL;
    pl_error_clear(err);
    pl_status st = pl_text_from_memory(&t, name, text, strlen(text), err);
    if (!st) {
        st = pl_parse_stakeholders(&t, NULL, &s, err);
        pl_text_free(&t);
    }
    if (st != expect) print_error("status %d, expected %d: %s\n", st, expect, err->msg);
    assert_int_equal(st, expect);
    return s;
}

void tu_assert_error(const pl_error *err, const char *needle, int line, int col)
{
    if (!strstr(err->msg, needle)) {
        print_error("message '%s' lacks '%s'\n", err->msg, needle);
        fail();
    }
    if (line) assert_int_equal(err->line, line);
    if (col) assert_int_equal(err->col, col);
}
