/*
** settle_tables.c — the result tables of `parley settle` (outcomes, drivers, the first round's
** terms) and `parley sweep` (points wide and long, and the table for people), and the paragraph
** that names the drivers.
** Layer: ensembles.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "parley/experiments.h"
#include "parley/json.h"
#include "parley/settle_study.h"
#include "parley/summary.h"

enum { N_DRIVERS = 3, N_SHOWN = 11 };

/* The outcomes whose drivers are ranked. */
static const char *const driven[] = {"accept_attacker", "accept_defender", "signed_recommenced_10y"};

/* The outcomes the sweep shows, in its table's order (the wide table's columns). */
static const char *const shown[N_SHOWN] = {"accept_attacker", "accept_defender", "deal", "signed_recommenced_5y",
                                           "signed_recommenced_10y", "signed_years_to_recommence", "recommenced_10y",
                                           "years_to_recommence", "attacker_option_value", "attacker_fight_value",
                                           "credibility"};

const pl_outcome_stat *pl_settle_stat(const pl_experiment *e, const pl_ens_config *cfg, const pl_ens_result *r,
                                      const char *key, pl_outcome_stat *buf)
{
    for (size_t o = 0; o < e->n_outcomes; o++)
        if (strcmp(e->outcome[o].name, key) == 0) {
            pl_error err;
            if (pl_ens_outcome_stat(e, cfg, r, -1, o, PL_STAT_LEVEL, buf, &err) == PL_OK) return buf;
        }
    *buf = (pl_outcome_stat){.statistic = "p", .value = (double)NAN, .lo = (double)NAN, .hi = (double)NAN};
    return buf;
}

void pl_settle_drivers_write(const pl_result_doc *doc, FILE *out)
{
    const pl_result_table *dr = pl_result_doc_find(doc, "drivers");
    fprintf(out, "\nWhat drives it (parameters whose draws move the outcome most; Spearman rank correlation):\n");
    for (size_t k = 0; k < sizeof driven / sizeof *driven; k++) {
        fprintf(out, "  %s:", driven[k]);
        int any = 0;
        char tb[PL_TABLE_TEXT_MAX];
        for (size_t i = 0; dr && i < pl_result_table_n_rows(dr); i++)
            if (strcmp(pl_result_table_text(dr, i, 0), driven[k]) == 0)
                fprintf(out, "%s %s (%+.2f)", any++ ? "," : "", pl_table_text(pl_result_table_text(dr, i, 2), tb, sizeof tb),
                        pl_result_table_real(dr, i, 3));
        fprintf(out, "%s\n", any ? "" : " no drawn parameter moves it (or it does not vary)");
    }
    fprintf(out, "\n");
}

/* The first round's terms: each point's proposal, the terms (mean over runs) and the sides' ideals. */
static pl_status terms_table(const pl_settle_study *sl, const pl_experiment *e, const pl_ens_config *cfg,
                             const pl_ens_result *r, pl_result_table **out, pl_error *err)
{
    const pl_framework *fw = sl->su->fw;
    size_t a = sl->su->attacker, d = sl->su->defender;
    pl_result_table *t = pl_result_table_create("terms", "The first round's terms (mean over runs; each point's scale in the framework file)");
    pl_status st = t ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    static const char *const names[] = {"point", "status", "proposal", "terms", "attacker_ideal", "defender_ideal"};
    for (size_t c = 0; !st && c < 6; c++) st = pl_result_table_add_column(t, names[c], c < 2 ? PL_COL_TEXT : PL_COL_REAL, NULL, err);
    for (size_t p = 0; !st && p < fw->n_points; p++) {
        char key[160];
        snprintf(key, sizeof key, "terms.%s", fw->point[p].id);
        pl_outcome_stat m;
        st = pl_result_table_add_row(t, err);
        if (!st) st = pl_result_set_text(t, 0, fw->point[p].id, err);
        if (!st) st = pl_result_set_text(t, 1, pl_point_status_name(fw->point[p].status), err);
        pl_result_set_real(t, 2, fw->point[p].proposal);
        pl_result_set_real(t, 3, pl_settle_stat(e, cfg, r, key, &m)->value);
        if (fw->has_position[a * fw->n_points + p]) pl_result_set_real(t, 4, fw->ideal[a * fw->n_points + p]);
        if (fw->has_position[d * fw->n_points + p]) pl_result_set_real(t, 5, fw->ideal[d * fw->n_points + p]);
    }
    if (st) pl_result_table_free(t);
    else *out = t;
    return st;
}

