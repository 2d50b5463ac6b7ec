/*
** war_fixture.h — what the war-model tests share: the shipped Russia–Ukraine scenario at its
** nominal values, and a run of a given length.
*/
#ifndef PARLEY_WAR_FIXTURE_H
#define PARLEY_WAR_FIXTURE_H

#include "testutil.h"

#include <stdlib.h>

#include "parley/war.h"

/* The shipped scenario's parameters at their nominal values (prepared). */
static inline pl_war_params war_fixture_params(void)
{
    pl_scenario *sc;
    pl_error err;
    assert_int_equal(pl_war_scenario_read(tu_data("../scenarios/russia-ukraine-2024.yaml"), &sc, &err), PL_OK);
    double *v = malloc(sc->n_params * sizeof *v);
    assert_non_null(v);
    pl_scenario_nominals(sc, v);
    pl_war_params p;
    assert_int_equal(pl_war_params_from_scenario(sc, v, &p, &err), PL_OK);
    free(v);
    pl_scenario_free(sc);
    return p;
}

/* Runs p for `days` from day 0 (mean field when rng is NULL) and returns the final state. */
static inline pl_war_state war_fixture_run(const pl_war_params *p, gsl_rng *rng, long days)
{
    pl_war_state s;
    pl_error err;
    pl_war_init(&s, p);
    assert_int_equal(pl_war_run(&s, p, rng, days, NULL, &err), PL_OK);
    return s;
}

#endif
