/*
** fuzz_attrition.c — libFuzzer harness for the daily attrition CSV of `parley calibrate`
** (pl_attrition_parse) and the fit of every law on what it reads. Any input must give data (at
** least 4 days, every value positive) or a located error; never a crash, leak or sanitizer report.
*/
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_errno.h>

#include "parley/attrition.h"
#include "parley/lanchester.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fit(const pl_attrition_data *d)
{
    if (d->n < 4) __builtin_trap();
    for (size_t k = 0; k < d->n; k++)
        for (int s = 0; s < 2; s++)
            if (!(d->forces[s][k] > 0) || !(d->losses[s][k] > 0)) __builtin_trap();
    pl_attrition_fit_options o = pl_attrition_fit_defaults();
    for (int law = 0; law <= PL_FIT_PRIOR; law++) {
        o.law = (pl_attrition_law)law;
        pl_attrition_fit f;
        pl_error err;
        if (pl_attrition_fit_run(d->forces[1], d->forces[0], d->losses[0], d->n, &o, &f, &err) != PL_OK &&
            !err.msg[0])
            __builtin_trap();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gsl_set_error_handler_off();
    pl_text t;
    pl_error err;
    if (pl_text_from_memory(&t, "fuzz.csv", (const char *)data, size, &err) != PL_OK) return 0;
    pl_attrition_data d;
    if (pl_attrition_parse(&t, &d, &err) == PL_OK) {
        fit(&d);
        pl_attrition_data_free(&d);
    } else if (err.msg[0] == '\0') {
        __builtin_trap();
    }
    pl_text_free(&t);
    return 0;
}
