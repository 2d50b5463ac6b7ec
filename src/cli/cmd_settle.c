/*
** cmd_settle.c — `parley settle`: the flagship. Runs a settle scenario many times and says, in
** plain words and a table, how likely each side is to accept the framework, how likely and how
** soon a renewed war is, and what drives both.
** Layer: interfaces.
*/
#include <math.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/settle_cli.h"
#include "parley/json.h"
#include "parley/memory.h"

static const pl_option_desc common_options[] = {CLI_COMMON_OPTIONS};
static const pl_option_desc settle_options[] = {SETTLE_CLI_OPTIONS};

enum { N_DRIVERS = 3 };

/* Everything the writers need. */
typedef struct settle_report {
    const settle_cli *sl;
    const double *outcomes, *values, *terms;
    pl_settle_summary sum;
    double p_planned;       /* share of runs where the attacker plans to renew the war after a deal */
} settle_report;

/* One line of the result table. */
typedef struct metric {
    const char *key, *label;
    double value;
    int kind; /* 0 probability, 1 years (negative: none within the horizon), 2 value, 3 other,
                 4 probability given a deal (negative: no run made one) */
} metric;

static size_t fill_metrics(const settle_report *r, metric *m)
{
    const double *u = r->sum.mean;
    const pl_settle_summary *s = &r->sum;
    size_t n = 0;
#define M(k, l, v, kind) m[n++] = (metric){k, l, v, kind}
    M("p_accept_attacker", "attacker accepts the first round's terms", u[PL_SO_ACCEPT_ATTACKER], 0);
    M("p_accept_defender", "defender accepts the first round's terms", u[PL_SO_ACCEPT_DEFENDER], 0);
    M("p_deal", "a deal within the rounds", u[PL_SO_DEAL], 0);
    M("p_collapse_defender", "defender breaks during the talks", u[PL_SO_COLLAPSE_DEFENDER], 0);
    M("p_collapse_attacker", "attacker breaks during the talks", u[PL_SO_COLLAPSE_ATTACKER], 0);
    M("p_renewed_5y_signed", "renewed war within 5 years, had round 1 been signed", u[PL_SO_SIGNED_RECOMMENCED_5Y], 0);
    M("p_renewed_10y_signed", "renewed war within 10 years, had round 1 been signed", u[PL_SO_SIGNED_RECOMMENCED_10Y], 0);
    M("median_years_signed", "median years to it (none: most runs have none)", s->median_years_signed, 1);
    M("p_renewed_5y_deal", "renewed war within 5 years of a deal made", s->p_recommenced_5y_deal, 4);
    M("p_renewed_10y_deal", "renewed war within 10 years of a deal made", s->p_recommenced_10y_deal, 4);
    M("median_years_deal", "median years from a deal made to war", s->median_years_deal, 1);
    M("attacker_fight_value", "attacker: value of fighting on", u[PL_SO_ATTACKER_FIGHT_VALUE], 2);
    M("attacker_terms_value", "attacker: value of the terms held forever", u[PL_SO_ATTACKER_TERMS_VALUE], 2);
    M("attacker_option_value", "attacker: value of the option to attack later", u[PL_SO_ATTACKER_OPTION_VALUE], 2);
    M("defender_fight_value", "defender: value of fighting on", u[PL_SO_DEFENDER_FIGHT_VALUE], 2);
    M("defender_deal_value", "defender: value of the deal, renewed war included", u[PL_SO_DEFENDER_DEAL_VALUE], 2);
    M("credibility", "probability the guarantor fights a war renewed at once", u[PL_SO_CREDIBILITY], 0);
    M("p_planned_attack", "attacker plans to renew the war after a deal", r->p_planned, 0);
    M("planned_attack_years", "... and when (mean years after the deal)", u[PL_SO_PLANNED_ATTACK_YEARS], 1);
    M("exhaustion_attacker", "attacker's exhaustion at the first round", u[PL_SO_EXHAUSTION_ATTACKER], 3);
    M("exhaustion_defender", "defender's exhaustion at the first round", u[PL_SO_EXHAUSTION_DEFENDER], 3);
    M("defender_collapse_rate", "yearly hazard the defender breaks, first round", u[PL_SO_DEFENDER_COLLAPSE_RATE], 3);
    M("red_lines_attacker", "attacker's red lines the terms cross (mean)", u[PL_SO_RED_LINES_ATTACKER], 3);
    M("red_lines_defender", "defender's red lines the terms cross (mean)", u[PL_SO_RED_LINES_DEFENDER], 3);
#undef M
    return n;
}

