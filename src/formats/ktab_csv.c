/*
** ktab_csv.c — KTAB's Spatial Model of Politics CSV (SMPModel::csvRead), restated in
** ../shared/reference/ktab-smp.md §3.1, with its quirks: a trailing comma is optional, extra
** fields on line 1 are ignored, blanks around numbers are tolerated, quotes are trimmed.
** Layer: formats.
*/
#include <string.h>

#include "parley/memory.h"
#include "parley/names.h"
#include "parley/options.h"
#include "parley/readers.h"

enum { KTAB_MIN_ACTORS = 3, KTAB_MAX_ACTORS = 250, KTAB_NAME_MAX = 25, KTAB_DESC_MAX = 256,
       KTAB_SCENARIO_MAX = 512 };
#define KTAB_MAX_CAP 1e8

/* Line 1: name, description, number of actors, number of dimensions [, ignored...]. */
static pl_status read_line1(const pl_text *t, const pl_record *r, long *n_actors, long *n_dims, pl_error *err)
{
    if (r->n < 4)
        return pl_error_at(err, PL_EINPUT, t->path, r->line, 1,
                           "found %zu fields on line 1, expected name,description,actors,dimensions", r->n);
    for (size_t k = 0; k < 2; k++)
        if (strlen(r->field[k]) > KTAB_SCENARIO_MAX)
            return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[k],
                               "found a scenario %s of %zu characters, expected at most %d",
                               k ? "description" : "name", strlen(r->field[k]), KTAB_SCENARIO_MAX);
    if (pl_parse_long(r->field[2], n_actors) || *n_actors < KTAB_MIN_ACTORS || *n_actors > KTAB_MAX_ACTORS)
        return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[2],
                           "found '%.20s' actors, expected an integer from %d to %d", r->field[2], KTAB_MIN_ACTORS,
                           KTAB_MAX_ACTORS);
    if (pl_parse_long(r->field[3], n_dims) || *n_dims < 1 || *n_dims > 1000)
        return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[3],
                           "found '%.20s' dimensions, expected an integer from 1 to 1000", r->field[3]);
    return PL_OK;
}

static int blank(const char *s)
{
    while (*s == ' ' || *s == '\t') s++;
    return *s == '\0';
}

/* Fields in a row beyond the expected count must be a single blank trailing one. */
static pl_status check_width(const pl_text *t, const pl_record *r, size_t want, const char *what, pl_error *err)
{
    if (r->n == want || (r->n == want + 1 && blank(r->field[want]))) return PL_OK;
    return pl_error_at(err, PL_EINPUT, t->path, r->line, r->n > want ? r->col[want] : 1,
                       "found %zu fields, expected %zu for %s", r->n, want, what);
}

static pl_status set_string(char **slot, const char *value, pl_error *err)
{
    char *copy = pl_strdup(value);
    if (!copy) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_free(*slot);
    *slot = copy;
    return PL_OK;
}

static pl_status read_actor(const pl_text *t, const pl_record *r, pl_stakeholders *s, size_t i, pl_name_index *names,
                            pl_error *err)
{
    size_t nd = s->n_dims;
    pl_status st = check_width(t, r, 3 + 2 * nd, "an actor row (name,description,capability,position,salience...)", err);
    if (st) return st;
    size_t len = strlen(r->field[0]);
    if (len < 1 || len > KTAB_NAME_MAX)
        return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[0],
                           "found an actor name of %zu characters, expected 1 to %d", len, KTAB_NAME_MAX);
    if (strlen(r->field[1]) > KTAB_DESC_MAX)
        return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[1],
                           "found a description of %zu characters, expected at most %d", strlen(r->field[1]),
                           KTAB_DESC_MAX);
    if ((st = set_string(&s->actor[i], r->field[0], err)) || (st = set_string(&s->actor_desc[i], r->field[1], err)))
        return st;
    long dup;
    if ((st = pl_name_index_add(names, s->actor[i], i, &dup, err))) return st;
    if (dup >= 0)
        return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[0],
                           "found actor '%s' a second time, expected unique actor names", r->field[0]);
    double cap, sum = 0;
    if ((st = pl_record_number(r, 2, t->path, "a capability", &cap, err))) return st;
    if (cap < 0 || cap > KTAB_MAX_CAP)
        return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[2],
                           "found capability %g, expected a value in [0, 1e8]", cap);
    for (size_t d = 0; d < nd; d++) {
        double x, sal;
        size_t kx = 3 + 2 * d, ks = kx + 1;
        if ((st = pl_record_number(r, kx, t->path, "a position", &x, err))) return st;
        if (x < 0 || x > 100)
            return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[kx],
                               "found position %g, expected a value in [0, 100]", x);
        if ((st = pl_record_number(r, ks, t->path, "a salience", &sal, err))) return st;
        if (sal < 0 || sal > 100)
            return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[ks],
                               "found salience %g, expected a value in [0, 100]", sal);
        sum += sal;
        s->capability[pl_idx(s, i, d)] = cap;
        s->position[pl_idx(s, i, d)] = x;
        s->salience[pl_idx(s, i, d)] = sal / 100.0;
    }
    if (sum > 100 * (1 + 1e-12))
        return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[4],
                           "found saliences summing to %g, expected a sum of at most 100", sum);
    return PL_OK;
}

