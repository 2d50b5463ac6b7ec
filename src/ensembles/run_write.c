/*
** run_write.c — the summary of an ensemble as a table, CSV or JSON (docs/formats.md "parley run"),
** and the statistics in words that every ensemble command prints.
** Layer: ensembles.
*/
#include "parley/run_write.h"

#include <math.h>
#include <string.h>

#include <jansson.h>

#include "parley/json.h"
#include "parley/outfile.h"
#include "parley/options.h"
#include "parley/war_condition.h"

static const char *const design_names[] = {"mc", "grid", "sobol", "morris"};

/* A number, or null when it is not finite (no NaN ever reaches the output). */
static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static json_t *pair(double a, double b) { return json_pack("[o, o]", num(a), num(b)); }

static json_t *summary_json(const pl_ens_outcome *o, const pl_summary *s, const pl_outcome_stat *st)
{
    json_t *j = json_pack("{s:s, s:s, s:I, s:I}", "name", o->name, "kind", o->kind == PL_OUTCOME_BINARY ? "binary" : pl_outcome_kind_name(o->kind),
                          "n", (json_int_t)s->n, "missing", (json_int_t)s->n_missing);
    if (!j) return NULL;
    if (s->binary) {
        json_object_set_new(j, "p", num(s->p));
        json_object_set_new(j, "p_ci95", pair(s->p_lo, s->p_hi));
    }
    if (s->n > 0) {
        json_object_set_new(j, "mean", num(s->mean));
        json_object_set_new(j, "sd", num(s->sd));
        json_object_set_new(j, "mean_ci95", pair(s->mean_lo, s->mean_hi));
        json_object_set_new(j, "min", num(s->min));
        json_object_set_new(j, "max", num(s->max));
        json_t *q = json_object();
        for (int k = 0; k < PL_SUMMARY_NQ; k++) {
            char key[16];
            snprintf(key, sizeof key, "%g", 100 * pl_summary_levels[k]);
            json_object_set_new(q, key, num(s->q[k]));
        }
        json_object_set_new(j, "quantiles", q);
    }
    if (*o->description) json_object_set_new(j, "description", json_string(o->description));
    if (st) { /* the statistic every command prints (by the outcome's kind), with its count and interval */
        json_object_set_new(j, "statistic", json_string(st->statistic));
        json_object_set_new(j, "value", num(st->value));
        json_object_set_new(j, "lo", num(st->lo));
        json_object_set_new(j, "hi", num(st->hi));
        json_object_set_new(j, "level", num(st->level));
        json_object_set_new(j, "k", json_integer(st->k));
        json_object_set_new(j, "n_counted", json_integer(st->n));
    }
    return j;
}

/* ---- Provenance shares: the first-order Sobol indices of the scenario's draw groups --------- */

enum { N_PROVENANCE = 3 };
static const char *const provenance_names[N_PROVENANCE] = {"fitted", "sourced", "assumed"};

/* For outcome o: S1 of each draw group (NaN when the group is not an input) and the sum of the
** positive S1 of every input, the first-order variance explained. 0 when the table has no
** Sobol S1 for a draw group of this outcome. */
static int provenance_s1(const pl_run_output *out, size_t o, double s1[N_PROVENANCE], double *sum)
{
    const pl_sens_table *t = out->sens;
    int found = 0;
    *sum = 0;
    for (int g = 0; g < N_PROVENANCE; g++) s1[g] = (double)NAN;
    if (strcmp(t->method, "sobol") != 0 || !t->measure2) return 0;
    for (size_t k = 0; k < t->n; k++) {
        const pl_sens_entry *row = &t->row[k];
        if (row->outcome != o || !isfinite(row->value2)) continue;
        if (row->value2 > 0) *sum += row->value2;
        const char *name = out->e->input[row->input].name;
        for (int g = 0; g < N_PROVENANCE; g++)
            if (strncmp(name, "draw:", 5) == 0 && strcmp(name + 5, provenance_names[g]) == 0) s1[g] = row->value2, found = 1;
    }
    return found;
}

static json_t *provenance_json(const pl_run_output *out)
{
    json_t *by = json_object();
    for (size_t o = 0; by && o < out->e->n_outcomes; o++) {
        double s1[N_PROVENANCE], sum;
        if (!provenance_s1(out, o, s1, &sum)) continue;
        json_t *j = json_pack("{s:o}", "first_order_sum", num(sum));
        for (int g = 0; j && g < N_PROVENANCE; g++)
            if (isfinite(s1[g])) json_object_set_new(j, provenance_names[g], num(sum > 0 && s1[g] > 0 ? s1[g] / sum : 0));
        json_object_set_new(by, out->e->outcome[o].name, j);
    }
    return by;
}