static double pct(double p) { return 100 * p; }

/* Whether a metric may be undefined, held as -1 (see cli_csv_optional). */
static int is_optional(const metric *m) { return m->kind == 1 || m->kind == 4; }


static void print_drivers(const settle_report *r, size_t k, const char *who, FILE *out)
{
    int param[N_DRIVERS];
    double rho[N_DRIVERS];
    size_t n = settle_cli_drivers(r->sl, r->outcomes, r->values, k, N_DRIVERS, param, rho);
    if (!n) {
        fprintf(out, "  %s: no drawn parameter moves it (or it does not vary)\n", who);
        return;
    }
    fprintf(out, "  %s:", who);
    for (size_t q = 0; q < n; q++)
        fprintf(out, "%s %s (%+.2f)", q ? "," : "", r->sl->sc->param[param[q]].path, rho[q]);
    fputc('\n', out);
}

static void print_plain_words(const settle_report *r, FILE *out)
{
    const settle_cli *sl = r->sl;
    const double *u = r->sum.mean;
    char ab[PL_TABLE_TEXT_MAX], db[PL_TABLE_TEXT_MAX], nb[PL_TABLE_TEXT_MAX], tb[PL_TABLE_TEXT_MAX];
    /* names as the terminal shows them: escape sequences in a scenario cannot reach it */
    const char *a = pl_table_text(settle_cli_attacker(sl), ab, sizeof ab), *d = pl_table_text(settle_cli_defender(sl), db, sizeof db);
    fprintf(out, "%s\n%s\n%zu runs, seed %llu; each draws its uncertain parameters and plays the war to the first round.\n\n",
            pl_table_text(sl->sc->name, nb, sizeof nb), pl_table_text(sl->su->fw->title, tb, sizeof tb), r->sum.runs,
            (unsigned long long)sl->seed);
    fprintf(out, "%s accepts the first round's terms in %.0f%% of runs, %s in %.0f%%; a deal comes within the rounds in "
                 "%.0f%%.\n",
            a, pct(u[PL_SO_ACCEPT_ATTACKER]), d, pct(u[PL_SO_ACCEPT_DEFENDER]), pct(u[PL_SO_DEAL]));
    fprintf(out, "Had those terms been signed, %s would renew the war within 5 years in %.0f%% of runs and within 10 "
                 "years in %.0f%%",
            a, pct(u[PL_SO_SIGNED_RECOMMENCED_5Y]), pct(u[PL_SO_SIGNED_RECOMMENCED_10Y]));
    if (r->sum.median_years_signed >= 0) fprintf(out, " (median %.1f years after signing).\n", r->sum.median_years_signed);
    else fprintf(out, " (in most runs not within the horizon).\n");
    if (r->sum.deals)
        fprintf(out, "Of the deals actually made, %.0f%% are followed by a renewed war within 10 years.\n",
                pct(r->sum.p_recommenced_10y_deal));
    fprintf(out, "Why: to %s fighting on is worth %.1f years of the stakes and the deal %.1f (its terms %.1f, the option "
                 "to attack later %.1f);\nto %s fighting on is worth %.1f and the deal %.1f. The guarantor would fight a war "
                 "renewed at once with probability %.2f.\n",
            a, u[PL_SO_ATTACKER_FIGHT_VALUE], u[PL_SO_ATTACKER_TERMS_VALUE] + u[PL_SO_ATTACKER_OPTION_VALUE],
            u[PL_SO_ATTACKER_TERMS_VALUE], u[PL_SO_ATTACKER_OPTION_VALUE], d, u[PL_SO_DEFENDER_FIGHT_VALUE],
            u[PL_SO_DEFENDER_DEAL_VALUE], u[PL_SO_CREDIBILITY]);
    fprintf(out, "\nWhat drives it (parameters whose draws move the outcome most; Spearman rank correlation):\n");
    print_drivers(r, PL_SO_ACCEPT_ATTACKER, "attacker accepts", out);
    print_drivers(r, PL_SO_ACCEPT_DEFENDER, "defender accepts", out);
    print_drivers(r, PL_SO_SIGNED_RECOMMENCED_10Y, "renewed within 10 years", out);
}