pl_status pl_settle_doc_tables(pl_result_doc *doc, const pl_settle_study *sl, const pl_experiment *e,
                               const pl_ens_config *cfg, const pl_ens_result *r, pl_error *err)
{
    pl_status st = pl_result_doc_meta_text(doc, "framework", sl->su->fw->name, err);
    pl_result_table *t = NULL;
    if (!st) st = pl_ens_stats_table(e, cfg, r, NULL, 0, PL_STAT_LEVEL, 0, "outcomes", &t, err);
    if (!st) st = pl_result_doc_add_table(doc, t, err);
    if (!st) st = pl_experiment_settle_drivers(e, r, driven, sizeof driven / sizeof *driven, N_DRIVERS, &t, err);
    if (!st) st = pl_result_doc_add_table(doc, t, err);
    if (!st) st = terms_table(sl, e, cfg, r, &t, err);
    if (!st) st = pl_result_doc_add_table(doc, t, err);
    return st;
}

/* One shown cell: "value [lo, hi]", a share in percent. */
static void shown_cell(const pl_result_table *wide, size_t i, size_t at, char *cell, size_t size)
{
    double v = pl_result_table_real(wide, i, at), lo = pl_result_table_real(wide, i, at + 1),
           hi = pl_result_table_real(wide, i, at + 2);
    int share = strchr(pl_result_table_column_name(wide, at), '.') &&
                strcmp(strrchr(pl_result_table_column_name(wide, at), '.'), ".p") == 0;
    char h[32];
    if (isfinite(hi)) snprintf(h, sizeof h, share ? "%.0f" : "%.3g", share ? 100 * hi : hi);
    else snprintf(h, sizeof h, "-");
    if (!isfinite(v)) snprintf(cell, size, "none");
    else if (share) snprintf(cell, size, "%.0f%% [%.0f, %s]", 100 * v, 100 * lo, h);
    else snprintf(cell, size, "%.3g [%.3g, %s]", v, lo, h);
}

/* The table for people: one row per point, each shown outcome as "value [lo, hi]" text. */
static pl_status shown_table(size_t axes, const pl_result_table *wide, pl_result_table **out, pl_error *err)
{
    static const char *const heads[N_SHOWN] = {"A accepts", "D accepts", "deal", "war<5y signed", "war<10y signed",
                                               "median yrs signed", "war<10y | deal", "median yrs | deal",
                                               "A option value", "A fight value", "credibility"};
    pl_result_table *t = pl_result_table_create("points_shown", NULL);
    pl_status st = t ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t a = 0; !st && a < axes; a++)
        st = pl_result_table_add_column(t, pl_result_table_column_name(wide, a), PL_COL_REAL, NULL, err);
    for (size_t c = 0; !st && c < N_SHOWN; c++) st = pl_result_table_add_column(t, shown[c], PL_COL_TEXT, heads[c], err);
    for (size_t i = 0; !st && i < pl_result_table_n_rows(wide); i++) {
        st = pl_result_table_add_row(t, err);
        for (size_t a = 0; !st && a < axes; a++) pl_result_set_real(t, a, pl_result_table_real(wide, i, a));
        for (size_t c = 0; !st && c < N_SHOWN; c++) {
            char cell[96];
            shown_cell(wide, i, axes + 5 * c, cell, sizeof cell);
            st = pl_result_set_text(t, axes + c, cell, err);
        }
    }
    if (st) pl_result_table_free(t);
    else *out = t;
    return st;
}

pl_status pl_sweep_doc_tables(pl_result_doc *doc, const pl_experiment *e, const pl_ens_config *cfg,
                              const pl_ens_result *r, pl_error *err)
{
    pl_result_table *wide = NULL, *lng = NULL, *human = NULL;
    pl_status st = pl_ens_stats_table(e, cfg, r, shown, N_SHOWN, PL_STAT_LEVEL, 1, "points", &wide, err);
    if (!st) st = pl_ens_stats_table(e, cfg, r, NULL, 0, PL_STAT_LEVEL, 0, "outcomes", &lng, err);
    if (!st) st = shown_table(cfg->n_axes, wide, &human, err);
    if (!st) st = pl_result_doc_add_table(doc, wide, err);
    else pl_result_table_free(wide);
    if (!st) st = pl_result_doc_add_table(doc, lng, err);
    else pl_result_table_free(lng);
    if (!st) st = pl_result_doc_add_table(doc, human, err);
    else pl_result_table_free(human);
    return st;
}
