/*
** vary.c — distributions written on the command line ("triangular(0.2, 0.5, 0.9)", "±10%") and
** the --vary rule that gives them to the inputs whose names match a pattern.
** Layer: ensembles.
*/
#include <fnmatch.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "parley/ensemble.h"
#include "parley/memory.h"
#include "parley/options.h"

enum { MAX_ARGS = PL_DIST_DISCRETE_MAX };

/* Splits "name(a, b, ...)" (in buf, modified) into the name and its argument strings. */
static pl_status split_call(char *buf, const char *text, char **name, char **args, size_t *n, pl_error *err)
{
    char *open = strchr(buf, '('), *close = strrchr(buf, ')');
    if (!open || !close || close < open || close[1 + strspn(close + 1, " ")] != '\0')
        return pl_error_set(err, PL_EINVAL,
                            "found '%s', expected a number, ±D, ±P%% or NAME(ARGS) such as uniform(1, 2)", text);
    *open = *close = '\0';
    *name = buf + strspn(buf, " ");
    for (char *e = open; e > *name && e[-1] == ' '; e--) e[-1] = '\0';
    *n = 0;
    for (char *a = open + 1, *next; a; a = next) {
        next = strchr(a, ',');
        if (next) *next++ = '\0';
        if (*n >= MAX_ARGS) return pl_error_set(err, PL_EINVAL, "%s(...) has more than %d arguments", *name, MAX_ARGS);
        args[(*n)++] = a;
    }
    return PL_OK;
}

static pl_status parse_number(const char *name, const char *arg, double *out, pl_error *err)
{
    if (pl_parse_double(arg, out))
        return pl_error_set(err, PL_EINVAL, "%s(...): found argument '%s', expected a finite number", name, arg);
    return PL_OK;
}

/* "v:w" pairs, or bare values with weight 1. */
static pl_status parse_discrete(char **args, size_t n, pl_dist *d, pl_error *err)
{
    for (size_t k = 0; k < n; k++) {
        char *colon = strchr(args[k], ':');
        d->w[k] = 1;
        if (colon) *colon = '\0';
        pl_status st = parse_number("discrete", args[k], &d->x[k], err);
        if (!st && colon) st = parse_number("discrete", colon + 1, &d->w[k], err);
        if (st) return st;
    }
    d->n = (int)n;
    return PL_OK;
}

/* Argument count per kind, and where each argument goes: the CLI order is the natural one,
** triangular(lo, mode, hi), while pl_dist keeps the mode in c. */
static pl_status fill_shape(pl_dist_kind kind, const char *name, char **args, size_t n, pl_dist *d, pl_error *err)
{
    static const size_t want[] = {0, 2, 2, 3, 4, 2, 0};
    double v[4] = {0, 0, 0, 1};
    int beta_short = kind == PL_DIST_BETA && n == 2;
    if (n != want[kind] && !beta_short)
        return pl_error_set(err, PL_EINVAL, "%s(...) takes %zu arguments, found %zu", name, want[kind], n);
    for (size_t k = 0; k < n; k++) {
        pl_status st = parse_number(name, args[k], &v[k], err);
        if (st) return st;
    }
    if (kind == PL_DIST_TRIANGULAR) *d = pl_dist_make(kind, v[0], v[2], v[1], 0);
    else *d = pl_dist_make(kind, v[0], v[1], v[2], v[3]);
    return PL_OK;
}

static pl_status parse_named(const char *text, pl_dist *d, pl_error *err)
{
    char buf[1024], *name = buf, *args[MAX_ARGS];
    size_t n;
    if (strlen(text) >= sizeof buf) return pl_error_set(err, PL_EINVAL, "distribution '%.40s...' is too long", text);
    strcpy(buf, text);
    pl_status st = split_call(buf, text, &name, args, &n, err);
    if (st) return st;
    pl_dist_kind kind;
    if (pl_dist_kind_parse(name, &kind) || kind == PL_DIST_FIXED)
        return pl_error_set(err, PL_EINVAL,
                            "found distribution '%s', expected uniform, normal, triangular, beta, lognormal or discrete", name);
    if (kind == PL_DIST_DISCRETE) {
        *d = pl_dist_make(kind, 0, 0, 0, 0);
        return parse_discrete(args, n, d, err);
    }
    return fill_shape(kind, name, args, n, d, err);
}