static void table_provenance(const pl_run_output *out, FILE *fp)
{
    int header = 0;
    for (size_t o = 0; o < out->e->n_outcomes; o++) {
        double s1[N_PROVENANCE], sum;
        if (!provenance_s1(out, o, s1, &sum)) continue;
        if (!header++)
            fprintf(fp, "\nShare of the first-order variance by provenance (S1 of each draw group over the sum of "
                        "positive S1):\n  %-40s %8s %8s %8s %10s\n", "outcome", "fitted", "sourced", "assumed", "sum S1");
        fprintf(fp, "  %-40s", out->e->outcome[o].name);
        for (int g = 0; g < N_PROVENANCE; g++) {
            if (!isfinite(s1[g])) fprintf(fp, " %8s", "-");
            else fprintf(fp, " %7.1f%%", sum > 0 && s1[g] > 0 ? 100 * s1[g] / sum : 0.0);
        }
        fprintf(fp, " %10.4f\n", sum);
    }
}

static json_t *sens_json(const pl_run_output *out)
{
    const pl_sens_table *t = out->sens;
    json_t *j = json_pack("{s:s, s:s}", "method", t->method, "measure", t->measure), *by = json_object();
    for (size_t k = 0; j && by && k < t->n; k++) {
        const pl_sens_entry *row = &t->row[k];
        const char *oname = out->e->outcome[row->outcome].name;
        json_t *list = json_object_get(by, oname);
        if (!list) json_object_set_new(by, oname, list = json_array());
        json_t *r = json_pack("{s:s, s:o}", "input", out->e->input[row->input].name, t->measure, num(row->value));
        if (isfinite(row->lo)) json_object_set_new(r, "ci95", pair(row->lo, row->hi));
        if (t->measure2) json_object_set_new(r, t->measure2, num(row->value2));
        if (t->measure2 && isfinite(row->lo2)) json_object_set_new(r, "ci95_2", pair(row->lo2, row->hi2));
        if (t->measure3) json_object_set_new(r, t->measure3, num(row->value3));
        json_array_append_new(list, r);
    }
    json_object_set_new(j, "ranking", by);
    json_t *prov = provenance_json(out);
    if (prov && json_object_size(prov)) json_object_set_new(j, "provenance_shares", prov);
    else json_decref(prov);
    return j;
}

/* The value of axis a at grid point p (the last axis varies fastest). */
static double axis_value(const pl_ens_config *cfg, long p, size_t a)
{
    for (size_t b = cfg->n_axes; b-- > a + 1;) p /= cfg->axis[b].n;
    const pl_grid_axis *ax = &cfg->axis[a];
    long m = p % ax->n;
    return m == ax->n - 1 ? ax->hi : ax->lo + (ax->hi - ax->lo) * (double)m / (double)(ax->n - 1);
}

static json_t *grid_json(const pl_run_output *out)
{
    const pl_ens_config *cfg = out->cfg;
    json_t *axes = json_array(), *points = json_array();
    for (size_t a = 0; a < cfg->n_axes; a++) json_array_append_new(axes, json_string(out->e->input[cfg->axis[a].input].name));
    for (long p = 0; p < out->points; p++) {
        json_t *at = json_array(), *outcomes = json_array();
        for (size_t a = 0; a < cfg->n_axes; a++) json_array_append_new(at, json_real(axis_value(cfg, p, a)));
        for (size_t o = 0; o < out->e->n_outcomes; o++) {
            pl_outcome_stat st;
            pl_error err;
            int ok = pl_ens_outcome_stat(out->e, out->cfg, out->r, p, o, PL_STAT_LEVEL, &st, &err) == PL_OK;
            json_array_append_new(outcomes, summary_json(&out->e->outcome[o], &out->grid_sum[p * (long)out->e->n_outcomes + (long)o],
                                                         ok ? &st : NULL));
        }
        json_array_append_new(points, json_pack("{s:o, s:o}", "at", at, "outcomes", outcomes));
    }
    return json_pack("{s:o, s:o}", "axes", axes, "points", points);
}

int pl_ens_condition_text(const pl_experiment *e, char *buf, size_t size)
{
    if (e->condition) pl_war_condition_describe(e->condition, buf, size);
    else if (e->condition_off)
        snprintf(buf, size, "not conditioned on the record (--no-condition): every draw is run as drawn");
    else return 0;
    return 1;
}