static pl_status read_dim_names(const pl_text *t, const pl_record *r, pl_stakeholders *s, pl_error *err)
{
    pl_status st = check_width(t, r, 3 + 2 * s->n_dims, "the header line", err);
    for (size_t d = 0; !st && d < s->n_dims; d++) st = set_string(&s->dim[d], r->field[3 + 2 * d], err);
    size_t first, again; /* outputs and stores key a dimension by its name */
    int repeat = st ? 0 : pl_names_first_repeat((const char *const *)s->dim, s->n_dims, &first, &again);
    if (repeat < 0) return pl_error_set(err, PL_ENOMEM, "out of memory");
    if (repeat)
        return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[3 + 2 * again],
                           "found dimension '%.40s' a second time, expected unique dimension names", s->dim[again]);
    return st;
}

pl_status pl_parse_ktab_csv(const pl_text *t, pl_stakeholders **out, pl_error *err)
{
    *out = NULL;
    pl_delim d;
    pl_record r = {0};
    pl_delim_init(&d, t, ',', '"');
    d.trim = 0; /* KTAB keeps blanks in names and descriptions; numbers tolerate them anyway */
    long n_actors = 0, n_dims = 0;
    pl_stakeholders *s = NULL;
    pl_name_index names;
    pl_name_index_init(&names);
    pl_status st = pl_delim_next(&d, &r, err);
    if (!st) st = read_line1(t, &r, &n_actors, &n_dims, err);
    if (!st && !(s = pl_stakeholders_alloc((size_t)n_actors, (size_t)n_dims)))
        st = pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) st = set_string(&s->name, r.field[0], err);
    if (!st) st = set_string(&s->description, r.field[1], err);
    if (!st) st = pl_delim_next(&d, &r, err);
    if (!st && r.n == 0) st = pl_error_at(err, PL_EINPUT, t->path, 2, 1, "the file ends after line 1, expected a header line");
    if (!st) st = read_dim_names(t, &r, s, err);
    for (long i = 0; !st && i < n_actors; i++) {
        st = pl_delim_next(&d, &r, err);
        if (!st && r.n == 0)
            st = pl_error_at(err, PL_EINPUT, t->path, d.line, 1, "found %ld actor rows, expected %ld as line 1 declares",
                             i, n_actors);
        if (!st) st = read_actor(t, &r, s, (size_t)i, &names, err);
    }
    if (!st) st = pl_delim_next(&d, &r, err);
    if (!st && r.n > 0)
        st = pl_error_at(err, PL_EINPUT, t->path, r.line, 1,
                         "found more actor rows than the %ld line 1 declares, expected the file to end", n_actors);
    if (!st) st = set_string(&s->source, t->path, err);
    if (!st) s->salience_scale = PL_SALIENCE_PERCENT;
    pl_name_index_free(&names);
    pl_record_free(&r);
    if (st) pl_stakeholders_free(s);
    else *out = s;
    return st;
}
