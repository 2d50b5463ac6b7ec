/*
** scenario_param.c — one numeric scenario parameter: a plain number, or a mapping with a value
** or a distribution, truncation, units and provenance (source: or assumed: with a range).
** Layer: formats.
*/
#include <math.h>
#include <string.h>

#include "parley/memory.h"
#include "scenario_int.h"

static const char *const param_keys[] = {"value", "uniform", "normal", "triangular", "beta", "lognormal",
                                         "discrete", "min", "max", "units", "source", "assumed", "range", "note", "published"};
enum { N_PARAM_KEYS = sizeof param_keys / sizeof param_keys[0], FIRST_DIST = 1, LAST_DIST = 6 };

/* Reads a sequence of between lo and hi numbers from n into out. */
static pl_status read_numbers(pl_scenario_reader *r, const pl_yaml_node *n, size_t lo, size_t hi, double *out, size_t *count,
                              const char *what, const char *path)
{
    char found[96];
    pl_yaml_describe(n, found, sizeof found);
    if (n->kind != YT_SEQ || n->n < lo || n->n > hi)
        return pl_scenario_fail(r, n, "found %s for %s of %s, expected a sequence of %zu%s%s numbers", found, what, path, lo,
                       hi > lo ? " or " : "", hi > lo ? (hi == 4 ? "4" : "more") : "");
    for (size_t k = 0; k < n->n; k++)
        if (!pl_yaml_number(n->item[k], &out[k])) {
            pl_yaml_describe(n->item[k], found, sizeof found);
            return pl_scenario_fail(r, n->item[k], "found %s in %s of %s, expected a number", found, what, path);
        }
    *count = n->n;
    return PL_OK;
}

static pl_status read_discrete(pl_scenario_reader *r, const pl_yaml_node *n, pl_dist *d, const char *path)
{
    char found[96];
    pl_yaml_describe(n, found, sizeof found);
    if (n->kind != YT_SEQ || n->n < 1 || n->n > PL_DIST_DISCRETE_MAX)
        return pl_scenario_fail(r, n, "found %s for discrete of %s, expected a sequence of 1 to %d [value, weight] pairs", found,
                       path, PL_DIST_DISCRETE_MAX);
    d->n = (int)n->n;
    for (size_t k = 0; k < n->n; k++) {
        double pair[2];
        size_t got;
        pl_status st = read_numbers(r, n->item[k], 2, 2, pair, &got, "a discrete [value, weight] pair", path);
        if (st) return st;
        d->x[k] = pair[0], d->w[k] = pair[1];
    }
    return PL_OK;
}

/* The distribution written under key (one of uniform ... discrete) into d. */
static pl_status read_dist(pl_scenario_reader *r, const char *key, const pl_yaml_node *v, pl_dist *d, const char *path)
{
    double x[4] = {0, 0, 0, 0};
    size_t n = 0;
    pl_dist_kind kind;
    pl_dist_kind_parse(key, &kind);
    *d = pl_dist_make(kind, 0, 0, 0, 1);
    pl_status st = PL_OK;
    switch (kind) {
    case PL_DIST_UNIFORM:
    case PL_DIST_NORMAL:
    case PL_DIST_LOGNORMAL: st = read_numbers(r, v, 2, 2, x, &n, key, path); break;
    case PL_DIST_TRIANGULAR: st = read_numbers(r, v, 3, 3, x, &n, key, path); break;
    case PL_DIST_BETA: st = read_numbers(r, v, 2, 4, x, &n, key, path); break;
    default: return read_discrete(r, v, d, path);
    }
    if (st) return st;
    if (kind == PL_DIST_BETA && n == 3) return pl_scenario_fail(r, v, "found 3 numbers for beta of %s, expected [alpha, beta] or [alpha, beta, low, high]", path);
    if (kind == PL_DIST_TRIANGULAR) *d = pl_dist_make(kind, x[0], x[2], x[1], 0);
    else if (kind == PL_DIST_BETA && n == 4) *d = pl_dist_make(kind, x[0], x[1], x[2], x[3]);
    else *d = pl_dist_make(kind, x[0], x[1], 0, 1);
    return PL_OK;
}

static pl_status read_text(pl_scenario_reader *r, const pl_yaml_node *v, char **out, const char *key, const char *path)
{
    if (!v) return PL_OK;
    if (v->kind != YT_SCALAR || pl_yaml_is_null(v) || !v->text[0]) {
        char found[96];
        pl_yaml_describe(v, found, sizeof found);
        return pl_scenario_fail(r, v, "found %s for %s of %s, expected text", found, key, path);
    }
    return (*out = pl_strdup(v->text)) ? PL_OK : pl_scenario_nomem(r);
}