pl_status pl_run_write_json(const pl_run_output *out, FILE *fp, pl_error *err)
{
    const pl_ens_result *r = out->r;
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)out->cfg->seed);
    json_t *outcomes = json_array();
    for (size_t o = 0; o < out->e->n_outcomes; o++) {
        pl_outcome_stat st;
        pl_error e2;
        int ok = !out->grid_sum && pl_ens_outcome_stat(out->e, out->cfg, out->r, -1, o, PL_STAT_LEVEL, &st, &e2) == PL_OK;
        json_array_append_new(outcomes, summary_json(&out->e->outcome[o], &out->sum[o], ok ? &st : NULL));
    }
    json_t *doc = json_pack("{s:{s:s, s:s, s:s}, s:{s:s, s:I, s:I, s:s, s:I}, s:{s:I, s:I, s:I, s:s}, s:o}",
                            "experiment", "kind", out->e->kind, "title", out->e->title, "input", out->e->input_path,
                            "design", "method", design_names[out->cfg->design], "runs", (json_int_t)out->cfg->runs,
                            "total_runs", (json_int_t)r->n_runs, "seed", seed, "varied_inputs",
                            (json_int_t)pl_experiment_n_varied(out->e), "runs", "failed", (json_int_t)r->n_failed,
                            "resumed", (json_int_t)r->n_resumed, "ok",
                            (json_int_t)(r->n_runs - r->n_failed), "first_failure", r->failure, "outcomes", outcomes);
    char cond[1024];
    if (doc && pl_ens_condition_text(out->e, cond, sizeof cond)) json_object_set_new(doc, "condition", json_string(cond));
    if (doc && out->grid_sum) json_object_set_new(doc, "grid", grid_json(out));
    if (doc && out->sens->n) json_object_set_new(doc, "sensitivity", sens_json(out));
    if (doc && out->store_path)
        json_object_set_new(doc, "store", json_pack("{s:s, s:I}", "path", out->store_path, "job", (json_int_t)out->job));
    return pl_json_dump(doc, fp, err);
}

static void table_outcomes(const pl_run_output *out, FILE *fp)
{
    char tb[PL_TABLE_TEXT_MAX]; /* a name as the terminal shows it (pl_table_text) */
    fprintf(fp, "%-34s %8s %12s %12s %12s %12s %12s %12s %12s\n", "outcome", "n", "mean", "sd", "5%", "25%", "50%",
            "75%", "95%");
    for (size_t o = 0; o < out->e->n_outcomes; o++) {
        const pl_summary *s = &out->sum[o];
        fprintf(fp, "%-34s %8ld", pl_table_text(out->e->outcome[o].name, tb, sizeof tb), s->n);
        if (s->binary || out->e->outcome[o].kind == PL_OUTCOME_TIME || out->e->outcome[o].given >= 0) {
            pl_outcome_stat st;
            pl_error err;
            char v[200];
            if (pl_ens_outcome_stat(out->e, out->cfg, out->r, -1, o, PL_STAT_LEVEL, &st, &err) == PL_OK) {
                pl_stat_text(&st, v, sizeof v);
                fprintf(fp, "  %s%s\n", strcmp(st.statistic, "p") == 0 ? "p = " : "", v);
                continue;
            }
        }
        if (s->n == 0)
            fprintf(fp, "  (undefined in every run)\n");
        else {
            fprintf(fp, " %12.6g %12.6g", s->mean, s->sd);
            for (int q = 0; q < PL_SUMMARY_NQ; q++) fprintf(fp, " %12.6g", s->q[q]);
            fputc('\n', fp);
        }
    }
}

static void table_sensitivity(const pl_run_output *out, FILE *fp)
{
    char tb[PL_TABLE_TEXT_MAX]; /* a name as the terminal shows it (pl_table_text) */
    const pl_sens_table *t = out->sens;
    size_t shown = 0, last = (size_t)-1;
    fprintf(fp, "\nWhat drives each outcome (%s, ranked by %s%s%s):\n", t->method, t->measure, t->measure2 ? "; also " : "",
            t->measure2 ? t->measure2 : "");
    for (size_t k = 0; k < t->n; k++) {
        const pl_sens_entry *row = &t->row[k];
        if (row->outcome != last) {
            fprintf(fp, "  %s\n", pl_table_text(out->e->outcome[row->outcome].name, tb, sizeof tb));
            last = row->outcome;
            shown = 0;
        }
        if (shown++ >= 10) continue;
        fprintf(fp, "    %2zu. %-40s %s = %.4f", shown, pl_table_text(out->e->input[row->input].name, tb, sizeof tb), t->measure,
                row->value);
        if (isfinite(row->lo)) fprintf(fp, " [%.4f, %.4f]", row->lo, row->hi);
        if (t->measure2 && isfinite(row->value2)) fprintf(fp, "  %s = %.4f", t->measure2, row->value2);
        fputc('\n', fp);
    }
}

