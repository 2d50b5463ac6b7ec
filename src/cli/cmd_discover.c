/*
** cmd_discover.c — `parley discover FILE --where CONDITION`: scenario discovery on an ensemble,
** read from a results store or run here as `parley run` would: the PRIM boxes (or the CART tree)
** of the inputs where the condition on the outcomes holds, as a table, CSV or JSON
** (docs/discovery.md). The methods live in the library (parley/discovery.h).
** Layer: interfaces.
*/
#include <fnmatch.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "parley/report_data.h"
#include "cli/run_collect.h"
#include "parley/discovery.h"
#include "parley/json.h"
#include "parley/memory.h"

static const pl_option_desc discover_options[] = {
    {"where", PL_OPT_STRING, "", 0, 0, NULL,
     "the condition on the outcomes, e.g. 'accept_attacker && accept_defender && !signed_recommenced_10y' (required)"},
    {"method", PL_OPT_ENUM, "prim", 0, 0, "prim|cart", "PRIM boxes (Friedman & Fisher 1999) or a CART tree (Breiman et al. 1984)"},
    {"job", PL_OPT_INT, "0", 0, 9.2e18, NULL, "a results store's job; 0: the latest ensemble (run or sensitivity)"},
    {"peel-alpha", PL_OPT_DOUBLE, "0.05", 0.001, 0.49, NULL, "PRIM: share of the box's runs peeled per step"},
    {"paste-alpha", PL_OPT_DOUBLE, "0.05", 0.001, 0.49, NULL, "PRIM: share of the box's runs pasted back per step"},
    {"mass-min", PL_OPT_DOUBLE, "0.05", 0.001, 0.99, NULL, "PRIM: peeling stops before a box holds less than this share of the runs"},
    {"threshold", PL_OPT_DOUBLE, "0.8", 0, 1, NULL,
     "the box chosen: greatest coverage with at least this density (else the densest); CART: leaves shown as boxes"},
    {"boxes", PL_OPT_INT, "2", 1, 20, NULL, "PRIM: boxes found one after another (covering); later ones only when they reach --threshold"},
    {"step", PL_OPT_INT, "-1", -1, 1e6, NULL, "PRIM: take this step of the first trajectory as the box instead; -1: by --threshold"},
    {"inputs", PL_OPT_STRING, "*", 0, 0, NULL,
     "the inputs to search, as comma-separated globs (e.g. 'settle.collapse.*,settle.guarantee.strength'); default every varied one"},
    {"depth", PL_OPT_INT, "3", 1, 16, NULL, "CART: greatest depth"},
    {"min-leaf", PL_OPT_INT, "0", 0, 1e9, NULL, "CART: fewest runs in a leaf; 0: 1% of the runs, at least 5"},
};

/* The runs, whichever way they came: inputs (the columns that vary) and outcomes per run. */
typedef struct disc_job {
    const char *input, *where, *inputs;
    size_t d;
    const char **dim;         /* [d] input names */
    pl_disc_data data;        /* the runs where the condition is defined */
    double *x;
    unsigned char *y;
    long n_runs, n_undefined; /* runs read, runs left out (failed, not sampled, condition undefined) */
    pl_prim_options po;
    pl_prim_result prim;
    pl_cart_options co;
    pl_cart_tree cart;
    int is_cart;
} disc_job;

/* A view of the runs: row i of x (stride d) and of y (stride n_out), usable when ok[i]. */
typedef struct run_view {
    long n;
    size_t d, n_out;
    const char **dim, **outcome;
    const double *x, *y;
    const unsigned char *ok;
} run_view;

/* 1 when name matches one of the comma-separated globs. */
static int selected(const char *globs, const char *name)
{
    char one[256];
    for (const char *at = globs; *at;) {
        size_t len = strcspn(at, ",");
        snprintf(one, sizeof one, "%.*s", (int)(len < sizeof one ? len : sizeof one - 1), at);
        if (fnmatch(one, name, 0) == 0) return 1;
        at += len + (at[len] == ',');
    }
    return 0;
}