static void print_terms(const settle_report *r, FILE *out)
{
    const pl_framework *fw = r->sl->su->fw;
    size_t a = r->sl->su->attacker, d = r->sl->su->defender;
    fprintf(out, "\nThe first round's terms (mean over runs; scale of each point in the framework file):\n");
    fprintf(out, "  %-20s %-10s %9s %9s %9s %9s\n", "point", "status", "proposal", "terms", "attacker", "defender");
    for (size_t p = 0; p < fw->n_points; p++) {
        double mean = 0;
        for (size_t i = 0; i < r->sum.runs; i++) mean += r->terms[i * fw->n_points + p];
        mean /= (double)r->sum.runs;
        char ia[16] = "-", id[16] = "-";
        if (fw->has_position[a * fw->n_points + p]) snprintf(ia, sizeof ia, "%.0f", fw->ideal[a * fw->n_points + p]);
        if (fw->has_position[d * fw->n_points + p]) snprintf(id, sizeof id, "%.0f", fw->ideal[d * fw->n_points + p]);
        fprintf(out, "  %-20s %-10s %9.0f %9.1f %9s %9s\n", fw->point[p].id, pl_point_status_name(fw->point[p].status),
                fw->point[p].proposal, mean, ia, id);
    }
}

static pl_status write_table(const settle_report *r, FILE *out)
{
    print_plain_words(r, out);
    metric m[32];
    size_t n = fill_metrics(r, m);
    fprintf(out, "\n  %-54s %10s\n", "outcome", "value");
    for (size_t k = 0; k < n; k++) {
        if (is_optional(&m[k]) && m[k].value < 0) fprintf(out, "  %-54s %10s\n", m[k].label, "none");
        else if (m[k].kind == 0 || m[k].kind == 4) fprintf(out, "  %-54s %9.1f%%\n", m[k].label, pct(m[k].value));
        else fprintf(out, "  %-54s %10.2f\n", m[k].label, m[k].value);
    }
    print_terms(r, out);
    fprintf(out, "\nValues are in years of the stakes (a year of one's ideal terms on every point is worth 1);\n"
                 "equations: docs/models/settle.md; parameters and their sources: the scenario file.\n");
    return PL_OK;
}

static pl_status write_csv(const settle_report *r, FILE *out)
{
    metric m[32];
    size_t n = fill_metrics(r, m);
    fprintf(out, "metric,value\n");
    for (size_t k = 0; k < n; k++) {
        fprintf(out, "%s,", m[k].key);
        if (is_optional(&m[k])) cli_csv_optional(out, m[k].value);
        else fprintf(out, "%.17g", m[k].value);
        fputc('\n', out);
    }
    return PL_OK;
}

static pl_status write_json(const settle_report *r, FILE *out, pl_error *err)
{
    metric m[32];
    size_t n = fill_metrics(r, m);
    json_t *doc = json_object(), *res = json_object();
    json_object_set_new(doc, "scenario", json_string(r->sl->sc->name));
    json_object_set_new(doc, "framework", json_string(r->sl->su->fw->name));
    json_object_set_new(doc, "runs", json_integer((json_int_t)r->sum.runs));
    json_object_set_new(doc, "seed", json_integer((json_int_t)r->sl->seed));
    for (size_t k = 0; k < n; k++) json_object_set_new(res, m[k].key, is_optional(&m[k]) ? cli_json_optional(m[k].value) : json_real(m[k].value));
    json_object_set_new(doc, "results", res);
    return pl_json_dump(doc, out, err);
}

