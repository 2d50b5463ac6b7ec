/*
** evidence_write.c — `parley evidence`'s result as CSV (one row per quantity), JSON and a table for people.
** Layer: ensembles.
*/
#include <jansson.h>

#include "parley/evidence.h"
#include "parley/json.h"
#include "parley/result.h"

static void csv_row(FILE *out, const char *what, const char *hyp, double rung, pl_share s, long count, size_t runs)
{
    fprintf(out, "%s,%s,", what, hyp);
    if (rung >= 0) fprintf(out, "%g", rung);
    char v[3][40]; /* the shortest form that reads back exactly, as the result writer's */
    pl_format_double(s.p, v[0], sizeof v[0]);
    pl_format_double(s.lo, v[1], sizeof v[1]);
    pl_format_double(s.hi, v[2], sizeof v[2]);
    fprintf(out, ",%s,%s,%s,", v[0], v[1], v[2]);
    if (count >= 0) fprintf(out, "%ld", count);
    fprintf(out, ",%zu\n", runs);
}

void pl_evidence_write_csv(const pl_evidence_result *r, FILE *out)
{
    fprintf(out, "quantity,hypothesis,rung,value,lo,hi,count,runs\n");
    for (size_t h = 0; h < r->n_hyp; h++) {
        const pl_evidence_hyp *y = &r->hyp[h];
        csv_row(out, "prior", y->id, -1, (pl_share){y->prior, y->prior, y->prior}, -1, r->runs);
        csv_row(out, "likelihood", y->id, -1, y->like, y->count, r->runs);
        csv_row(out, "posterior", y->id, -1, (pl_share){y->post, y->post, y->post}, -1, r->runs);
        for (size_t k = 0; k < r->n_rungs; k++) csv_row(out, "accept_attacker", y->id, r->rung[k], y->accept[k], -1, r->runs);
        for (size_t k = 0; k < r->n_rungs; k++) csv_row(out, "renewed_10y_signed", y->id, r->rung[k], y->renew10[k], -1, r->runs);
    }
    for (size_t k = 0; k < r->n_rungs; k++) {
        csv_row(out, "accept_attacker", "prior-mixture", r->rung[k], r->accept_prior[k], -1, r->runs);
        csv_row(out, "renewed_10y_signed", "prior-mixture", r->rung[k], r->renew10_prior[k], -1, r->runs);
        csv_row(out, "accept_attacker", "posterior-mixture", r->rung[k], r->accept_post[k], -1, r->runs);
        csv_row(out, "renewed_10y_signed", "posterior-mixture", r->rung[k], r->renew10_post[k], -1, r->runs);
    }
}

static json_t *share(pl_share s) { return json_pack("{s:f, s:f, s:f}", "p", s.p, "lo", s.lo, "hi", s.hi); }

pl_status pl_evidence_write_json(const pl_evidence_result *r, const char *scenario, const char *events, FILE *out,
                                 pl_error *err)
{
    json_t *doc = json_pack("{s:s, s:s, s:I, s:I}", "scenario", scenario, "events", events, "n_events",
                            (json_int_t)r->n_events, "runs", (json_int_t)r->runs), *hyps = json_array();
    for (size_t h = 0; h < r->n_hyp; h++) {
        const pl_evidence_hyp *y = &r->hyp[h];
        json_t *o = json_pack("{s:s, s:f, s:o, s:I, s:o}", "id", y->id, "prior", y->prior, "likelihood", share(y->like), "count",
                              (json_int_t)y->count, "posterior", r->posterior_defined ? json_real(y->post) : json_null());
        json_t *hinge = json_array();
        for (size_t k = 0; k < r->n_rungs; k++)
            json_array_append_new(hinge, json_pack("{s:f, s:o, s:o}", "rung", r->rung[k], "accept_attacker", share(y->accept[k]),
                                                   "renewed_10y_signed", share(y->renew10[k])));
        json_object_set_new(o, "hinge", hinge);
        json_array_append_new(hyps, o);
    }
    json_t *mix = json_array();
    for (size_t k = 0; k < r->n_rungs; k++)
        json_array_append_new(mix, json_pack("{s:f, s:o, s:o, s:o, s:o}", "rung", r->rung[k], "accept_prior", share(r->accept_prior[k]),
                                             "renewed_10y_prior", share(r->renew10_prior[k]), "accept_posterior",
                                             share(r->accept_post[k]), "renewed_10y_posterior", share(r->renew10_post[k])));
    json_object_set_new(doc, "hypotheses", hyps);
    json_object_set_new(doc, "mixtures", mix);
    return pl_json_dump(doc, out, err);
}

void pl_evidence_write_table(const pl_evidence_result *r, const char *scenario, const char *events, FILE *out)
{
    fprintf(out, "parley evidence: %s against %zu events (%s), %zu draws\n\n", scenario, r->n_events, events, r->runs);
    fprintf(out, "%-16s %6s %28s %10s\n", "hypothesis", "prior", "likelihood [90% interval]", "posterior");
    for (size_t h = 0; h < r->n_hyp; h++) {
        const pl_evidence_hyp *y = &r->hyp[h];
        fprintf(out, "%-16s %6.3f %7.3f [%.3f, %.3f] %5ld/%-5zu %9.3f\n", y->id, y->prior, y->like.p, y->like.lo, y->like.hi,
                y->count, r->runs, y->post);
    }
    if (!r->posterior_defined) fprintf(out, "\nNo draw reproduced the events under any hypothesis: no posterior (raise --runs).\n");
    fprintf(out, "\nThe hinge: attacker accepts round 1 | renewed war within 10 years had it been signed, by rung\n%5s", "rung");
    for (size_t h = 0; h < r->n_hyp; h++) fprintf(out, " %17s", r->hyp[h].id);
    fprintf(out, " %17s %17s\n", "prior mixture", "posterior mixture");
    for (size_t k = 0; k < r->n_rungs; k++) {
        fprintf(out, "%5g", r->rung[k]);
        for (size_t h = 0; h < r->n_hyp; h++) fprintf(out, "       %3.0f%% | %3.0f%%", 100 * r->hyp[h].accept[k].p, 100 * r->hyp[h].renew10[k].p);
        fprintf(out, "       %3.0f%% | %3.0f%%", 100 * r->accept_prior[k].p, 100 * r->renew10_prior[k].p);
        if (r->posterior_defined) fprintf(out, "       %3.0f%% | %3.0f%%", 100 * r->accept_post[k].p, 100 * r->renew10_post[k].p);
        fputc('\n', out);
    }
    fprintf(out, "\n90%% intervals: --format csv or json.\n");
}