static pl_status collect_rows(disc_job *j, const run_view *v, pl_error *err)
{
    pl_condition *c;
    pl_status st = pl_condition_parse(j->where, v->outcome, v->n_out, &c, err);
    if (st) return st;
    size_t *keep = pl_malloc((v->d + 1) * sizeof *keep);
    j->dim = pl_malloc((v->d + 1) * sizeof *j->dim);
    j->d = 0;
    for (size_t k = 0; keep && j->dim && k < v->d; k++)
        if (selected(j->inputs, v->dim[k])) keep[j->d] = k, j->dim[j->d++] = v->dim[k];
    j->x = pl_malloc(((size_t)v->n * j->d + 1) * sizeof *j->x);
    j->y = pl_malloc((size_t)v->n + 1);
    if (!keep || !j->dim || !j->x || !j->y) {
        pl_free(keep);
        pl_condition_free(c);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    size_t m = 0;
    for (long i = 0; i < v->n; i++) {
        int holds = v->ok[i] ? pl_condition_eval(c, v->y + (size_t)i * v->n_out) : -1;
        if (holds < 0) continue;
        for (size_t k = 0; k < j->d; k++) j->x[m * j->d + k] = v->x[(size_t)i * v->d + keep[k]];
        j->y[m++] = (unsigned char)holds;
    }
    pl_condition_free(c);
    pl_free(keep);
    j->n_runs = v->n;
    j->n_undefined = v->n - (long)m;
    j->data = (pl_disc_data){m, j->d, j->x, j->y};
    if (!m) return pl_error_set(err, PL_EINPUT, "found no run where '%s' is defined, expected at least one", j->where);
    if (!j->d)
        return pl_error_set(err, PL_EINVAL, "found no varied input of %s matching --inputs '%s', expected at least one (see --vary)",
                            j->input, j->inputs);
    return PL_OK;
}

static pl_status rows_from_store(disc_job *j, const pl_report_data *d, pl_error *err)
{
    const char **dim = pl_malloc((d->n_varied + 1) * sizeof *dim), **out = pl_malloc((d->n_outcomes + 1) * sizeof *out);
    unsigned char *ok = pl_malloc((size_t)d->planned + 1);
    pl_status st = !dim || !out || !ok ? pl_error_set(err, PL_ENOMEM, "out of memory") : PL_OK;
    if (!st) {
        for (size_t k = 0; k < d->n_varied; k++) dim[k] = d->input[d->varied[k]].name;
        for (size_t k = 0; k < d->n_outcomes; k++) out[k] = d->outcome[k].name;
        for (long i = 0; i < d->planned; i++) ok[i] = d->ok[i] && pl_report_sampled(d, i);
        run_view v = {d->planned, d->n_varied, d->n_outcomes, dim, out, d->x, d->y, ok};
        st = collect_rows(j, &v, err);
    }
    pl_free(out);
    pl_free(ok);
    pl_free(dim);
    return st;
}

static pl_status rows_from_run(disc_job *j, const cli_ensemble *en, pl_error *err)
{
    const pl_experiment *e = en->e;
    const pl_ens_result *r = en->r;
    const char **dim = pl_malloc((r->n_columns + 1) * sizeof *dim), **out = pl_malloc((e->n_outcomes + 1) * sizeof *out);
    unsigned char *ok = pl_malloc((size_t)r->n_runs + 1);
    pl_status st = !dim || !out || !ok ? pl_error_set(err, PL_ENOMEM, "out of memory") : PL_OK;
    if (!st) {
        size_t k_varied = pl_experiment_n_varied(e);
        for (size_t k = 0; k < r->n_columns; k++) dim[k] = e->input[r->column[k]].name;
        for (size_t k = 0; k < e->n_outcomes; k++) out[k] = e->outcome[k].name;
        for (long i = 0; i < r->n_runs; i++) /* Sobol's AB rows do not sample the inputs' distribution */
            ok[i] = r->state[i] == PL_RUN_OK && (en->cfg.design != PL_DESIGN_SOBOL || i % (long)(k_varied + 2) < 2);
        run_view v = {r->n_runs, r->n_columns, e->n_outcomes, dim, out, r->x, r->y, ok};
        st = collect_rows(j, &v, err);
    }
    pl_free(out);
    pl_free(ok);
    pl_free(dim);
    return st;
}

static pl_status analyse(disc_job *j, pl_error *err)
{
    return j->is_cart ? pl_cart(&j->data, &j->co, &j->cart, err) : pl_prim(&j->data, &j->po, &j->prim, err);
}

/* ---- Output ---------------------------------------------------------------------------------- */

static size_t n_cases(const disc_job *j)
{
    size_t h = 0;
    for (size_t i = 0; i < j->data.n; i++) h += j->y[i];
    return h;
}

static int restricted(const disc_job *j, const double *lo, const double *hi, size_t k)
{
    const double *rlo = j->is_cart ? j->cart.node[0].lo : j->prim.range_lo, *rhi = j->is_cart ? j->cart.node[0].hi : j->prim.range_hi;
    return lo[k] > rlo[k] || hi[k] < rhi[k];
}

static void table_head(const disc_job *j, FILE *fp)
{
    size_t h = n_cases(j);
    fprintf(fp, "Scenario discovery (%s) on %s\ncondition: %s\n", j->is_cart ? "CART" : "PRIM", j->input, j->where);
    fprintf(fp, "runs: %zu used of %ld (%ld left out: failed, not a sample, or the condition undefined); cases of interest: %zu (%.1f%%)\n",
            j->data.n, j->n_runs, j->n_undefined, h, 100.0 * (double)h / (double)j->data.n);
}

static void table_limits(const disc_job *j, const double *lo, const double *hi, const double *p, FILE *fp)
{
    const double *rlo = j->is_cart ? j->cart.node[0].lo : j->prim.range_lo, *rhi = j->is_cart ? j->cart.node[0].hi : j->prim.range_hi;
    fprintf(fp, "    %-44s %12s %12s   %-27s %s\n", "input", "from", "to", "(range of the runs)", p ? "quasi-p" : "");
    for (size_t k = 0; k < j->d; k++) {
        if (!restricted(j, lo, hi, k)) continue;
        fprintf(fp, "    %-44s %12.6g %12.6g   [%-12.6g %12.6g]", j->dim[k], lo[k], hi[k], rlo[k], rhi[k]);
        if (p) fprintf(fp, " %.2g", p[k]);
        fputc('\n', fp);
    }
}

static void table_prim(const disc_job *j, FILE *fp)
{
    const pl_prim_result *r = &j->prim;
    fprintf(fp, "peel alpha %g, paste alpha %g, least mass %g, threshold density %g\n", j->po.peel_alpha, j->po.paste_alpha,
            j->po.mass_min, j->po.threshold);
    for (size_t b = 0; b < r->n_boxes; b++) {
        const pl_prim_box *x = &r->box[b];
        const pl_prim_step *s = &x->step[x->chosen];
        fprintf(fp, "\nBox %zu: coverage %.3f, density %.3f, mass %.3f, %zu restricted input%s (step %zu of the trajectory%s)\n", b + 1,
                s->coverage, s->density, s->mass, s->n_restricted, s->n_restricted == 1 ? "" : "s", x->chosen,
                x->meets_threshold ? "" : "; no box reaches the threshold: the densest");
        table_limits(j, s->lo, s->hi, x->p_value, fp);
    }
    for (size_t b = 0; b < r->n_boxes; b++) {
        const pl_prim_box *x = &r->box[b];
        fprintf(fp, "\nTrajectory of box %zu:\n  %4s %-6s %9s %9s %9s %10s\n", b + 1, "step", "", "coverage", "density", "mass", "restricted");
        for (size_t k = 0; k < x->n_steps; k++) {
            const pl_prim_step *s = &x->step[k];
            fprintf(fp, "  %4zu %-6s %9.3f %9.3f %9.3f %10zu%s\n", k, s->pasted ? "paste" : "peel", s->coverage, s->density, s->mass,
                    s->n_restricted, k == x->chosen ? "  <- the box" : "");
        }
    }
}

/* Node k and its subtree, each child under its parent. */
static void table_node(const disc_job *j, size_t k, FILE *fp)
{
    const pl_cart_tree *t = &j->cart;
    const pl_cart_node *nd = &t->node[k];
    fprintf(fp, "%*s", 2 * nd->depth, "");
    if (nd->parent >= 0) {
        const pl_cart_node *up = &t->node[nd->parent];
        fprintf(fp, "%s %s %.6g: ", j->dim[up->dim], up->left == (long)k ? "<=" : ">", up->split);
    } else {
        fprintf(fp, "all runs: ");
    }
    fprintf(fp, "%zu runs, density %.3f, coverage %.3f%s\n", nd->n, nd->density, nd->coverage, nd->left < 0 ? " (leaf)" : "");
    if (nd->left >= 0) {
        table_node(j, (size_t)nd->left, fp);
        table_node(j, (size_t)nd->right, fp);
    }
}

static void table_cart(const disc_job *j, FILE *fp)
{
    const pl_cart_tree *t = &j->cart;
    fprintf(fp, "depth %d, least leaf %zu runs (0: 1%%, at least 5); leaves with density >= %g are shown as boxes\n\n",
            j->co.max_depth, j->co.min_leaf, j->po.threshold);
    table_node(j, 0, fp);
    size_t shown = 0;
    for (size_t k = 0; k < t->n_nodes; k++) {
        const pl_cart_node *nd = &t->node[k];
        if (nd->left >= 0 || nd->density < j->po.threshold || !nd->n_interest) continue;
        fprintf(fp, "\nBox %zu (leaf %zu): coverage %.3f, density %.3f, mass %.3f\n", ++shown, k, nd->coverage, nd->density, nd->mass);
        table_limits(j, nd->lo, nd->hi, NULL, fp);
    }
    if (!shown) fprintf(fp, "\nNo leaf reaches density %g.\n", j->po.threshold);
}

static void csv_prim(const disc_job *j, FILE *fp)
{
    const pl_prim_result *r = &j->prim;
    fprintf(fp, "box,input,from,to,range_from,range_to,quasi_p\n");
    for (size_t b = 0; b < r->n_boxes; b++) {
        const pl_prim_step *s = &r->box[b].step[r->box[b].chosen];
        for (size_t k = 0; k < j->d; k++)
            if (restricted(j, s->lo, s->hi, k))
                fprintf(fp, "%zu,%s,%.17g,%.17g,%.17g,%.17g,%.6g\n", b + 1, j->dim[k], s->lo[k], s->hi[k], r->range_lo[k], r->range_hi[k],
                        r->box[b].p_value[k]);
    }
    fprintf(fp, "\nbox,step,move,n,n_interest,coverage,density,mass,restricted,chosen\n");
    for (size_t b = 0; b < r->n_boxes; b++)
        for (size_t k = 0; k < r->box[b].n_steps; k++) {
            const pl_prim_step *s = &r->box[b].step[k];
            fprintf(fp, "%zu,%zu,%s,%zu,%zu,%.17g,%.17g,%.17g,%zu,%d\n", b + 1, k, s->pasted ? "paste" : "peel", s->n, s->n_interest,
                    s->coverage, s->density, s->mass, s->n_restricted, k == r->box[b].chosen);
        }
}

static void csv_cart(const disc_job *j, FILE *fp)
{
    const pl_cart_tree *t = &j->cart;
    fprintf(fp, "node,parent,depth,input,split,n,n_interest,coverage,density,mass,leaf\n");
    for (size_t k = 0; k < t->n_nodes; k++) {
        const pl_cart_node *nd = &t->node[k];
        fprintf(fp, "%zu,%ld,%d,%s,", k, nd->parent, nd->depth, nd->left >= 0 ? j->dim[nd->dim] : "");
        if (nd->left >= 0) fprintf(fp, "%.17g", nd->split);
        fprintf(fp, ",%zu,%zu,%.17g,%.17g,%.17g,%d\n", nd->n, nd->n_interest, nd->coverage, nd->density, nd->mass, nd->left < 0);
    }
}

static json_t *num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

static json_t *limits_json(const disc_job *j, const double *lo, const double *hi, const double *p)
{
    json_t *a = json_array();
    for (size_t k = 0; k < j->d; k++)
        if (restricted(j, lo, hi, k)) {
            json_t *o = json_pack("{s:s, s:o, s:o}", "input", j->dim[k], "from", num(lo[k]), "to", num(hi[k]));
            if (p) json_object_set_new(o, "quasi_p", num(p[k]));
            json_array_append_new(a, o);
        }
    return a;
}

static json_t *step_json(const disc_job *j, const pl_prim_step *s)
{
    return json_pack("{s:s, s:I, s:I, s:o, s:o, s:o, s:I, s:o}", "move", s->pasted ? "paste" : "peel", "n", (json_int_t)s->n, "n_interest",
                     (json_int_t)s->n_interest, "coverage", num(s->coverage), "density", num(s->density), "mass", num(s->mass),
                     "restricted", (json_int_t)s->n_restricted, "limits", limits_json(j, s->lo, s->hi, NULL));
}

static json_t *prim_json(const disc_job *j)
{
    const pl_prim_result *r = &j->prim;
    json_t *boxes = json_array();
    for (size_t b = 0; b < r->n_boxes; b++) {
        const pl_prim_box *x = &r->box[b];
        const pl_prim_step *s = &x->step[x->chosen];
        json_t *traj = json_array();
        for (size_t k = 0; k < x->n_steps; k++) json_array_append_new(traj, step_json(j, &x->step[k]));
        json_array_append_new(boxes, json_pack("{s:o, s:o, s:o, s:I, s:I, s:b, s:o, s:o}", "coverage", num(s->coverage), "density",
                                               num(s->density), "mass", num(s->mass), "restricted", (json_int_t)s->n_restricted, "step",
                                               (json_int_t)x->chosen, "meets_threshold", x->meets_threshold, "limits",
                                               limits_json(j, s->lo, s->hi, x->p_value), "trajectory", traj));
    }
    return json_pack("{s:{s:o, s:o, s:o, s:o}, s:o}", "options", "peel_alpha", num(j->po.peel_alpha), "paste_alpha",
                     num(j->po.paste_alpha), "mass_min", num(j->po.mass_min), "threshold", num(j->po.threshold), "boxes", boxes);
}

static json_t *cart_json(const disc_job *j)
{
    const pl_cart_tree *t = &j->cart;
    json_t *nodes = json_array();
    for (size_t k = 0; k < t->n_nodes; k++) {
        const pl_cart_node *nd = &t->node[k];
        json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:o, s:o, s:o, s:o}", "node", (json_int_t)k, "parent", (json_int_t)nd->parent, "n",
                              (json_int_t)nd->n, "n_interest", (json_int_t)nd->n_interest, "coverage", num(nd->coverage), "density",
                              num(nd->density), "mass", num(nd->mass), "limits", limits_json(j, nd->lo, nd->hi, NULL));
        if (nd->left >= 0) json_object_set_new(o, "split", json_pack("{s:s, s:o, s:I, s:I}", "input", j->dim[nd->dim], "at", num(nd->split),
                                                                     "left", (json_int_t)nd->left, "right", (json_int_t)nd->right));
        json_array_append_new(nodes, o);
    }
    return json_pack("{s:{s:i, s:I}, s:o}", "options", "depth", j->co.max_depth, "min_leaf", (json_int_t)j->co.min_leaf, "nodes", nodes);
}

