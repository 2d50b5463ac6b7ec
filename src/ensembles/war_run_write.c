/*
** war_run_write.c — one run of the war-dynamics model, written: the summary table, the JSON
** document and the store's rows (parley/war_run.h). An outcome that did not happen (a full
** mobilisation never declared) is JSON null and has no row in the store.
** Layer: ensembles.
*/
#include "parley/war_run.h"

#include <math.h>
#include <string.h>

#include <jansson.h>

#include "parley/json.h"
#include "parley/ensemble.h"

static void print_side_row(FILE *out, const char *label, double a, double b, int decimals)
{
    char x[32], y[32];
    snprintf(x, sizeof x, "%.*f", decimals, a);
    snprintf(y, sizeof y, "%.*f", decimals, b);
    fprintf(out, "  %-34s %16s %16s\n", label, x, y);
}

static void print_forces(FILE *out, const pl_war_run_result *r)
{
    const pl_war_side_state *s0 = r->start->side, *e = r->end->side;
    print_side_row(out, "forces in line, start", s0[0].line, s0[1].line, 0);
    print_side_row(out, "forces in line, end", e[0].line, e[1].line, 0);
    print_side_row(out, "reserve, end", e[0].reserve, e[1].reserve, 0);
    print_side_row(out, "casualties", e[0].cum_losses, e[1].cum_losses, 0);
    print_side_row(out, "killed", e[0].cum_killed, e[1].cum_killed, 0);
    print_side_row(out, "recruits: contract", e[0].cum_contract, e[1].cum_contract, 0);
    print_side_row(out, "recruits: prison", e[0].cum_prison, e[1].cum_prison, 0);
    print_side_row(out, "recruits: levy", e[0].cum_levy, e[1].cum_levy, 0);
    print_side_row(out, "recruits: called up", e[0].cum_mobilized, e[1].cum_mobilized, 0);
    print_side_row(out, "evaded call-up", e[0].cum_evaded, e[1].cum_evaded, 0);
    print_side_row(out, "bought removal (bribes)", e[0].cum_bribed, e[1].cum_bribed, 0);
    print_side_row(out, "bribes paid, US$ m", e[0].cum_bribe_usd / 1e6, e[1].cum_bribe_usd / 1e6, 1);
    print_side_row(out, "went AWOL", e[0].cum_awol, e[1].cum_awol, 0);
}

/* The day a decision was taken; held as -1 when it never was. */
static void day_text(double day, char *buf, size_t size)
{
    if (day < 0) snprintf(buf, size, "never");
    else snprintf(buf, size, "%.0f", day);
}

static void print_home(FILE *out, const pl_war_run_result *r)
{
    const pl_war_side_state *s0 = r->start->side, *e = r->end->side;
    double d = r->end->day > 0 ? r->end->day : 1;
    print_side_row(out, "drones launched", e[0].cum_drones, e[1].cum_drones, 0);
    print_side_row(out, "missiles launched", e[0].cum_missiles, e[1].cum_missiles, 0);
    print_side_row(out, "alert hours per day (mean)", e[0].cum_alert_hours / d, e[1].cum_alert_hours / d, 2);
    print_side_row(out, "outage hours per day (mean)", e[0].cum_outage_hours / d, e[1].cum_outage_hours / d, 2);
    print_side_row(out, "morale, start", s0[0].morale, s0[1].morale, 3);
    print_side_row(out, "morale, end", e[0].morale, e[1].morale, 3);
    print_side_row(out, "line fatigue, end", e[0].fatigue, e[1].fatigue, 3);
    print_side_row(out, "spending index, end", e[0].spending_index, e[1].spending_index, 3);
    print_side_row(out, "exhaustion, end", e[0].exhaustion, e[1].exhaustion, 3);
    char x[32], y[32];
    day_text(e[0].full_mobilization, x, sizeof x);
    day_text(e[1].full_mobilization, y, sizeof y);
    fprintf(out, "  %-34s %16s %16s\n", "full mobilisation (day)", x, y);
}