static void table_grid(const pl_run_output *out, FILE *fp)
{
    char tb[PL_TABLE_TEXT_MAX]; /* a name as the terminal shows it (pl_table_text) */
    const pl_ens_config *cfg = out->cfg;
    fprintf(fp, "\nBy grid point (%ld runs each):\n", cfg->runs);
    for (long p = 0; p < out->points; p++) {
        fputs("  ", fp);
        for (size_t a = 0; a < cfg->n_axes; a++)
            fprintf(fp, "%s%s = %.6g", a ? ", " : "", pl_table_text(out->e->input[cfg->axis[a].input].name, tb, sizeof tb),
                    axis_value(cfg, p, a));
        fputc('\n', fp);
        for (size_t o = 0; o < out->e->n_outcomes; o++) {
            pl_outcome_stat st;
            pl_error err;
            char v[200];
            if (pl_ens_outcome_stat(out->e, out->cfg, out->r, p, o, PL_STAT_LEVEL, &st, &err) != PL_OK) continue;
            pl_stat_text(&st, v, sizeof v);
            fprintf(fp, "    %-32s %s%s\n", pl_table_text(out->e->outcome[o].name, tb, sizeof tb),
                    strcmp(st.statistic, "p") == 0 ? "p = " : "", v);
        }
    }
}

pl_status pl_run_write_table(const pl_run_output *out, FILE *fp, pl_error *err)
{
    char tb[PL_TABLE_TEXT_MAX]; /* a name as the terminal shows it (pl_table_text) */
    const pl_ens_result *r = out->r;
    fprintf(fp, "%s: %ld runs (%s design, seed %llu), %ld failed", pl_table_text(out->e->title, tb, sizeof tb), r->n_runs,
            design_names[out->cfg->design], (unsigned long long)out->cfg->seed, r->n_failed);
    if (r->n_resumed) fprintf(fp, ", %ld read back from the store", r->n_resumed);
    fputc('\n', fp);
    if (r->n_failed) fprintf(fp, "first failure: %s\n", r->failure);
    char cond[1024];
    if (pl_ens_condition_text(out->e, cond, sizeof cond)) fprintf(fp, "%s\n", cond);
    if (out->cfg->design == PL_DESIGN_MORRIS)
        fprintf(fp, "(Morris points lie on a grid of levels: the summaries below describe the design, not a sample)\n");
    table_outcomes(out, fp);
    if (out->grid_sum) table_grid(out, fp);
    if (out->sens->n) table_sensitivity(out, fp);
    if (out->sens->n) table_provenance(out, fp);
    if (out->store_path) fprintf(fp, "\nstored as job %lld in %s\n", (long long)out->job, out->store_path);
    return pl_write_status(fp, err);
}

/* The distribution of each outcome over the sampled runs (not for a grid: never pooled across points). */
static pl_status distribution_table(const pl_run_output *out, pl_result_table **tp, pl_error *err)
{
    static const char *const names[] = {"outcome", "kind", "n", "missing", "mean", "sd", "q05", "q25", "q50", "q75", "q95"};
    pl_result_table *t = pl_result_table_create("distribution", "Each outcome over the runs: mean, sd and quantiles");
    pl_status st = t ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t c = 0; !st && c < 11; c++)
        st = pl_result_table_add_column(t, names[c], c < 2 ? PL_COL_TEXT : c < 4 ? PL_COL_INT : PL_COL_REAL, NULL, err);
    for (size_t o = 0; !st && o < out->e->n_outcomes; o++) {
        const pl_summary *s = &out->sum[o];
        st = pl_result_table_add_row(t, err);
        if (!st) st = pl_result_set_text(t, 0, out->e->outcome[o].name, err);
        if (!st) st = pl_result_set_text(t, 1, pl_outcome_kind_name(out->e->outcome[o].kind), err);
        pl_result_set_int(t, 2, s->n);
        pl_result_set_int(t, 3, s->n_missing);
        double v[] = {s->mean, s->sd, s->q[0], s->q[1], s->q[2], s->q[3], s->q[4]};
        for (size_t k = 0; s->n && k < 7; k++) pl_result_set_real(t, 4 + k, v[k]);
    }
    if (st) pl_result_table_free(t);
    else *tp = t;
    return st;
}

