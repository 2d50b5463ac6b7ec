/*
** cmd_evidence.c — `parley evidence`: weighs a settle scenario's aims hypotheses against a file of
** dated observed events, and reports the hinge under each hypothesis and under the mixtures.
** Layer: interfaces. The method: src/ensembles/evidence.c, docs/models/settle.md §12.
*/
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/settle_cli.h"
#include "parley/evidence.h"

static const pl_option_desc common_options[] = {CLI_COMMON_OPTIONS};
static const pl_option_desc settle_options[] = {SETTLE_CLI_OPTIONS};
static const pl_option_desc evidence_options[] = {
    {"rungs", PL_OPT_STRING, "0,1,2,3,4,5", 0, 0, NULL, "R[,R...]: guarantee rungs (0-5) of the hinge table, at most 11"},
    {"threads", PL_OPT_INT, "0", 0, 4096, NULL, "OpenMP threads; 0: OMP_NUM_THREADS, else every core"},
};

typedef struct report {
    const settle_cli *sl;
    const char *events;
    pl_evidence_result r;
} report;

static pl_status parse_rungs(const char *text, pl_evidence_config *cfg, pl_error *err)
{
    char buf[512], *save = NULL;
    snprintf(buf, sizeof buf, "%s", text);
    for (char *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        char *end;
        double x = strtod(t, &end);
        if (*end || end == t || !(x >= 0 && x <= 5) || cfg->n_rungs == PL_EVIDENCE_MAX_RUNGS)
            return pl_error_set(err, PL_EINVAL, "found --rungs %s, expected up to %d rungs from 0 to 5", text, PL_EVIDENCE_MAX_RUNGS);
        cfg->rung[cfg->n_rungs++] = x;
    }
    return cfg->n_rungs ? PL_OK : pl_error_set(err, PL_EINVAL, "found --rungs '%s', expected at least one rung", text);
}

static pl_status write_report(const void *ctx, cli_out_format fmt, FILE *fp, pl_error *err)
{
    const report *p = ctx;
    switch (fmt) {
    case CLI_OUT_TABLE: pl_evidence_write_table(&p->r, p->sl->sc->name, p->events, fp); return PL_OK;
    case CLI_OUT_CSV: pl_evidence_write_csv(&p->r, fp); return PL_OK;
    case CLI_OUT_JSON: return pl_evidence_write_json(&p->r, p->sl->sc->name, p->events, fp, err);
    default: return pl_error_set(err, PL_EINVAL, "parley evidence writes table, csv or json, not sqlite");
    }
}

static int evidence_main(int argc, char **argv);

const cli_command cli_cmd_evidence = {
    "evidence", "weigh the aims hypotheses against observed events: likelihoods, posterior, the hinge under each",
    "parley evidence SCENARIO EVENTS [options]",
    "Runs the settle scenario's draws under every hypothesis of settle.hypotheses and counts the draws\n"
    "whose runs reproduce every event of EVENTS (a YAML list of dated, sourced events: the attacker or\n"
    "defender accepted or refused terms T with guarantee G; no deal, or a deal, by a date). Reports each\n"
    "hypothesis's likelihood with its count and 90% interval, the posterior over the hypotheses, and the\n"
    "hinge (acceptance and a renewed war within 10 years by guarantee rung) under each hypothesis and under\n"
    "the prior and posterior mixtures. Events after the scenario's as_of are refused. Format:\n"
    "docs/models/settle.md section 12; example: scenarios/events/ukraine-2025-11-27.yaml.",
    evidence_main, NULL, 1};

static int evidence_main(int argc, char **argv)
{
    pl_optset common, so, eo;
    CLI_OPTSET_INIT(common, common_options);
    CLI_OPTSET_INIT(so, settle_options);
    CLI_OPTSET_INIT(eo, evidence_options);
    pl_optset *sets[] = {&common, &so, &eo};
    const char *pos[2] = {NULL, NULL}, *scen;
    size_t n_pos = 0;
    pl_error err;
    pl_error_clear(&err);
    /* Two positionals: the events file is taken out, cli_begin checks the rest as usual. */
    if (!cli_parse(argc, argv, sets, 3, pos, 2, &n_pos, &err) && n_pos == 2) {
        for (int k = argc - 1; k > 0; k--)
            if (argv[k] == pos[1]) memmove(&argv[k], &argv[k + 1], (size_t)(argc-- - k) * sizeof *argv);
    } else pos[1] = NULL;
    CLI_OPTSET_INIT(common, common_options);
    CLI_OPTSET_INIT(so, settle_options);
    CLI_OPTSET_INIT(eo, evidence_options);
    int rc = cli_begin(&cli_cmd_evidence, argc, argv, sets, 3, 3, "SCENARIO", &scen);
    if (rc >= 0) return rc;
    if (!pos[1] || cli_same_file(pl_optset_text(&common, "out"), pos[1])) {
        pl_error_set(&err, PL_EINVAL, pos[1] ? "--out names the events file" : "expected SCENARIO and EVENTS");
        return cli_usage_error(&cli_cmd_evidence, &err);
    }
    report p = {.events = pos[1]};
    pl_evidence_config cfg = {.threads = (int)pl_optset_int(&eo, "threads")};
    pl_status st = parse_rungs(pl_optset_text(&eo, "rungs"), &cfg, &err);
    if (st) return cli_usage_error(&cli_cmd_evidence, &err);
    settle_cli sl;
    st = settle_cli_load(scen, &common, &so, &sl, &err);
    p.sl = &sl;
    pl_event_set *ev = NULL;
    if (!st) {
        settle_cli_note_after_as_of("evidence", sl.sc);
        int after_ok = (settle_cli_read_flags(&so) & PL_SCENARIO_ALLOW_AFTER_AS_OF) != 0;
        st = pl_events_read(pos[1], sl.sc->has_as_of && !after_ok, sl.sc->as_of, &ev, &err);
        cfg.runs = sl.runs;
        cfg.seed = sl.seed;
        cfg.nominal = sl.nominal;
    }
    if (!st) st = pl_evidence_run(sl.sc, sl.su, ev, &cfg, &p.r, &err);
    if (!st && p.r.condition[0]) fprintf(stderr, "parley evidence: note: %s\n", p.r.condition);
    if (!st) st = cli_write_result(&common, &p, write_report, &err);
    pl_event_set_free(ev);
    settle_cli_free(&sl);
    return st ? cli_fail(&err) : 0;
}
