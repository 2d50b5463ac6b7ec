/*
** fuzz_case.c — libFuzzer harness for backtest case files (docs/backtest.md): the YAML against the
** case schema, the parameters of a case at its nominal values, and one two-year run of its
** post-deal world. Any input must give a case or a located error, and a run must end PL_OK or with
** a message and a finite (or "none", −1) time; never a crash, leak or sanitizer report.
*/
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_errno.h>

#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/settle_model.h"
#include "parley/settle_sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void run_case(const pl_scenario *sc)
{
    double *values = pl_malloc((sc->n_params + 1) * sizeof *values);
    gsl_rng *rng = pl_rng_alloc(1, 0);
    pl_error err;
    pl_settle_params p;
    if (values && rng) {
        pl_scenario_nominals(sc, values);
        pl_status st = pl_settle_case_params(sc, values, &p, &err);
        if (st != PL_OK && !err.msg[0]) __builtin_trap();
        double years = 0;
        if (st == PL_OK) {
            st = pl_settle_case_run(&p, 2.0, rng, &years, &err);
            if (st != PL_OK && !err.msg[0]) __builtin_trap();
            if (st == PL_OK && !isfinite(years)) __builtin_trap();
        }
    }
    pl_free(values);
    gsl_rng_free(rng);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gsl_set_error_handler_off();
    pl_scenario *sc = NULL;
    pl_error err;
    if (pl_scenario_parse("fuzz.yaml", (const char *)data, size, pl_settle_case_schema(), &sc, &err) == PL_OK) {
        run_case(sc);
        pl_scenario_free(sc);
    } else if (err.msg[0] == '\0') {
        __builtin_trap();
    }
    return 0;
}