static pl_status write_report(const void *ctx, cli_out_format fmt, FILE *fp, pl_error *err)
{
    const settle_report *r = ctx;
    switch (fmt) {
    case CLI_OUT_TABLE: return write_table(r, fp);
    case CLI_OUT_CSV: return write_csv(r, fp);
    case CLI_OUT_JSON: return write_json(r, fp, err);
    default: return pl_error_set(err, PL_EINVAL, "parley settle writes table, csv or json, not sqlite");
    }
}

static int settle_main(int argc, char **argv);

const cli_command cli_cmd_settle = {
    "settle", "how the war ends: acceptance of a peace framework and the chance of a renewed war",
    "parley settle [options] SCENARIO",
    "SCENARIO is a settle scenario (the war sides plus a settle: section), e.g.\n"
    "scenarios/ukraine-2025-19pt.yaml. Each run draws the uncertain parameters, plays the war to the first\n"
    "negotiation round, bargains over the framework's points, lets each side accept or refuse against its\n"
    "value of fighting on, and follows a deal for the post-deal horizon. Model: docs/models/settle.md.",
    settle_main, NULL, 1};

static pl_status run_all(settle_cli *sl, settle_report *r, double **buf, pl_error *err)
{
    size_t np = sl->sc->n_params, nt = sl->su->fw->n_points;
    buf[0] = pl_malloc(sl->runs * PL_SO_COUNT * sizeof(double));
    buf[1] = pl_malloc(sl->runs * (np ? np : 1) * sizeof(double));
    buf[2] = pl_malloc(sl->runs * nt * sizeof(double));
    if (!buf[0] || !buf[1] || !buf[2]) return pl_error_set(err, PL_ENOMEM, "out of memory for %zu runs", sl->runs);
    pl_status st = pl_settle_runs(sl->su, sl->sc, sl->seed, sl->runs, sl->nominal, buf[0], buf[1], buf[2], err);
    if (st) return st;
    *r = (settle_report){.sl = sl, .outcomes = buf[0], .values = buf[1], .terms = buf[2]};
    pl_settle_summarise(buf[0], sl->runs, &r->sum);
    size_t planned = 0;
    for (size_t i = 0; i < sl->runs; i++) planned += buf[0][i * PL_SO_COUNT + PL_SO_PLANNED_ATTACK_YEARS] >= 0;
    r->p_planned = (double)planned / (double)sl->runs;
    return PL_OK;
}

static int settle_main(int argc, char **argv)
{
    pl_optset common, so;
    CLI_OPTSET_INIT(common, common_options);
    CLI_OPTSET_INIT(so, settle_options);
    pl_optset *sets[] = {&common, &so};
    const char *pos[1];
    pl_error err;
    pl_error_clear(&err);
    int rc = cli_begin(&cli_cmd_settle, argc, argv, sets, 2, 2, "SCENARIO", pos);
    if (rc >= 0) return rc;
    settle_cli sl;
    settle_report r;
    double *buf[3] = {NULL, NULL, NULL};
    pl_status st = settle_cli_load(pos[0], &common, &so, &sl, &err);
    if (!st) settle_cli_note_after_as_of("settle", sl.sc);
    if (st == PL_EINVAL && !err.file[0]) {
        settle_cli_free(&sl);
        return cli_usage_error(&cli_cmd_settle, &err);
    }
    if (!st) st = run_all(&sl, &r, buf, &err);
    if (!st) st = cli_write_result(&common, &r, write_report, &err);
    for (int k = 0; k < 3; k++) pl_free(buf[k]);
    settle_cli_free(&sl);
    return st ? cli_fail(&err) : 0;
}
