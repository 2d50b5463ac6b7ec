/*
** war_calibrate_write.c — reports of a war calibration: a plain-text table and JSON.
** Layer: simulation.
*/
#include <math.h>

#include <jansson.h>

#include "parley/json.h"
#include "parley/outfile.h"
#include "parley/war_calibrate.h"

static const char *window(const pl_war_obs_point *q) { return q->in_fit ? "fit" : q->in_test ? "test" : "-"; }

static void write_params(const pl_war_calibration *cal, const pl_scenario *sc, FILE *out)
{
    fprintf(out, "%-46s %12s %12s %12s   %s\n", "free parameter", "initial", "estimate", "std. error", "range");
    for (size_t k = 0; k < cal->n_free; k++)
        fprintf(out, "%-46s %12.6g %12.6g %12.4g   [%g, %g]\n", sc->param[cal->param[k]].path, cal->initial[k],
                cal->estimate[k], cal->se[k], cal->lo[k], cal->hi[k]);
}

static void write_points(const pl_war_calibration *cal, const pl_scenario *sc, FILE *out)
{
    fprintf(out, "\n%-22s %-8s %3s %-5s %12s %12s %9s\n", "series", "from", "mo", "set", "observed", "predicted", "error");
    for (size_t k = 0; k < cal->n_points; k++) {
        const pl_war_obs_point *q = &cal->point[k];
        const pl_obs_series *o = &sc->series[q->series];
        double rel = (q->predicted - q->observed) / (fabs(q->observed) > 0 ? fabs(q->observed) : 1);
        fprintf(out, "%-22s %04d-%02d  %3d %-5s %12.6g %12.6g %+8.1f%%\n", o->name, q->year, q->month,
                o->period_months, window(q), q->observed, q->predicted, 100 * rel);
    }
}

/* A percentage, or "-" where there is nothing to average. */
static const char *percent(double v, int sign, char *buf, size_t size)
{
    if (!isfinite(v)) snprintf(buf, size, "-");
    else snprintf(buf, size, sign ? "%+.1f%%" : "%.1f%%", 100 * v);
    return buf;
}

static void write_errors(const pl_war_calibration *cal, const pl_scenario *sc, FILE *out)
{
    char a[32], b[32], c[32];
    fprintf(out, "\n%-22s %5s %10s %6s %10s %10s\n", "series", "n fit", "MAPE fit", "n test", "MAPE test", "bias test");
    for (size_t s = 0; s < sc->n_series; s++) {
        const pl_war_series_error *e = &cal->error[s];
        fprintf(out, "%-22s %5zu %10s %6zu %10s %10s\n", sc->series[s].name, e->n_fit, percent(e->mape_fit, 0, a, 32),
                e->n_test, percent(e->mape_test, 0, b, 32), percent(e->bias_test, 1, c, 32));
    }
    fprintf(out, "%-22s %5zu %10s %6zu %10s\n", "all", cal->n_fit_points, percent(cal->mape_fit, 0, a, 32),
            cal->n_test_points, percent(cal->mape_test, 0, b, 32));
}

pl_status pl_war_calibration_write_table(const pl_war_calibration *cal, const pl_scenario *sc, FILE *out,
                                         pl_error *err)
{
    fprintf(out, "scenario %s: %zu free parameters, %zu observations in the fit window %04d-%02d..%04d-%02d, %zu in "
                 "the test window %04d-%02d..%04d-%02d\n",
            sc->name, cal->n_free, cal->n_fit_points, sc->fit_from[0], sc->fit_from[1], sc->fit_to[0], sc->fit_to[1],
            cal->n_test_points, sc->test_from[0], sc->test_from[1], sc->test_to[0], sc->test_to[1]);
    if (cal->iterations || cal->converged)
        fprintf(out, "cost (half the sum of squared weighted log ratios): %.6g -> %.6g in %d iterations%s\n\n",
                cal->cost_initial, cal->cost_final, cal->iterations, cal->converged ? "" : " (iteration limit)");
    else fprintf(out, "nominal parameters, not fitted\n\n");
    if (cal->n_free) write_params(cal, sc, out);
    write_points(cal, sc, out);
    write_errors(cal, sc, out);
    return pl_write_status(out, err);
}

/* A JSON number, or null for NaN (no NaN ever reaches output). */
static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static json_t *params_json(const pl_war_calibration *cal, const pl_scenario *sc)
{
    json_t *a = json_array();
    for (size_t k = 0; k < cal->n_free && a; k++)
        json_array_append_new(a, json_pack("{s:s, s:o, s:o, s:o, s:[o,o]}", "path", sc->param[cal->param[k]].path,
                                           "initial", num(cal->initial[k]), "estimate", num(cal->estimate[k]), "se",
                                           num(cal->se[k]), "range", num(cal->lo[k]), num(cal->hi[k])));
    return a;
}

static json_t *points_json(const pl_war_calibration *cal, const pl_scenario *sc)
{
    json_t *a = json_array();
    for (size_t k = 0; k < cal->n_points && a; k++) {
        const pl_war_obs_point *q = &cal->point[k];
        char month[16];
        snprintf(month, sizeof month, "%04d-%02d", q->year, q->month);
        json_array_append_new(a, json_pack("{s:s, s:s, s:i, s:s, s:o, s:o}", "series", sc->series[q->series].name,
                                           "from", month, "months", sc->series[q->series].period_months, "set",
                                           window(q), "observed", num(q->observed), "predicted", num(q->predicted)));
    }
    return a;
}

static json_t *errors_json(const pl_war_calibration *cal, const pl_scenario *sc)
{
    json_t *a = json_array();
    for (size_t s = 0; s < sc->n_series && a; s++) {
        const pl_war_series_error *e = &cal->error[s];
        json_array_append_new(a, json_pack("{s:s, s:i, s:o, s:i, s:o, s:o}", "series", sc->series[s].name, "n_fit",
                                           (int)e->n_fit, "mape_fit", num(e->mape_fit), "n_test", (int)e->n_test,
                                           "mape_test", num(e->mape_test), "bias_test", num(e->bias_test)));
    }
    return a;
}

pl_status pl_war_calibration_write_json(const pl_war_calibration *cal, const pl_scenario *sc, FILE *out,
                                        pl_error *err)
{
    json_t *doc = json_pack("{s:s, s:o, s:o, s:o, s:{s:o, s:o, s:i, s:b, s:o, s:o}}", "scenario", sc->name,
                            "parameters", params_json(cal, sc), "points", points_json(cal, sc), "series",
                            errors_json(cal, sc), "summary", "cost_initial", num(cal->cost_initial), "cost_final",
                            num(cal->cost_final), "iterations", cal->iterations, "converged", cal->converged,
                            "mape_fit", num(cal->mape_fit), "mape_test", num(cal->mape_test));
    return pl_json_dump(doc, out, err);
}