pl_status pl_war_run_write_summary(const pl_war_run_result *r, FILE *out)
{
    const pl_war_params *p = r->p;
    int y, m, d;
    pl_date_from_days(p->start_days + r->days, &y, &m, &d);
    char nb[PL_TABLE_TEXT_MAX]; /* the scenario's name without its control characters */
    fprintf(out, "scenario  %s\nperiod    %04d-%02d-%02d + %ld days (to %04d-%02d-%02d)\nseed      %llu%s\n\n",
            pl_table_text(r->sc->name, nb, sizeof nb), r->sc->start_year, r->sc->start_month, r->sc->start_day, r->days, y, m, d,
            (unsigned long long)r->seed, p->stochastic ? "" : " (mean field)");
    fprintf(out, "  %-34s %16s %16s\n", "", p->side[0].id, p->side[1].id);
    print_forces(out, r);
    print_home(out, r);
    fprintf(out, "\nground taken by %s: %.0f km2 net (%.1f km2/month)\n", p->side[0].id, r->end->territory_km2,
            r->days > 0 ? r->end->territory_km2 / (double)r->days * PL_WAR_MONTH_DAYS : 0.0);
    for (int j = 0; j < p->n_third; j++)
        fprintf(out, "third party %s: attention %.3f at the end, aid delivered US$ %.1f bn\n", p->third[j].id,
                r->end->third[j].attention, r->end->third[j].cum_aid_bn);
    return ferror(out) ? PL_EIO : PL_OK; /* errno still says why: the caller reports it */
}

/* Whether outcome name holds the value its descriptor marks as "did not happen", by the rule
** parley run follows (pl_outcome_mark_undefined): the day of a full mobilisation never declared
** is -1. Here it is JSON null and has no row in the store (docs/formats.md), never a -1 that a
** mean over runs would count as a day. */
static int outcome_undefined(const char *name, double v)
{
    const char *dot = strrchr(name, '.'), *key = dot ? dot + 1 : name;
    size_t n;
    const pl_war_outcome_desc *d = pl_war_outcome_descs(&n);
    for (size_t k = 0; k < n; k++)
        if (strcmp(d[k].key, key) == 0) return isnan(pl_outcome_mark_undefined(v, d[k].help));
    return 0;
}

static json_t *outcomes_json(const pl_war_run_result *r)
{
    double out[PL_WAR_MAX_OUTCOMES];
    size_t n = pl_war_outcomes(r->end, r->p, out);
    json_t *o = json_object();
    for (size_t k = 0; k < n && o; k++) {
        char name[96];
        pl_war_outcome_name(r->p, k, name, sizeof name);
        json_t *v = outcome_undefined(name, out[k]) ? json_null() : json_real(out[k]);
        if (json_object_set_new(o, name, v)) return json_decref(o), NULL;
    }
    return o;
}

pl_status pl_war_run_write_json(const pl_war_run_result *r, FILE *fp, pl_error *err)
{
    json_t *doc = json_object();
    json_t *params = json_object();
    for (size_t k = 0; k < r->sc->n_params && params; k++)
        if (json_object_set_new(params, r->sc->param[k].path, json_real(r->values[k]))) params = NULL;
    int bad = !doc || !params;
    if (!bad) {
        bad = json_object_set_new(doc, "scenario", json_string(r->sc->name)) |
              json_object_set_new(doc, "seed", json_integer((json_int_t)r->seed)) |
              json_object_set_new(doc, "days", json_integer(r->days)) | json_object_set_new(doc, "parameters", params) |
              json_object_set_new(doc, "outcomes", outcomes_json(r)) |
              json_object_set_new(doc, "series", pl_war_series_json(r->ser));
    }
    if (bad) {
        json_decref(doc);
        return pl_error_set(err, PL_ENOMEM, "out of memory writing JSON");
    }
    return pl_json_dump(doc, fp, err);
}

static pl_status store_series(pl_store *st, int64_t job, const pl_war_series *ser, const pl_war_params *p, pl_error *err)
{
    pl_status s = PL_OK;
    for (size_t c = 0; c < ser->n_cols && !s; c++) {
        const char *entity = ser->col_side[c] >= 0 ? p->side[ser->col_side[c]].id : "";
        for (size_t row = 0; row < ser->n_rows && !s; row++)
            s = pl_store_put_series(st, job, 0, ser->col_desc[c]->name, entity, ser->day[row],
                                    ser->value[row * ser->n_cols + c], err);
    }
    return s;
}

pl_status pl_war_run_store(pl_store *st, int64_t job, const pl_war_run_result *r, pl_error *err)
{
    pl_status s = PL_OK;
    for (size_t k = 0; k < r->sc->n_params && !s; k++)
        s = pl_store_put_parameter(st, job, 0, r->sc->param[k].path, r->values[k], err);
    double out[PL_WAR_MAX_OUTCOMES];
    size_t n = pl_war_outcomes(r->end, r->p, out);
    for (size_t k = 0; k < n && !s; k++) {
        char name[96];
        pl_war_outcome_name(r->p, k, name, sizeof name);
        if (!outcome_undefined(name, out[k])) s = pl_store_put_outcome(st, job, 0, name, out[k], err);
    }
    if (!s) s = store_series(st, job, r->ser, r->p, err);
    return s ? s : pl_store_put_run(st, job, 0, "ok", err);
}
