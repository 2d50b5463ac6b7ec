/*
** fuzz_scenario.c — libFuzzer harness for the YAML scenario reader with the war schema, and for
** the war model on whatever parses: any input must give a scenario or a located error, and a
** scenario must give parameters or a located error and then a run that ends PL_OK or PL_EDOM
** with a message; never a crash, leak or sanitizer report.
*/
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "parley/memory.h"
#include "parley/rng.h"
#include "parley/text.h"
#include "parley/war.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Draws the parameters, runs 60 days with noise, and checks the outcomes are finite. */
static void run_model(const pl_scenario *sc)
{
    double *values = pl_malloc((sc->n_params + 1) * sizeof *values);
    gsl_rng *rng = pl_rng_alloc(1, 0);
    pl_error err;
    pl_war_params p;
    if (values && rng) {
        pl_scenario_draw(sc, rng, values);
        pl_status st = pl_war_params_from_scenario(sc, values, &p, &err);
        if (st != PL_OK && (err.msg[0] == '\0' || err.line == 0)) __builtin_trap();
        if (st == PL_OK) {
            pl_war_state s;
            pl_war_init(&s, &p);
            st = pl_war_run(&s, &p, rng, 60, NULL, &err);
            if (st != PL_OK && st != PL_EDOM) __builtin_trap();
            double out[PL_WAR_MAX_OUTCOMES];
            size_t n = pl_war_outcomes(&s, &p, out);
            for (size_t k = 0; st == PL_OK && k < n; k++)
                if (!(out[k] == out[k]) || out[k] - out[k] != 0) __builtin_trap(); /* NaN or infinite */
        }
    }
    pl_free(values);
    gsl_rng_free(rng);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gsl_set_error_handler_off();
    pl_text t;
    pl_error err;
    if (pl_text_from_memory(&t, "fuzz.yaml", (const char *)data, size, &err) != PL_OK) return 0;
    pl_scenario *sc = NULL;
    if (pl_scenario_parse("fuzz.yaml", t.data, t.size, pl_war_schema(), &sc, &err) == PL_OK) {
        run_model(sc);
        pl_scenario_free(sc);
    } else if (err.msg[0] == '\0') {
        __builtin_trap(); /* every failure must say why */
    }
    pl_text_free(&t);
    return 0;
}