/* One row per sensitivity measure, in ranking order. */
static pl_status sensitivity_table(const pl_run_output *out, pl_result_table **tp, pl_error *err)
{
    static const char *const names[] = {"outcome", "input", "method", "measure", "value", "lo", "hi"};
    const pl_sens_table *t = out->sens;
    pl_result_table *r = pl_result_table_create("sensitivity", "What drives each outcome");
    pl_status st = r ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t c = 0; !st && c < 7; c++) st = pl_result_table_add_column(r, names[c], c < 4 ? PL_COL_TEXT : PL_COL_REAL, NULL, err);
    for (size_t k = 0; !st && k < t->n; k++) {
        const pl_sens_entry *row = &t->row[k];
        const char *m[3] = {t->measure, t->measure2, t->measure3};
        double v[3] = {row->value, row->value2, row->value3}, lo[3] = {row->lo, row->lo2, (double)NAN},
               hi[3] = {row->hi, row->hi2, (double)NAN};
        for (int q = 0; !st && q < 3; q++) {
            if (!m[q] || !isfinite(v[q])) continue;
            st = pl_result_table_add_row(r, err);
            if (!st) st = pl_result_set_text(r, 0, out->e->outcome[row->outcome].name, err);
            if (!st) st = pl_result_set_text(r, 1, out->e->input[row->input].name, err);
            if (!st) st = pl_result_set_text(r, 2, t->method, err);
            if (!st) st = pl_result_set_text(r, 3, m[q], err);
            pl_result_set_real(r, 4, v[q]);
            pl_result_set_real(r, 5, lo[q]);
            pl_result_set_real(r, 6, hi[q]);
        }
    }
    if (st) pl_result_table_free(r);
    else *tp = r;
    return st;
}

pl_status pl_run_doc(const pl_run_output *out, pl_result_doc **docp, pl_error *err)
{
    pl_result_doc *doc = pl_result_doc_create();
    *docp = doc;
    if (!doc) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = pl_ens_doc_meta(doc, out->e->kind, out->e, out->cfg, out->r, err);
    pl_result_table *t = NULL;
    if (!st) st = pl_ens_stats_table(out->e, out->cfg, out->r, NULL, 0, PL_STAT_LEVEL, 0, "outcomes", &t, err);
    if (!st) st = pl_result_doc_add_table(doc, t, err);
    if (!st && !out->grid_sum) st = distribution_table(out, &t, err);
    if (!st && !out->grid_sum) st = pl_result_doc_add_table(doc, t, err);
    if (!st && out->sens->n) st = sensitivity_table(out, &t, err);
    if (!st && out->sens->n) st = pl_result_doc_add_table(doc, t, err);
    return st;
}


/* ---- Statistics for people, and the document's metadata --------------------------------------- */

void pl_stat_text(const pl_outcome_stat *s, char *buf, size_t size)
{
    int pct = (int)lround(100 * s->level);
    if (strcmp(s->statistic, "p") == 0) {
        if (!s->n) snprintf(buf, size, "none (no run counted)");
        else snprintf(buf, size, "%.1f%% (%ld of %ld; %d%% interval %.1f to %.1f%%)", 100 * s->value, s->k, s->n, pct,
                      100 * s->lo, 100 * s->hi);
    } else if (strcmp(s->statistic, "median") == 0) {
        char hi[32];
        if (isfinite(s->hi)) snprintf(hi, sizeof hi, "%.3g", s->hi);
        else snprintf(hi, sizeof hi, "beyond the horizon");
        if (isfinite(s->value))
            snprintf(buf, size, "median %.3g (%d%% interval %.3g to %s; %ld events in %ld runs)", s->value, pct, s->lo, hi,
                     s->k, s->n);
        else snprintf(buf, size, "none within the horizon (%ld events in %ld runs: fewer than half)", s->k, s->n);
    } else {
        if (!s->n) snprintf(buf, size, "none (undefined in every run)");
        else snprintf(buf, size, "%.4g (%d%% interval %.4g to %.4g; %ld runs)", s->value, pct, s->lo, s->hi, s->n);
    }
}