/* Which distribution key the mapping holds (index into param_keys, 0 if none). */
static pl_status find_dist_key(pl_scenario_reader *r, const pl_yaml_node *m, int *which, const char *path)
{
    *which = 0;
    for (int k = FIRST_DIST; k <= LAST_DIST; k++) {
        const pl_yaml_node *v = pl_yaml_get(m, param_keys[k]);
        if (!v) continue;
        if (*which)
            return pl_scenario_fail(r, v, "found both '%s' and '%s' in %s, expected one distribution", param_keys[*which],
                           param_keys[k], path);
        *which = k;
    }
    return PL_OK;
}

static pl_status read_bound(pl_scenario_reader *r, const pl_yaml_node *m, const char *key, double *out, const char *path)
{
    const pl_yaml_node *v = pl_yaml_get(m, key);
    if (!v) return PL_OK;
    if (!pl_yaml_number(v, out)) {
        char found[96];
        pl_yaml_describe(v, found, sizeof found);
        return pl_scenario_fail(r, v, "found %s for %s of %s, expected a number", found, key, path);
    }
    return PL_OK;
}

/* The value or distribution of a mapping-form parameter. */
static pl_status read_value_and_dist(pl_scenario_reader *r, const pl_yaml_node *m, pl_param *p)
{
    int which;
    pl_status st = find_dist_key(r, m, &which, p->path);
    if (st) return st;
    const pl_yaml_node *value = pl_yaml_get(m, "value");
    if (!value && !which)
        return pl_scenario_fail(r, m, "found no value in %s, expected value: or a distribution (uniform, normal, triangular, "
                       "beta, lognormal, discrete)", p->path);
    if (value && !pl_yaml_number(value, &p->nominal)) {
        char found[96];
        pl_yaml_describe(value, found, sizeof found);
        return pl_scenario_fail(r, value, "found %s for value of %s, expected a number", found, p->path);
    }
    if (which) st = read_dist(r, param_keys[which], pl_yaml_get(m, param_keys[which]), &p->dist, p->path);
    else p->dist = pl_dist_fixed(p->nominal);
    if (!st) st = read_bound(r, m, "min", &p->dist.lo, p->path);
    if (!st) st = read_bound(r, m, "max", &p->dist.hi, p->path);
    if (st) return st;
    const pl_yaml_node *where = which ? pl_yaml_get(m, param_keys[which]) : value;
    pl_error derr;
    if (pl_dist_check(&p->dist, &derr)) return pl_scenario_fail(r, where, "%s in %s", derr.msg, p->path);
    if (!value) p->nominal = pl_dist_mean(&p->dist);
    return PL_OK;
}

/* The value and the whole support must lie in the descriptor's [lo, hi]. */
static pl_status check_range(pl_scenario_reader *r, const pl_yaml_node *at, pl_param *p)
{
    const pl_param_desc *d = p->desc;
    if (p->nominal < d->lo || p->nominal > d->hi)
        return pl_scenario_fail(r, at, "found %g for %s, expected a value in [%g, %g] %s", p->nominal, p->path, d->lo, d->hi,
                       d->units);
    double lo, hi;
    pl_dist_support(&p->dist, &lo, &hi);
    if (lo < d->lo || hi > d->hi) {
        char text[160];
        pl_dist_format(&p->dist, text, sizeof text);
        return pl_scenario_fail(r, at, "found %s for %s reaching outside [%g, %g], expected it within (truncate with min: and "
                       "max:)", text, p->path, d->lo, d->hi);
    }
    if (p->dist.kind != PL_DIST_FIXED && (p->nominal < lo || p->nominal > hi))
        return pl_scenario_fail(r, at, "found value %g for %s outside its distribution's support [%g, %g], expected it inside",
                       p->nominal, p->path, lo, hi);
    p->range_lo = lo, p->range_hi = hi;
    return PL_OK;
}

static pl_status read_range(pl_scenario_reader *r, const pl_yaml_node *m, pl_param *p)
{
    const pl_yaml_node *v = pl_yaml_get(m, "range");
    if (!v) return PL_OK;
    double x[2];
    size_t n;
    pl_status st = read_numbers(r, v, 2, 2, x, &n, "range", p->path);
    if (st) return st;
    if (x[0] > x[1] || x[0] < p->desc->lo || x[1] > p->desc->hi || p->nominal < x[0] || p->nominal > x[1])
        return pl_scenario_fail(r, v, "found range [%g, %g] for %s, expected low <= %g <= high within [%g, %g]", x[0], x[1],
                       p->path, p->nominal, p->desc->lo, p->desc->hi);
    p->range_lo = x[0], p->range_hi = x[1];
    return PL_OK;
}