static pl_status write_json(const disc_job *j, FILE *fp, pl_error *err)
{
    json_t *inputs = json_array();
    for (size_t k = 0; k < j->d; k++) json_array_append_new(inputs, json_string(j->dim[k]));
    json_t *doc = json_pack("{s:s, s:s, s:s, s:{s:I, s:I, s:I, s:I}, s:o}", "input", j->input, "condition", j->where, "method",
                            j->is_cart ? "cart" : "prim", "runs", "read", (json_int_t)j->n_runs, "left_out", (json_int_t)j->n_undefined,
                            "used", (json_int_t)j->data.n, "cases_of_interest", (json_int_t)n_cases(j), "inputs", inputs);
    if (doc) json_object_update_new(doc, j->is_cart ? cart_json(j) : prim_json(j));
    return pl_json_dump(doc, fp, err);
}

static pl_status write_result(const void *ctx, cli_out_format fmt, FILE *fp, pl_error *err)
{
    const disc_job *j = ctx;
    if (fmt == CLI_OUT_JSON) return write_json(j, fp, err);
    if (fmt == CLI_OUT_CSV) (j->is_cart ? csv_cart : csv_prim)(j, fp);
    else {
        table_head(j, fp);
        (j->is_cart ? table_cart : table_prim)(j, fp);
    }
    return ferror(fp) ? pl_error_set(err, PL_EIO, "write failed") : PL_OK;
}

