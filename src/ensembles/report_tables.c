/*
** report_tables.c — the report's tables as result tables (parley/result.h), one row per grid
** point and outcome (the tidy form a CSV reader wants): the answer's probabilities, the signed
** drivers, every outcome's statistic by its kind, the inputs and the stored sensitivity rows.
** Layer: ensembles.
*/
#include "parley/report_data.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

#include "parley/memory.h"

/* A table with columns {name, type} ... up to a NULL name. */
typedef struct col {
    const char *name;
    pl_column_type type;
} col;

static pl_status new_table(const char *name, const char *title, const col *cols, pl_result_table **out, pl_error *err)
{
    *out = pl_result_table_create(name, title);
    if (!*out) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status s = PL_OK;
    for (size_t c = 0; !s && cols[c].name; c++) s = pl_result_table_add_column(*out, cols[c].name, cols[c].type, NULL, err);
    return s;
}

/* The point's columns: its words, then each axis's value under the axis name made a column name
** (settle.guarantee.strength → settle_guarantee_strength). */
static pl_status add_point_columns(const pl_report_data *d, pl_result_table *t, pl_error *err)
{
    pl_status s = pl_result_table_add_column(t, "point", PL_COL_TEXT, NULL, err);
    for (size_t a = 0; !s && strcmp(d->method, "grid") == 0 && a < d->n_axes; a++) {
        char name[128];
        snprintf(name, sizeof name, "%s", d->axis_name[a]);
        for (char *c = name; *c; c++)
            if (!isalnum((unsigned char)*c)) *c = '_';
        s = pl_result_table_add_column(t, name, PL_COL_REAL, d->axis_name[a], err);
    }
    return s;
}

static pl_status add_point_cells(const pl_report_data *d, pl_result_table *t, long p, pl_error *err)
{
    char label[256];
    pl_status s = pl_result_table_add_row(t, err);
    if (!s) s = pl_result_set_text(t, 0, pl_report_point_label(d, p, label, sizeof label), err);
    for (size_t a = 0; !s && strcmp(d->method, "grid") == 0 && a < d->n_axes; a++)
        pl_result_set_real(t, 1 + a, pl_report_axis_value(d, a, p));
    return s;
}

static size_t point_columns(const pl_report_data *d) { return 1 + (strcmp(d->method, "grid") == 0 ? d->n_axes : 0); }

/* The statistic of outcome o's kind over the sampled runs [first, first + count). scratch: count. */
static pl_status stat_of(const pl_report_data *d, size_t o, long first, long count, double *scratch, pl_outcome_stat *st,
                         pl_error *err)
{
    long m = 0;
    for (long i = first; i < first + count; i++)
        if (d->ok[i] && pl_report_sampled(d, i)) scratch[m++] = d->y[(size_t)i * d->n_outcomes + o];
    int kind = pl_outcome_kind_parse(d->outcome[o].kind);
    return pl_outcome_stat_of(kind < 0 ? PL_OUTCOME_REAL : (pl_outcome_kind)kind, scratch, 1, m, PL_STAT_LEVEL, st, err);
}

pl_status pl_report_table_answer(const pl_report_data *d, const size_t *o, size_t n, double *scratch,
                                 pl_result_table **out, pl_error *err)
{
    static const col cols[] = {{"outcome", PL_COL_TEXT}, {"statistic", PL_COL_TEXT}, {"value", PL_COL_REAL},
                               {"lo_90", PL_COL_REAL}, {"hi_90", PL_COL_REAL}, {"k", PL_COL_INT}, {"n", PL_COL_INT},
                               {NULL, 0}};
    *out = pl_result_table_create("answer", "each answer outcome at each point, with its 90% interval");
    pl_status s = *out ? add_point_columns(d, *out, err) : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t c = 0; !s && cols[c].name; c++) s = pl_result_table_add_column(*out, cols[c].name, cols[c].type, NULL, err);
    size_t at = point_columns(d);
    for (long p = 0, first, count; !s && p < pl_report_points(d); p++) {
        pl_report_point_runs(d, p, &first, &count);
        for (size_t k = 0; !s && k < n; k++) {
            pl_outcome_stat st;
            s = stat_of(d, o[k], first, count, scratch, &st, err);
            if (!s) s = add_point_cells(d, *out, p, err);
            if (!s) s = pl_result_set_text(*out, at, d->outcome[o[k]].name, err);
            if (!s) s = pl_result_set_text(*out, at + 1, st.statistic, err);
            double v[] = {st.value, st.lo, st.hi, (double)st.k, (double)st.n};
            for (size_t c = 0; !s && c < 5; c++) pl_result_set_real(*out, at + 2 + c, v[c]);
        }
    }
    return s;
}

pl_status pl_report_table_drivers(const pl_report_data *d, const size_t *o, size_t n, size_t max, double *scratch,
                                  pl_result_table **out, pl_error *err)
{
    static const col cols[] = {{"outcome", PL_COL_TEXT}, {"input", PL_COL_TEXT}, {"mean_lowest_fifth", PL_COL_REAL},
                               {"mean_highest_fifth", PL_COL_REAL}, {"effect", PL_COL_REAL}, {"runs", PL_COL_INT},
                               {NULL, 0}};
    pl_report_driver *dr = pl_malloc((max + 1) * sizeof *dr);
    pl_status s = dr ? new_table("drivers", "signed drivers: highest minus lowest fifth of each input", cols, out, err)
                     : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t k = 0; !s && k < n; k++) {
        size_t m = pl_report_drivers(d, o[k], dr, max, scratch);
        for (size_t j = 0; !s && j < m; j++) {
            s = pl_result_table_add_row(*out, err);
            if (!s) s = pl_result_set_text(*out, 0, d->outcome[o[k]].name, err);
            if (!s) s = pl_result_set_text(*out, 1, d->input[dr[j].input].name, err);
            double v[] = {dr[j].low, dr[j].high, dr[j].effect, (double)dr[j].n};
            for (size_t c = 0; !s && c < 4; c++) pl_result_set_real(*out, 2 + c, v[c]);
        }
    }
    pl_free(dr);
    return s;
}

