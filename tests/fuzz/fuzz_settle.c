/*
** fuzz_settle.c — libFuzzer harness for settle scenarios ("how the war ends"): the YAML against
** the settle schema, then the setup the commands build from it (the framework it names, read
** relative to scenarios/ so the shipped frameworks are found; the narrowing; the model), then one
** run's parameters at the nominal values. Any input must give a setup or a located error; never a
** crash, leak or sanitizer report.
*/
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_errno.h>

#include "parley/memory.h"
#include "parley/settle_model.h"
#include "parley/settle_sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use_scenario(const pl_scenario *sc)
{
    pl_settle_setup *su = NULL;
    pl_error err;
    pl_status st = pl_settle_setup_create(sc, &su, &err);
    if (st != PL_OK) {
        if (!err.msg[0]) __builtin_trap(); /* every failure says why */
        return;
    }
    double *values = pl_malloc((sc->n_params + 1) * sizeof *values);
    if (values) {
        pl_scenario_nominals(sc, values);
        pl_settle_params p;
        if (pl_settle_params_from_scenario(su, sc, values, &p, &err) != PL_OK && !err.msg[0]) __builtin_trap();
    }
    pl_free(values);
    pl_settle_setup_free(su);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gsl_set_error_handler_off();
    pl_scenario *sc = NULL;
    pl_error err;
    if (pl_scenario_parse(PL_FUZZ_ROOT "/scenarios/fuzz.yaml", (const char *)data, size, pl_settle_schema(), &sc, &err) ==
        PL_OK) {
        use_scenario(sc);
        pl_scenario_free(sc);
    } else if (err.msg[0] == '\0') {
        __builtin_trap();
    }
    return 0;
}