/* published: YYYY-MM-DD, and the as-of rules: a source needs it when the scenario has as_of, and
** no fact may be published after as_of. */
static pl_status read_published(pl_scenario_reader *r, const pl_yaml_node *m, pl_param *p)
{
    const pl_yaml_node *v = pl_yaml_get(m, "published"), *source = pl_yaml_get(m, "source");
    int y, mo, d;
    if (v && (v->kind != YT_SCALAR || strlen(v->text) != 10 || pl_date_parse(v->text, &y, &mo, &d))) {
        char found[96];
        pl_yaml_describe(v, found, sizeof found);
        return pl_scenario_fail(r, v, "found %s for published of %s, expected a date YYYY-MM-DD (when the fact was published)",
                       found, p->path);
    }
    if (!v) {
        if (source && r->sc->has_as_of)
            return pl_scenario_fail(r, source, "found source: without published: in %s, expected published: YYYY-MM-DD (the "
                           "scenario declares as_of, so every fact says when it was published)", p->path);
        return PL_OK;
    }
    p->has_published = 1;
    p->published = pl_date_days(y, mo, d);
    return pl_scenario_check_published(r, v->file, v->line, v->col, p->path, p->published);
}

static pl_status read_provenance(pl_scenario_reader *r, const pl_yaml_node *m, pl_param *p, int provenance)
{
    pl_status st = read_text(r, pl_yaml_get(m, "source"), &p->source, "source", p->path);
    if (!st) st = read_text(r, pl_yaml_get(m, "assumed"), &p->assumed, "assumed", p->path);
    char *note = NULL;
    if (!st) st = read_text(r, pl_yaml_get(m, "note"), &note, "note", p->path);
    pl_free(note);
    if (!st) st = read_published(r, m, p);
    if (st) return st;
    if (provenance && !p->source && !p->assumed)
        return pl_scenario_fail(r, m, "found %s without provenance, expected source: (a citation) or assumed: (with range: "
                       "or a distribution)", p->path);
    if (p->assumed && !pl_yaml_get(m, "range") && p->dist.kind == PL_DIST_FIXED)
        return pl_scenario_fail(r, pl_yaml_get(m, "assumed"), "found assumed: without the range considered in %s, expected range: "
                       "[low, high] or a distribution", p->path);
    const pl_yaml_node *units = pl_yaml_get(m, "units");
    if (units && (units->kind != YT_SCALAR || strcmp(units->text, p->desc->units) != 0)) {
        char found[96];
        pl_yaml_describe(units, found, sizeof found);
        return pl_scenario_fail(r, units, "found units %s for %s, expected '%s'", found, p->path, p->desc->units);
    }
    return PL_OK;
}

static pl_status read_mapping_param(pl_scenario_reader *r, const pl_yaml_node *m, pl_param *p, int provenance)
{
    pl_status st = pl_scenario_check_keys(r, m, param_keys, N_PARAM_KEYS, p->path);
    if (!st) st = read_value_and_dist(r, m, p);
    if (!st) st = check_range(r, m, p);
    if (!st) st = read_range(r, m, p);
    if (!st) st = read_provenance(r, m, p, provenance);
    return st;
}

static pl_status read_plain_param(pl_scenario_reader *r, const pl_yaml_node *v, pl_param *p, int provenance)
{
    char found[96];
    pl_yaml_describe(v, found, sizeof found);
    if (!pl_yaml_number(v, &p->nominal))
        return pl_scenario_fail(r, v, "found %s for %s, expected a number or a mapping {value: ..., source: ...}", found, p->path);
    if (provenance)
        return pl_scenario_fail(r, v, "found the plain number %s for %s, expected {value: %s, source: ...} or {value: %s, "
                       "assumed: ..., range: [...]} (this section requires provenance)", v->text, p->path, v->text,
                       v->text);
    p->dist = pl_dist_fixed(p->nominal);
    return check_range(r, v, p);
}

pl_status pl_scenario_read_param(pl_scenario_reader *r, const pl_yaml_node *body, const pl_param_desc *d, const char *path, int section,
                        int owner, int enabled, int provenance)
{
    pl_scenario *sc = r->sc;
    if (pl_grow((void **)&sc->param, &r->cap_param, sc->n_params + 1, sizeof *sc->param)) return pl_scenario_nomem(r);
    pl_param *p = memset(&sc->param[sc->n_params++], 0, sizeof *sc->param);
    p->desc = d;
    p->section = section;
    p->owner = owner;
    p->posterior_col = -1;
    p->file = body ? body->file : r->file;
    p->line = body ? body->line : r->line;
    p->col = body ? body->col : r->col;
    char buf[512];
    int n = snprintf(buf, sizeof buf, "%s.%s", path, d->key);
    if (n < 0 || (size_t)n >= sizeof buf || !(p->path = pl_strdup(buf))) return pl_scenario_nomem(r);
    const pl_yaml_node *v = pl_yaml_get(body, d->key);
    if (!v) {
        if (d->required && enabled)
            return pl_scenario_fail(r, body, "missing key '%s' in %s, expected it (%s, %s)", d->key, path, d->help, d->units);
        p->nominal = d->deflt;
        p->dist = pl_dist_fixed(d->deflt);
        p->range_lo = p->range_hi = d->deflt;
        return PL_OK;
    }
    p->given = 1;
    p->file = v->file;
    p->line = v->line, p->col = v->col;
    if (v->kind == YT_MAP) return read_mapping_param(r, v, p, provenance);
    return read_plain_param(r, v, p, provenance);
}