/* ---- The command ----------------------------------------------------------------------------- */

static void options_of(disc_job *j, const pl_optset *o)
{
    pl_prim_options_init(&j->po);
    j->po.peel_alpha = pl_optset_double(o, "peel-alpha");
    j->po.paste_alpha = pl_optset_double(o, "paste-alpha");
    j->po.mass_min = pl_optset_double(o, "mass-min");
    j->po.threshold = pl_optset_double(o, "threshold");
    j->po.max_boxes = (size_t)pl_optset_int(o, "boxes");
    j->po.pick = pl_optset_int(o, "step");
    pl_cart_options_init(&j->co);
    j->co.max_depth = (int)pl_optset_int(o, "depth");
    j->co.min_leaf = (size_t)pl_optset_int(o, "min-leaf");
    j->is_cart = pl_optset_enum(o, "method") == 1;
    j->where = pl_optset_text(o, "where");
    j->inputs = pl_optset_text(o, "inputs");
}

static int discover_main(int argc, char **argv);

const cli_command cli_cmd_discover = {
    "discover", "scenario discovery: the regions of the inputs where a condition on the outcomes holds (PRIM, CART)",
    "parley discover --where CONDITION [--method prim|cart] [parley run's options] RESULTS|FILE",
    "RESULTS is a results store (parley run --store); FILE a scenario or a stakeholder table, run here as parley run\n"
    "runs it (its options: --runs, --vary, --grid, --seed, --threads, --store). CONDITION is written over the\n"
    "outcomes (names, numbers, < <= > >= == !=, && || !, parentheses); runs where it is undefined are left out.\n"
    "PRIM (Friedman & Fisher 1999; Bryant & Lempert 2010) prints the boxes, their coverage, density, mass and the\n"
    "quasi-p-value of each restriction, and the peeling trajectory; CART prints the tree and its dense leaves.\n"
    "The --method listed first is discover's; parley run's (sobol, morris) is not taken here.",
    discover_main, NULL, 1};

