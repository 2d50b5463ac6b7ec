/*
** testutil.h — helpers shared by the unit tests: data paths, relative comparisons, reading
** stakeholder text from a string.
*/
#ifndef PARLEY_TESTUTIL_H
#define PARLEY_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "parley/error.h"
#include "parley/stakeholders.h"

/* $PARLEY_DATA/<rel> in a static buffer (one call at a time). */
const char *tu_data(const char *rel);

/* The project root's file rel (data/ is found through PARLEY_DATA; scenarios/ sits beside it);
** a static buffer, overwritten by the next call. */
const char *tu_root(const char *rel);

/* The whole of a file, NUL-terminated (malloc'd; the test fails when it cannot be read). */
char *tu_slurp(const char *path);

/* Writes text to dir/name (dir NULL: to name); the test fails when it cannot be written. */
void tu_put(const char *dir, const char *name, const char *text);

/* Asserts |a − b| ≤ tol · max(1, |b|). */
#define tu_assert_close(a, b, tol) tu_assert_close_at((a), (b), (tol), __FILE__, __LINE__)
void tu_assert_close_at(double a, double b, double tol, const char *file, int line);

/* Parses text as a stakeholder file named name (format detected), asserting the status; on
** success returns the table, else NULL with err filled. */
pl_stakeholders *tu_parse(const char *name, const char *text, pl_status expect, pl_error *err);

/* Asserts err's message contains needle and its line/column are as given (0: don't check). */
void tu_assert_error(const pl_error *err, const char *needle, int line, int col);

#endif
