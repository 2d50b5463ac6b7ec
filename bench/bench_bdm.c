/*
** bench_bdm.c — times `--model bdm-scholz-code` on the emission case (10 rounds) and on a random
** 20-actor table drawn with a fixed seed (one round), and prints the speed-up over the Python
** reference code (jmckib/dmasad) as measured on the project's 2-core machine: 3.6 s and 25.8 s
** (bargaining-models.md §7).
** Layer: interfaces.
**
** Usage: bench_bdm [DATA_DIR]   (default: the source tree's data/). Each case runs repeatedly for
** at least half a second; the mean time per run is reported, with the model alone and with the
** input read from disk as well. For the emission case it also prints the largest difference from
** the reference trajectory (reference-jmckib-emission-20rounds.json, rounds 1–10).
*/
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "parley/bargain.h"
#include "parley/memory.h"
#include "parley/readers.h"
#include "parley/rng.h"

#include "bench_util.h"

enum { RANDOM_N = 20 };
#define RANDOM_SEED 20110118u
static const double PEER_EMISSION_S = 3.6; /* Python, 10 rounds of the emission case */
static const double PEER_RANDOM_S = 25.8;  /* Python, one round with 20 random actors */

/* 20 actors: positions U(0, 100), capabilities U(0, 1), saliences U(0, 1) (the reference's
** random table was of this kind; its seed is not known, so the cost, not the outcome, compares). */
static pl_stakeholders *random_table(void)
{
    pl_stakeholders *s = pl_stakeholders_alloc(RANDOM_N, 1);
    gsl_rng *r = pl_rng_alloc(RANDOM_SEED, 0);
    if (!s || !r) {
        pl_stakeholders_free(s);
        gsl_rng_free(r);
        return NULL;
    }
    for (size_t i = 0; i < RANDOM_N; i++) {
        char name[32];
        snprintf(name, sizeof name, "A%02zu", i);
        pl_free(s->actor[i]);
        s->actor[i] = pl_strdup(name);
        s->position[i] = 100 * gsl_rng_uniform(r);
        s->capability[i] = gsl_rng_uniform(r);
        s->salience[i] = gsl_rng_uniform(r);
    }
    gsl_rng_free(r);
    return s;
}

/* Runs the code mode for rounds on s (read from path first when s is NULL); NULL on failure. */
static pl_forecast *run_once(const char *path, const pl_stakeholders *given, long rounds)
{
    const pl_bargain_type *t = pl_bargain_find("bdm-scholz-code");
    pl_optset o;
    pl_optset_init(&o, t->options, t->n_options);
    char text[32];
    snprintf(text, sizeof text, "%ld", rounds);
    pl_error err;
    pl_stakeholders *read = NULL;
    pl_forecast *f = NULL;
    if (pl_optset_set(&o, "rounds", text, &err) || (!given && pl_read_stakeholders(path, NULL, &read, &err)) ||
        pl_bargain_run(t, given ? given : read, &o, NULL, &f, &err))
        fprintf(stderr, "bench_bdm: %s\n", err.msg);
    pl_stakeholders_free(read);
    return f;
}

/* Mean seconds per run over at least half a second of runs; -1 on failure. */
static double time_runs(const char *path, const pl_stakeholders *s, long rounds, long *reps)
{
    double start = bench_now(), elapsed = 0;
    *reps = 0;
    while (elapsed < 0.5 || *reps < 5) {
        pl_forecast *f = run_once(path, s, rounds);
        if (!f) return -1;
        pl_forecast_free(f);
        ++*reps;
        elapsed = bench_now() - start;
    }
    return elapsed / (double)*reps;
}

/* Largest difference from the reference over rounds 1..rounds (positions, medians, means). */
static double reference_diff(const pl_forecast *f, const char *ref_path, long rounds)
{
    json_error_t jerr;
    json_t *ref = json_load_file(ref_path, 0, &jerr);
    if (!ref) return -1;
    double mx = 0;
    json_t *rd;
    size_t k;
    json_array_foreach(json_object_get(ref, "rounds"), k, rd) {
        if ((long)k >= rounds) break;
        const pl_forecast_round *mine = &f->round[k + 1];
        mx = fmax(mx, fabs(mine->median[0] - json_real_value(json_object_get(rd, "median"))));
        mx = fmax(mx, fabs(mine->mean[0] - json_real_value(json_object_get(rd, "mean"))));
        for (size_t i = 0; i < f->n_actors; i++) {
            json_t *x = json_object_get(json_object_get(rd, "positions"), f->actor[i]);
            mx = x ? fmax(mx, fabs(mine->position[i] - json_number_value(x))) : HUGE_VAL;
        }
    }
    json_decref(ref);
    return mx;
}

static void report(const char *name, double peer, double model_s, long reps, double with_read_s)
{
    printf("%-34s %12.3g s/run (%ld runs)   peer %6.1f s   speed-up %10.0fx", name, model_s, reps, peer,
           peer / model_s);
    if (with_read_s > 0) printf("   with reading: %.3g s, %.0fx", with_read_s, peer / with_read_s);
    putchar('\n');
}

int main(int argc, char **argv)
{
    const char *data = argc > 1 ? argv[1] : PL_BENCH_DATA;
    char path[4096], ref[4096];
    snprintf(path, sizeof path, "%s/bargaining/emission-standards.csv", data);
    snprintf(ref, sizeof ref, "%s/bargaining/reference-jmckib-emission-20rounds.json", data);
    pl_stakeholders *emission = NULL, *rnd = random_table();
    pl_error err;
    if (pl_read_stakeholders(path, NULL, &emission, &err) || !rnd) {
        fprintf(stderr, "bench_bdm: %s\n", rnd ? err.msg : "out of memory");
        pl_stakeholders_free(rnd);
        return 1;
    }
    pl_forecast *f = run_once(NULL, emission, 10);
    double diff = f ? reference_diff(f, ref, 10) : -1;
    pl_forecast_free(f);
    printf("emission, 10 rounds: largest difference from the jmckib reference = %g\n", diff);
    long reps, reps_read;
    double t_model = time_runs(NULL, emission, 10, &reps), t_read = time_runs(path, NULL, 10, &reps_read);
    report("emission case, 10 rounds", PEER_EMISSION_S, t_model, reps, t_read);
    t_model = time_runs(NULL, rnd, 1, &reps);
    report("random 20 actors, 1 round", PEER_RANDOM_S, t_model, reps, 0);
    pl_stakeholders_free(emission);
    pl_stakeholders_free(rnd);
    return diff == 0 && t_model > 0 ? 0 : 1;
}