void pl_stat_of_row(const pl_result_table *t, size_t row, size_t at, pl_outcome_stat *s)
{
    *s = (pl_outcome_stat){.statistic = pl_result_table_text(t, row, at + 1), .value = pl_result_table_real(t, row, at + 2),
                           .lo = pl_result_table_real(t, row, at + 3), .hi = pl_result_table_real(t, row, at + 4),
                           .level = pl_result_table_real(t, row, at + 5), .k = (long)pl_result_table_real(t, row, at + 6),
                           .n = (long)pl_result_table_real(t, row, at + 7)};
    if (!s->statistic) s->statistic = "mean";
}

static const pl_ens_outcome *outcome_named(const pl_experiment *e, const char *name)
{
    for (size_t o = 0; name && o < e->n_outcomes; o++)
        if (strcmp(e->outcome[o].name, name) == 0) return &e->outcome[o];
    return NULL;
}

pl_status pl_stats_human(const pl_experiment *e, const pl_result_table *t, FILE *out, pl_error *err)
{
    char tb[PL_TABLE_TEXT_MAX], v[200];
    fprintf(out, "\n  %-56s %s\n", "outcome", "statistic");
    for (size_t i = 0; t && i < pl_result_table_n_rows(t); i++) {
        const char *name = pl_result_table_text(t, i, 0);
        const pl_ens_outcome *o = outcome_named(e, name);
        if (o && strncmp(o->name, "terms.", 6) == 0) continue; /* the terms table shows them */
        pl_outcome_stat s;
        pl_stat_of_row(t, i, 0, &s);
        pl_stat_text(&s, v, sizeof v);
        fprintf(out, "  %-56s %s\n", pl_table_text(o && *o->label ? o->label : name, tb, sizeof tb), v);
    }
    return pl_write_status(out, err);
}

pl_status pl_ens_doc_meta(pl_result_doc *doc, const char *command, const pl_experiment *e, const pl_ens_config *cfg,
                       const pl_ens_result *r, pl_error *err)
{
    char seed[32];
    snprintf(seed, sizeof seed, "%llu", (unsigned long long)cfg->seed);
    pl_status st = pl_result_doc_meta_text(doc, "command", command, err);
    if (!st) st = pl_result_doc_meta_text(doc, "kind", e->kind, err);
    if (!st) st = pl_result_doc_meta_text(doc, "title", e->title, err);
    if (!st) st = pl_result_doc_meta_text(doc, "input", e->input_path, err);
    if (!st) st = pl_result_doc_meta_text(doc, "design", design_names[cfg->design], err);
    if (!st) st = pl_result_doc_meta_text(doc, "seed", seed, err); /* text: a 64-bit seed is no JSON double */
    if (!st) st = pl_result_doc_meta_int(doc, "runs", cfg->runs, err);
    if (!st) st = pl_result_doc_meta_int(doc, "total_runs", r->n_runs, err);
    if (!st) st = pl_result_doc_meta_int(doc, "failed", r->n_failed, err);
    if (!st) st = pl_result_doc_meta_real(doc, "level", PL_STAT_LEVEL, err);
    char cond[1024];
    if (!st && pl_ens_condition_text(e, cond, sizeof cond)) st = pl_result_doc_meta_text(doc, "condition", cond, err);
    return st;
}

/* 1 when text after '=' reads as FROM:TO:STEPS. */
static int looks_like_axis(const char *spec)
{
    const char *eq = strchr(spec, '=');
    double v[3];
    return eq && pl_parse_triple(eq + 1, v) == 0;
}

pl_status pl_check_draws(const char *const *draws, size_t n, pl_error *err)
{
    for (size_t k = 0; k < n; k++)
        if (looks_like_axis(draws[k]))
            return pl_error_set(err, PL_EINVAL, "found --draw %s, a grid FROM:TO:STEPS, expected PARAM=DIST (e.g. "
                                "uniform(0.2, 0.6)); a grid axis is --vary PARAM=FROM:TO:STEPS", draws[k]);
    return PL_OK;
}

pl_status pl_check_axis_text(const char *text, pl_error *err)
{
    const char *eq = strchr(text, '=');
    if (eq && strchr(eq, '(') && !looks_like_axis(text))
        return pl_error_set(err, PL_EINVAL, "found --vary %s, a distribution, expected PARAM=FROM:TO:STEPS (a grid axis); "
                            "to draw a parameter from a distribution use --draw PARAM=DIST", text);
    return PL_OK;
}
