/*
** bench_war.c — times one 10-year daily run of the two-sided Russia–Ukraine scenario (the goal
** is at most 2 ms on one core), with and without daily noise, with a daily series recorder, and
** the per-run set-up an ensemble pays (drawing the parameters and filling pl_war_params).
** Layer: interfaces.
**
** Usage: bench_war [SCENARIO]   (default: the source tree's scenarios/russia-ukraine-2024.yaml).
** Each case repeats for at least half a second; the mean time per run is printed.
*/
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "parley/rng.h"
#include "parley/war.h"

#include "bench_util.h"

enum { YEARS = 10 };
static const long DAYS = 3653; /* ten years from 1 January 2024 */

typedef struct bench_ctx {
    const pl_scenario *sc;
    const pl_war_params *p;
    gsl_rng *rng;
    double *values;
    double sink; /* keeps the optimiser from dropping the runs */
} bench_ctx;

static int run_plain(bench_ctx *c, long k)
{
    pl_war_state s;
    pl_error err;
    pl_rng_reseed(c->rng, 1, (uint64_t)k);
    pl_war_init(&s, c->p);
    if (pl_war_run(&s, c->p, c->rng, DAYS, NULL, &err)) return -1;
    c->sink += s.territory_km2;
    return 0;
}

static int run_mean_field(bench_ctx *c, long k)
{
    (void)k;
    pl_war_state s;
    pl_error err;
    pl_war_init(&s, c->p);
    if (pl_war_run(&s, c->p, NULL, DAYS, NULL, &err)) return -1;
    c->sink += s.territory_km2;
    return 0;
}

static int run_recorded(bench_ctx *c, long k)
{
    pl_war_series *ser;
    pl_error err;
    if (pl_war_series_create(c->p, 1, DAYS, &ser, &err)) return -1;
    pl_war_recorder rec = pl_war_series_recorder(ser);
    pl_war_state s;
    pl_rng_reseed(c->rng, 1, (uint64_t)k);
    pl_war_init(&s, c->p);
    int rc = pl_war_run(&s, c->p, c->rng, DAYS, &rec, &err) ? -1 : 0;
    c->sink += ser->value[ser->n_cols];
    pl_war_series_free(ser);
    return rc;
}

static int draw_and_fill(bench_ctx *c, long k)
{
    pl_war_params p;
    pl_error err;
    pl_rng_reseed(c->rng, 1, (uint64_t)k);
    pl_scenario_draw(c->sc, c->rng, c->values);
    if (pl_war_params_from_scenario(c->sc, c->values, &p, &err)) return -1;
    c->sink += p.side[0].k.bribe_share;
    return 0;
}

/* Mean seconds per call of fn over at least 0.5 s. */
static double time_it(int (*fn)(bench_ctx *, long), bench_ctx *c)
{
    long n = 0;
    double t0 = bench_now(), t;
    do {
        for (int k = 0; k < 20; k++, n++)
            if (fn(c, n)) return -1;
        t = bench_now() - t0;
    } while (t < 0.5);
    return t / (double)n;
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : PL_BENCH_ROOT "/scenarios/russia-ukraine-2024.yaml";
    pl_scenario *sc;
    pl_error err;
    if (pl_war_scenario_read(path, &sc, &err)) {
        fprintf(stderr, "bench_war: %s:%d:%d: %s\n", err.file, err.line, err.col, err.msg);
        return 1;
    }
    double *values = malloc(sc->n_params * sizeof *values);
    pl_war_params p;
    pl_scenario_nominals(sc, values);
    if (!values || pl_war_params_from_scenario(sc, values, &p, &err)) return 1;
    bench_ctx c = {sc, &p, pl_rng_alloc(1, 0), values, 0};
    printf("bench_war: %s, %d years (%ld daily steps), one core\n", sc->name, YEARS, DAYS);
    double t_plain = time_it(run_plain, &c), t_mean = time_it(run_mean_field, &c);
    double t_rec = time_it(run_recorded, &c), t_setup = time_it(draw_and_fill, &c);
    printf("  run with daily noise            %8.3f ms  (goal <= 2 ms: %s)\n", 1e3 * t_plain, t_plain <= 2e-3 ? "met" : "MISSED");
    printf("  mean-field run (no draws)       %8.3f ms\n", 1e3 * t_mean);
    printf("  run with a daily series         %8.3f ms\n", 1e3 * t_rec);
    printf("  draw %zu parameters and fill    %8.3f ms\n", sc->n_params, 1e3 * t_setup);
    printf("  per simulated day               %8.1f ns\n", 1e9 * t_plain / (double)DAYS);
    printf("  runs per second                 %8.0f\n", 1 / t_plain);
    printf("(checksum %g)\n", c.sink > 0 ? 1.0 : 0.0);
    gsl_rng_free(c.rng);
    free(values);
    pl_scenario_free(sc);
    return 0;
}