/* "D" or "P%" after the ±: a uniform range around nominal, cut to [lo, hi]. */
static pl_status parse_relative(const char *t, double nominal, double lo, double hi, pl_dist *d, int *clipped,
                                pl_error *err)
{
    char num[64];
    size_t len = strlen(t), digits = len;
    int percent = len > 0 && t[len - 1] == '%';
    if (percent) digits--;
    double w;
    if (digits >= sizeof num) return pl_error_set(err, PL_EINVAL, "found '±%s', expected ±D or ±P%%", t);
    memcpy(num, t, digits);
    num[digits] = '\0';
    if (pl_parse_double(num, &w) || w <= 0)
        return pl_error_set(err, PL_EINVAL, "found '±%s', expected a half-width above 0 after ±", t);
    double half = percent ? fabs(nominal) * w / 100 : w;
    double a = nominal - half, b = nominal + half;
    *clipped = a < lo || b > hi;
    a = fmax(a, lo);
    b = fmin(b, hi);
    if (!(a < b))
        return pl_error_set(err, PL_EINVAL, "±%s around %g leaves no range within [%g, %g]%s", t, nominal, lo, hi,
                            percent && nominal == 0 ? "; a share of 0 is 0: give an absolute half-width (±D)" : "");
    *d = pl_dist_make(PL_DIST_UNIFORM, a, b, 0, 0);
    return PL_OK;
}

pl_status pl_ens_parse_dist(const char *text, double nominal, double lo, double hi, pl_dist *out, int *clipped,
                            pl_error *err)
{
    *clipped = 0;
    const char *t = text + strspn(text, " ");
    double value;
    pl_status st;
    if (strncmp(t, "\xc2\xb1", 2) == 0) st = parse_relative(t + 2, nominal, lo, hi, out, clipped, err);
    else if (strncmp(t, "+-", 2) == 0) st = parse_relative(t + 2, nominal, lo, hi, out, clipped, err);
    else if (!pl_parse_double(t, &value)) st = (*out = pl_dist_fixed(value), PL_OK);
    else st = parse_named(t, out, err);
    if (st) return st;
    return pl_dist_check(out, err);
}

pl_status pl_experiment_set_dist(pl_experiment *e, size_t k, const pl_dist *d, const char *source, pl_error *err)
{
    pl_ens_input *in = &e->input[k];
    pl_status st = pl_dist_check(d, err);
    if (st) return st;
    double lo, hi;
    pl_dist_support(d, &lo, &hi);
    if (lo < in->lo || hi > in->hi) {
        char text[160];
        pl_dist_format(d, text, sizeof text);
        return pl_error_set(err, PL_EINVAL, "%s: %s can take values in [%g, %g], expected values within [%g, %g]; "
                            "use a bounded distribution (uniform, triangular, beta) or a narrower one",
                            in->name, text, lo, hi, in->lo, in->hi);
    }
    if (source) {
        char *copy = pl_strdup(source);
        if (!copy) return pl_error_set(err, PL_ENOMEM, "out of memory");
        pl_free(in->source);
        in->source = copy;
    }
    in->dist = *d;
    in->group = -1; /* its own distribution replaces its group's draw */
    return PL_OK;
}

/* Applies one parsed spec to input k. */
static pl_status vary_one(pl_experiment *e, size_t k, const char *dist_text, const char *source, pl_error *err)
{
    pl_ens_input *in = &e->input[k];
    pl_dist d;
    int clipped;
    pl_status st = pl_ens_parse_dist(dist_text, in->nominal, in->lo, in->hi, &d, &clipped, err);
    if (st) {
        char why[PL_ERROR_MSG_MAX];
        snprintf(why, sizeof why, "%s", err ? err->msg : "");
        return pl_error_set(err, st, "%s: %s", in->name, why);
    }
    if (d.kind == PL_DIST_FIXED) {
        if (d.a < in->lo || d.a > in->hi)
            return pl_error_set(err, PL_EINVAL, "%s: found value %g, expected a value within [%g, %g]", in->name, d.a,
                                in->lo, in->hi);
        in->nominal = d.a;
    }
    char note[600];
    snprintf(note, sizeof note, "%s%s", source, clipped ? ", range cut to the input's domain" : "");
    return pl_experiment_set_dist(e, k, &d, note, err);
}

