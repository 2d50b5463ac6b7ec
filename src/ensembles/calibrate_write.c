/*
** calibrate_write.c — `parley calibrate`'s set-up and results (parley/calibrate_write.h).
** Layer: ensembles.
*/
#include "parley/calibrate_write.h"

#include <string.h>

#include <jansson.h>

#include "parley/json.h"
#include "parley/outfile.h"
#include "parley/scenario.h"
#include "parley/war.h"

/* ---- Attrition data ------------------------------------------------------------------------- */

pl_status pl_attrition_fits_run(const char *path, int law_choice, double prior_mean, double prior_sd,
                                pl_attrition_fits *r, pl_error *err)
{
    memset(r, 0, sizeof *r);
    const pl_attrition_data *d = &r->d;
    pl_status st = pl_attrition_read(path, &r->d, err);
    for (int l = 0; l <= PL_FIT_PRIOR; l++)
        if (law_choice == 0 || law_choice == l + 1) r->laws[r->n_laws++] = (pl_attrition_law)l;
    pl_attrition_fit_options o = pl_attrition_fit_defaults();
    o.prior_mean_p = o.prior_mean_q = prior_mean;
    o.prior_sd_p = o.prior_sd_q = prior_sd;
    for (int l = 0; l < r->n_laws && !st; l++)
        for (int s = 0; s < 2 && !st; s++) {
            o.law = r->laws[l];
            st = pl_attrition_fit_run(d->forces[1 - s], d->forces[s], d->losses[s], d->n, &o, &r->fit[l][s], err);
        }
    return st;
}

void pl_attrition_fits_free(pl_attrition_fits *r) { pl_attrition_data_free(&r->d); }

pl_status pl_attrition_fits_write_json(const pl_attrition_fits *r, FILE *out, pl_error *err)
{
    json_t *a = json_array();
    for (int l = 0; l < r->n_laws && a; l++)
        for (int s = 0; s < 2; s++) {
            const pl_attrition_fit *f = &r->fit[l][s];
            json_array_append_new(a, json_pack("{s:s, s:s, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:b, s:i}", "law",
                                               pl_attrition_law_name(r->laws[l]), "side", r->d.side[s], "a", f->a,
                                               "se_a", f->se_a, "p", f->p, "se_p", f->se_p, "q", f->q, "se_q",
                                               f->se_q, "r2", f->r2, "condition_index", f->cond, "ill_conditioned",
                                               f->ill_conditioned, "days", (int)f->n));
        }
    return pl_json_dump(a, out, err);
}

pl_status pl_attrition_fits_write_csv(const pl_attrition_fits *r, FILE *out, pl_error *err)
{
    fprintf(out, "law,side,a,se_a,p,se_p,q,se_q,r2,condition_index\n");
    for (int l = 0; l < r->n_laws; l++)
        for (int s = 0; s < 2; s++) {
            const pl_attrition_fit *f = &r->fit[l][s];
            fprintf(out, "%s,", pl_attrition_law_name(r->laws[l]));
            pl_csv_write_field(out, r->d.side[s]); /* from the header: a quoted name may hold a comma */
            fprintf(out, ",%.10g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g,%.6g\n", f->a, f->se_a, f->p, f->se_p, f->q, f->se_q,
                    f->r2, f->cond);
        }
    return pl_write_status(out, err);
}

pl_status pl_attrition_fits_write_table(const pl_attrition_fits *r, FILE *out, pl_error *err)
{
    fprintf(out, "losses_t = a * enemy_t^p * own_t^q over %zu days (standard errors beside each estimate)\n\n"
                 "%-7s %-10s %12s %10s %8s %8s %8s %8s %6s %9s\n",
            r->d.n, "law", "side", "a", "se(a)", "p", "se(p)", "q", "se(q)", "R2", "cond.");
    for (int l = 0; l < r->n_laws; l++)
        for (int s = 0; s < 2; s++) {
            const pl_attrition_fit *f = &r->fit[l][s];
            fprintf(out, "%-7s %-10s %12.6g %10.3g %8.4f %8.3g %8.4f %8.3g %6.3f %9.3g%s\n", pl_attrition_law_name(r->laws[l]),
                    r->d.side[s], f->a, f->se_a, f->p, f->se_p, f->q, f->se_q, f->r2, f->cond,
                    f->ill_conditioned ? "  ill-conditioned" : "");
        }
    return pl_write_status(out, err);
}

/* ---- Scenarios -------------------------------------------------------------------------------- */

pl_status pl_war_calibration_write_csv(const pl_war_calibration *cal, const pl_scenario *sc, FILE *out, pl_error *err)
{
    fprintf(out, "series,from,months,set,observed,predicted\n");
    for (size_t k = 0; k < cal->n_points; k++) {
        const pl_war_obs_point *q = &cal->point[k];
        pl_csv_write_field(out, sc->series[q->series].name);
        fprintf(out, ",%04d-%02d,%d,%s,%.10g,%.10g\n", q->year, q->month, sc->series[q->series].period_months,
                q->in_fit ? "fit" : q->in_test ? "test" : "-", q->observed, q->predicted);
    }
    return pl_write_status(out, err);
}

