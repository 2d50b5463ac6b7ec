/*
** fuzz_posterior.c — libFuzzer harness for the calibration posterior reader (pl_posterior_parse,
** parley/posterior.h) that scenarios read with calibration.posterior. Any input must give a
** posterior (at least one column and one row, finite values, rows on increasing lines) or a
** located error; never a crash, leak or sanitizer report.
*/
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parley/posterior.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const pl_posterior *p)
{
    if (!p->n_cols || !p->n_rows || !p->as_of_line || p->header_line <= p->as_of_line) __builtin_trap();
    for (size_t c = 0; c < p->n_cols; c++)
        if (!p->name[c][0] || pl_posterior_find(p, p->name[c]) != (int)c) __builtin_trap();
    for (size_t r = 0; r < p->n_rows; r++) {
        if (!isfinite(p->log_post[r]) || p->row_line[r] <= (r ? p->row_line[r - 1] : p->header_line)) __builtin_trap();
        for (size_t c = 0; c < p->n_cols; c++)
            if (!isfinite(p->value[r * p->n_cols + c])) __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pl_posterior *p = NULL;
    pl_error err;
    pl_error_clear(&err);
    if (pl_posterior_parse("fuzz.csv", (const char *)data, size, &p, &err) == PL_OK) {
        check(p);
        pl_posterior_free(p);
    } else if (p || err.msg[0] == '\0') {
        __builtin_trap();
    }
    return 0;
}