static pl_status discover(disc_job *j, const cli_ensemble *en, const pl_optset *o, pl_error *err)
{
    options_of(j, o);
    if (!*j->where) return pl_error_set(err, PL_EINVAL, "found no --where, expected a condition such as 'deal && !recommenced_10y'");
    j->input = en->input;
    if (en->is_store) {
        pl_store *st;
        pl_report_data d;
        pl_status s = pl_store_open_readonly(j->input, &st, err);
        if (s) return s;
        s = pl_report_load(st, (int64_t)pl_optset_int(o, "job"), &d, err);
        if (!s) s = rows_from_store(j, &d, err);
        if (!s) s = analyse(j, err);
        if (!s) s = cli_write_result(&en->common, j, write_result, err); /* names point into d */
        pl_report_free(&d);
        pl_store_close(st);
        return s;
    }
    pl_status s = rows_from_run(j, en, err);
    if (!s) s = analyse(j, err);
    if (!s) s = cli_write_result(&en->common, j, write_result, err);
    return s;
}

static void job_free(disc_job *j)
{
    pl_prim_result_free(&j->prim);
    pl_cart_tree_free(&j->cart);
    pl_free(j->x);
    pl_free(j->y);
    pl_free(j->dim);
}

/* The condition read against the experiment's outcomes before any run. */
static pl_status check_condition(const cli_ensemble *en, const pl_experiment *e, pl_error *err)
{
    const char *where = pl_optset_text(en->check_ctx, "where");
    if (!*where) return pl_error_set(err, PL_EINVAL, "found no --where, expected a condition such as 'deal && !recommenced_10y'");
    const char **names = pl_malloc((e->n_outcomes + 1) * sizeof *names);
    if (!names) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t k = 0; k < e->n_outcomes; k++) names[k] = e->outcome[k].name;
    pl_condition *c;
    pl_status st = pl_condition_parse(where, names, e->n_outcomes, &c, err);
    pl_condition_free(c);
    pl_free(names);
    return st;
}

static int discover_main(int argc, char **argv)
{
    pl_optset o;
    CLI_OPTSET_INIT(o, discover_options);
    cli_ensemble en;
    memset(&en, 0, sizeof en);
    en.cmd = &cli_cmd_discover;
    en.check = check_condition;
    en.check_ctx = &o;
    int rc = cli_run_collect(argc, argv, &o, &en);
    if (rc < 0) {
        disc_job j;
        memset(&j, 0, sizeof j);
        pl_error err;
        pl_error_clear(&err);
        pl_status st = discover(&j, &en, &o, &err);
        rc = st == PL_EINVAL && !*err.file ? cli_usage_error(&cli_cmd_discover, &err) : st ? cli_fail(&err) : 0;
        job_free(&j);
    }
    pl_ens_result_free(en.r);
    pl_experiment_free(en.e);
    return rc;
}