/* No input matches pattern: say so, with the nearest input name when one is near. */
static pl_status no_input(const pl_experiment *e, const char *option, const char *spec, const char *pattern, pl_error *err)
{
    const char **names = pl_malloc((e->n_inputs + 1) * sizeof *names);
    const char *near = NULL;
    for (size_t k = 0; names && k < e->n_inputs; k++) names[k] = e->input[k].name;
    if (names) near = pl_suggest_name(pattern, names, e->n_inputs);
    pl_status st = near ? pl_error_set(err, PL_EINVAL, "%s %s: no input is called '%s' (did you mean '%s'?)", option, spec,
                                       pattern, near)
                        : pl_error_set(err, PL_EINVAL, "%s %s: no input is called '%s' (parley run --list-inputs FILE "
                                       "shows them)", option, spec, pattern);
    pl_free(names);
    return st;
}

/* --draw PATTERN=declared: each matching input with a declared distribution leaves its group and
** is drawn alone from it, so a design sees it as an input of its own; its source stays. */
static pl_status draw_declared(pl_experiment *e, const char *spec, const char *pattern, pl_error *err)
{
    if (e->condition)
        return pl_error_set(err, PL_EINVAL, "--draw %s: found a scenario whose draws are conditioned on its record, "
                            "expected --no-condition: conditioning redraws whole groups until the record is matched, "
                            "and a parameter drawn alone cannot be redrawn", spec);
    size_t matched = 0, declared = 0;
    /* members[g]: 1 when input g draws a group, 2 when it still does after the change */
    unsigned char *members = pl_calloc(e->n_inputs + 1, 1);
    if (!members) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t k = 0; k < e->n_inputs; k++)
        if (e->input[k].group >= 0) members[e->input[k].group] = 1;
    pl_status st = PL_OK;
    for (size_t k = 0; !st && k < e->n_inputs; k++) {
        if (fnmatch(pattern, e->input[k].name, 0) != 0) continue;
        matched++;
        if (e->input[k].declared.kind == PL_DIST_FIXED) continue;
        st = pl_experiment_set_dist(e, k, &e->input[k].declared, NULL, err);
        declared++;
    }
    /* A group whose members all left would still take a design's runs for nothing. */
    for (size_t k = 0; k < e->n_inputs; k++)
        if (e->input[k].group >= 0) members[e->input[k].group] = 2;
    for (size_t g = 0; !st && g < e->n_inputs; g++)
        if (members[g] == 1) e->input[g].dist = pl_dist_fixed(e->input[g].nominal);
    pl_free(members);
    if (st) return st;
    if (!matched) return no_input(e, "--draw", spec, pattern, err);
    if (!declared)
        return pl_error_set(err, PL_EINVAL, "--draw %s: found %zu input%s matching '%s' and none with a declared "
                            "distribution, expected a scenario's sourced or assumed parameter with a range or a "
                            "distribution (the posterior's columns are drawn jointly, not alone)", spec, matched,
                            matched == 1 ? "" : "s", pattern);
    return PL_OK;
}

pl_status pl_experiment_vary(pl_experiment *e, const char *spec, pl_error *err)
{
    const char *eq = strchr(spec, '=');
    if (!eq || eq == spec) return pl_error_set(err, PL_EINVAL, "found --vary '%s', expected NAME=DISTRIBUTION", spec);
    char pattern[256], source[560];
    size_t len = (size_t)(eq - spec);
    if (len >= sizeof pattern) return pl_error_set(err, PL_EINVAL, "--draw: the name pattern is too long");
    memcpy(pattern, spec, len);
    pattern[len] = '\0';
    const char *dist_text = eq + 1 + strspn(eq + 1, " ");
    if (strcmp(dist_text, "declared") == 0) return draw_declared(e, spec, pattern, err);
    snprintf(source, sizeof source, "assumed (--draw %s)", spec);
    size_t matched = 0;
    for (size_t k = 0; k < e->n_inputs; k++) {
        if (fnmatch(pattern, e->input[k].name, 0) != 0) continue;
        pl_status st = vary_one(e, k, eq + 1, source, err);
        if (st) return st;
        matched++;
    }
    if (!matched) return no_input(e, "--draw", spec, pattern, err);
    return PL_OK;
}

pl_status pl_experiment_fix(pl_experiment *e, const char *pattern, pl_error *err)
{
    size_t matched = 0;
    for (size_t k = 0; k < e->n_inputs; k++) {
        if (fnmatch(pattern, e->input[k].name, 0) != 0) continue;
        e->input[k].dist = pl_dist_fixed(e->input[k].nominal);
        e->input[k].group = -1;
        for (size_t j = 0; j < e->n_inputs; j++)
            if (e->input[j].group == (int)k) e->input[j].group = -1;
        matched++;
    }
    if (!matched) return no_input(e, "--fix", pattern, pattern, err);
    return PL_OK;
}