/* ---- Scenarios against an observed record ----------------------------------------------------- */

static pl_status parse_month(const char *text, const char *what, int *out, pl_error *err)
{
    int y, m, d;
    if (pl_date_parse(text, &y, &m, &d) || strlen(text) != 7)
        return pl_error_set(err, PL_EINVAL, "found --%s '%s', expected a month YYYY-MM", what, text);
    *out = y * 12 + m - 1;
    return PL_OK;
}

/* The cut-off, the fixed split's windows and the rolling origins. */
static pl_status fit_windows(pl_war_fit_options *o, const pl_scenario *sc, const char *as_of, const char *origins,
                             pl_error *err)
{
    memset(o, 0, sizeof *o);
    int y, m, d;
    if (!*as_of) o->as_of = pl_date_days(9999, 12, 31);
    else if (pl_date_parse(as_of, &y, &m, &d) || strlen(as_of) != 10)
        return pl_error_set(err, PL_EINVAL, "found --as-of '%s', expected a date YYYY-MM-DD", as_of);
    else o->as_of = pl_date_days(y, m, d);
    if (!sc->fit_from[0] || !sc->test_from[0])
        return pl_error_at(err, PL_EINPUT, sc->path, 1, 1, "found no calibration.fit or calibration.test window, expected both");
    o->fit_to = sc->fit_to[0] * 12 + sc->fit_to[1] - 1;
    o->test_from = sc->test_from[0] * 12 + sc->test_from[1] - 1, o->test_to = sc->test_to[0] * 12 + sc->test_to[1] - 1;
    o->origin_from = sc->fit_from[0] * 12 + sc->fit_from[1] - 1 + 5, o->origin_to = o->test_to - 1;
    if (!*origins) return PL_OK;
    const char *dots = strstr(origins, "..");
    char a[16] = "", b[16] = "";
    if (dots && dots - origins < 16) memcpy(a, origins, (size_t)(dots - origins)), snprintf(b, sizeof b, "%s", dots + 2);
    if (parse_month(a, "origins", &o->origin_from, err) || parse_month(b, "origins", &o->origin_to, err))
        return pl_error_set(err, PL_EINVAL, "found --origins '%s', expected FROM..TO as YYYY-MM..YYYY-MM", origins);
    return PL_OK;
}

static pl_status fit_options(pl_war_fit_job *j, const pl_optset *opts, unsigned long seed, pl_error *err)
{
    pl_war_fit_options *o = &j->o;
    pl_status st = fit_windows(o, j->sc, pl_optset_text(opts, "as-of"), pl_optset_text(opts, "origins"), err);
    o->horizon = (int)pl_optset_int(opts, "horizon");
    o->real_time = pl_optset_flag(opts, "real-time");
    o->iterations = (size_t)pl_optset_int(opts, "iterations"), o->burn_in = (size_t)pl_optset_int(opts, "burn-in");
    o->draws = (size_t)pl_optset_int(opts, "draws"), o->noise_per_draw = 10, o->seed = seed;
    char *tok = strtok(j->hold, ",");
    for (; tok && o->n_hold < 16; tok = strtok(NULL, ",")) o->hold[o->n_hold++] = tok;
    if (!st && tok) /* the 17th and later were dropped without a word */
        st = pl_error_set(err, PL_EINVAL, "found more than 16 parameters in --hold, expected at most 16");
    return st;
}

pl_status pl_war_fit_job_run(pl_war_fit_job *j, const char *scenario, const pl_optset *opts, unsigned long seed,
                             pl_error *err)
{
    memset(j, 0, sizeof *j);
    const char *hold = pl_optset_text(opts, "hold");
    if (strlen(hold) >= sizeof j->hold) /* cut, it would hold a stump or drop the last names */
        return pl_error_set(err, PL_EINVAL, "found --hold of %zu characters, expected at most %zu", strlen(hold),
                            sizeof j->hold - 1);
    snprintf(j->hold, sizeof j->hold, "%s", hold);
    pl_status st = pl_war_scenario_read(scenario, &j->sc, err);
    if (!st) st = pl_war_record_read(pl_optset_text(opts, "observations"), &j->rec, err);
    if (!st) st = pl_war_record_check_span(j->rec, j->sc, err);
    if (!st) st = fit_options(j, opts, seed, err);
    if (!st) st = pl_war_fit_run(j->sc, j->rec, &j->o, &j->fit, err);
    return st;
}

void pl_war_fit_job_free(pl_war_fit_job *j)
{
    pl_war_fit_free(j->fit);
    pl_war_record_free(j->rec);
    pl_scenario_free(j->sc);
    memset(j, 0, sizeof *j);
}

pl_status pl_war_fit_write_posterior_file(const char *path, const pl_war_fit *fit, const pl_scenario *sc,
                                          const pl_war_fit_options *o, pl_error *err)
{
    pl_outfile f;
    pl_status st = pl_outfile_open(&f, path, err);
    if (st) return st;
    st = pl_war_fit_write_posterior(fit, sc, o, f.fp, err);
    if (!st) return pl_outfile_commit(&f, err);
    pl_outfile_abort(&f);
    return st;
}