/* One outcome's cells at one point: the statistic of its kind, then its quantiles. */
static pl_status outcome_cells(const pl_report_data *d, size_t o, long first, long count, double *scratch,
                               pl_result_table *t, size_t at, pl_error *err)
{
    pl_outcome_stat st;
    pl_summary sum;
    pl_status s = stat_of(d, o, first, count, scratch, &st, err);
    if (!s) s = pl_report_summary_of(d, o, first, count, scratch + count, &sum, err);
    if (!s) s = pl_result_set_text(t, at, st.statistic, err);
    double cells[] = {st.value, st.lo, st.hi, (double)st.k, (double)st.n, (double)sum.n_missing, sum.q[0], sum.q[2], sum.q[4]};
    for (size_t c = 0; !s && c < 9; c++) pl_result_set_real(t, at + 1 + c, c >= 6 && !sum.n ? (double)NAN : cells[c]);
    return s;
}

/* The round-1 outcomes of a settle job: their declarations say "round 1: ...". */
static int in_round1(const pl_report_data *d, size_t o) { return strncmp(d->outcome[o].description, "round 1", 7) == 0; }

int pl_report_has_round1(const pl_report_data *d)
{
    for (size_t o = 0; o < d->n_outcomes; o++)
        if (in_round1(d, o)) return 1;
    return 0;
}

pl_status pl_report_table_outcomes(const pl_report_data *d, int round1_only, double *scratch, pl_result_table **out,
                                   pl_error *err)
{
    static const col cols[] = {{"outcome", PL_COL_TEXT}, {"statistic", PL_COL_TEXT}, {"value", PL_COL_REAL},
                               {"lo_90", PL_COL_REAL}, {"hi_90", PL_COL_REAL}, {"k", PL_COL_INT}, {"n", PL_COL_INT},
                               {"undefined", PL_COL_INT}, {"q05", PL_COL_REAL}, {"median", PL_COL_REAL},
                               {"q95", PL_COL_REAL}, {NULL, 0}};
    *out = pl_result_table_create(round1_only ? "first_round" : "outcomes", "every outcome at every point");
    pl_status s = *out ? add_point_columns(d, *out, err) : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t c = 0; !s && cols[c].name; c++) s = pl_result_table_add_column(*out, cols[c].name, cols[c].type, NULL, err);
    size_t at = point_columns(d);
    for (long p = 0, first, count; !s && p < pl_report_points(d); p++) {
        pl_report_point_runs(d, p, &first, &count);
        for (size_t o = 0; !s && o < d->n_outcomes; o++) {
            if (round1_only && !in_round1(d, o)) continue;
            s = add_point_cells(d, *out, p, err);
            if (!s) s = pl_result_set_text(*out, at, d->outcome[o].name, err);
            if (!s) s = outcome_cells(d, o, first, count, scratch, *out, at + 1, err);
        }
    }
    return s;
}

pl_status pl_report_table_inputs(const pl_report_data *d, int varied, pl_result_table **out, pl_error *err)
{
    static const col cols[] = {{"input", PL_COL_TEXT}, {"value", PL_COL_REAL}, {"distribution", PL_COL_TEXT},
                               {"source", PL_COL_TEXT}, {NULL, 0}};
    pl_status s = new_table(varied ? "inputs_varied" : "inputs_fixed", NULL, cols, out, err);
    for (size_t k = 0; !s && k < d->n_inputs; k++) {
        const pl_store_input *in = &d->input[k];
        if (in->varied != varied) continue;
        s = pl_result_table_add_row(*out, err);
        if (!s) s = pl_result_set_text(*out, 0, in->name, err);
        pl_result_set_real(*out, 1, in->nominal);
        if (!s) s = pl_result_set_text(*out, 2, varied ? in->distribution : "fixed", err);
        if (!s) s = pl_result_set_text(*out, 3, in->source, err);
    }
    return s;
}

pl_status pl_report_table_sensitivity(const pl_report_data *d, pl_result_table **out, pl_error *err)
{
    static const col cols[] = {{"outcome", PL_COL_TEXT}, {"input", PL_COL_TEXT}, {"method", PL_COL_TEXT},
                               {"measure", PL_COL_TEXT}, {"value", PL_COL_REAL}, {"lo_95", PL_COL_REAL},
                               {"hi_95", PL_COL_REAL}, {NULL, 0}};
    pl_status s = new_table("sensitivity", NULL, cols, out, err);
    for (size_t k = 0; !s && k < d->job->n_sens; k++) {
        const pl_store_sens *r = &d->job->sens[k];
        const char *texts[] = {r->outcome, r->input, r->method, r->measure};
        s = pl_result_table_add_row(*out, err);
        for (size_t c = 0; !s && c < 4; c++) s = pl_result_set_text(*out, c, texts[c], err);
        pl_result_set_real(*out, 4, r->value), pl_result_set_real(*out, 5, r->lo), pl_result_set_real(*out, 6, r->hi);
    }
    return s;
}
