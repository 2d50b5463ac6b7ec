/*
** decide.c — the decide multi-issue table of the University of Groningen exchange model
** (#A actors, #P issues, #M issue bounds, #D actor × issue data, #O title, #/ comments).
** Layer: formats.
**
** The format as decide reads it (foarsitter/decide-exchange-model, decide/data/reader.py and
** types.py): one row per line, tab-, semicolon- or comma-separated, fields optionally quoted
** with ' or ". Rows may come in any order: #D rows are checked once every #A, #P and #M row is
** known. Row layouts (the key is field 1):
**   #A  id [full name [comment]]
**   #P  name [full name [description]]
**   #M  issue value [meaning]          two rows per issue: lower bound, then upper bound
**   #D  actor issue position salience power [comment]
**   #O  title of the scenario          #/ comment (ignored)
** An issue without #M rows runs from 0 to 100. Salience is read on 0–1 unless some value
** exceeds 1, in which case the whole file is taken to be on 0–100 (docs/models/exchange.md).
** Every problem is reported as file:line:col with what was found and what was expected.
*/
#include <stdio.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/names.h"
#include "parley/readers.h"

enum { DECIDE_NAME_MAX = 256 };

/* A named #A or #P row with where it was declared and, for issues, its #M bounds. */
typedef struct decide_name {
    char *name, *desc;
    int line, col;
    int m_line;       /* line of the last #M row */
    int n_bounds;     /* #M rows seen */
    double bound[2];  /* lower, upper */
    size_t n_data;    /* #D rows seen (issues) */
} decide_name;

typedef struct decide_list {
    decide_name *item;
    size_t n, cap;
    pl_name_index index; /* name -> position in item */
} decide_list;

typedef struct decide_reader {
    const pl_text *t;
    char sep, quote;
    decide_list actors, issues;
    char *title;
} decide_reader;

static void list_free(decide_list *l)
{
    for (size_t k = 0; k < l->n; k++) {
        pl_free(l->item[k].name);
        pl_free(l->item[k].desc);
    }
    pl_free(l->item);
    pl_name_index_free(&l->index);
    memset(l, 0, sizeof *l);
}

static long list_find(const decide_list *l, const char *name) { return pl_name_index_find(&l->index, name); }

/* The separator and quote character the first non-blank line suggests. */
static void guess_dialect(const pl_text *t, char *sep, char *quote)
{
    const char *p = t->data;
    while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') p++;
    size_t len = strcspn(p, "\n");
    *quote = *p == '\'' ? '\'' : '"';
    *sep = memchr(p, '\t', len) ? '\t' : memchr(p, ';', len) ? ';' : ',';
}

/* Fields beyond want (a trailing comment) must be absent or empty. */
static pl_status check_width(const decide_reader *r, const pl_record *rec, size_t need, size_t want,
                             const char *layout, pl_error *err)
{
    if (rec->n < need)
        return pl_error_at(err, PL_EINPUT, r->t->path, rec->line, rec->col[rec->n - 1],
                           "found %zu fields, expected at least %zu (%s)", rec->n, need, layout);
    for (size_t k = want; k < rec->n; k++)
        if (rec->field[k][0])
            return pl_error_at(err, PL_EINPUT, r->t->path, rec->line, rec->col[k],
                               "found %zu fields, expected at most %zu (%s)", rec->n, want, layout);
    return PL_OK;
}

static pl_status check_name(const decide_reader *r, const pl_record *rec, size_t k, const char *what, pl_error *err)
{
    size_t len = strlen(rec->field[k]);
    if (len == 0 || len > DECIDE_NAME_MAX)
        return pl_error_at(err, PL_EINPUT, r->t->path, rec->line, rec->col[k],
                           "found %s of %zu characters, expected 1 to %d", what, len, DECIDE_NAME_MAX);
    return PL_OK;
}

/* An #A or #P row: a new unique name with an optional description (an actor's full name; an
** issue's description, or its full name when the description is missing). */
static pl_status read_name_row(decide_reader *r, const pl_record *rec, decide_list *l, const char *what,
                               int is_issue, pl_error *err)
{
    pl_status st = check_width(r, rec, 2, 4, "key, id, full name, comment", err);
    if (!st) st = check_name(r, rec, 1, what, err);
    if (st) return st;
    long prev = list_find(l, rec->field[1]);
    if (prev >= 0)
        return pl_error_at(err, PL_EINPUT, r->t->path, rec->line, rec->col[1],
                           "found %s '%s' a second time (first on line %d), expected unique names", what,
                           rec->field[1], l->item[prev].line);
    if (pl_grow((void **)&l->item, &l->cap, l->n + 1, sizeof *l->item))
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    decide_name *it = &l->item[l->n];
    memset(it, 0, sizeof *it);
    it->name = pl_strdup(rec->field[1]);
    it->desc = pl_strdup(is_issue && rec->n > 3 && rec->field[3][0] ? rec->field[3] : rec->n > 2 ? rec->field[2] : "");
    it->line = rec->line;
    it->col = rec->col[1];
    l->n++;
    if (!it->name || !it->desc) return pl_error_set(err, PL_ENOMEM, "out of memory");
    long had;
    return pl_name_index_add(&l->index, it->name, l->n - 1, &had, err);
}

/* An #M row: the issue's lower bound, then its upper bound. */
static pl_status read_bound_row(decide_reader *r, const pl_record *rec, pl_error *err)
{
    pl_status st = check_width(r, rec, 3, 4, "#M, issue, value, meaning", err);
    if (st) return st;
    long d = list_find(&r->issues, rec->field[1]);
    if (d < 0)
        return pl_error_at(err, PL_EINPUT, r->t->path, rec->line, rec->col[1],
                           "found #M for issue '%.60s', expected an issue declared by a #P row", rec->field[1]);
    decide_name *is = &r->issues.item[d];
    double v;
    if ((st = pl_record_number(rec, 2, r->t->path, "an issue bound", &v, err))) return st;
    if (is->n_bounds == 2)
        return pl_error_at(err, PL_EINPUT, r->t->path, rec->line, 1,
                           "found a third #M row for issue '%s', expected two (lower and upper bound)", is->name);
    if (is->n_bounds == 1 && !(is->bound[0] < v))
        return pl_error_at(err, PL_EINPUT, r->t->path, rec->line, rec->col[2],
                           "found upper bound %g for issue '%s', expected a value above its lower bound %g",
                           v, is->name, is->bound[0]);
    is->bound[is->n_bounds++] = v;
    is->m_line = rec->line; /* where to point if the upper bound never comes */
    return PL_OK;
}

static int is_key(const char *f, const char *key) { return strcmp(f, key) == 0; }

/* Pass 1: #A, #P, #M, #O and #/ rows (and the keys of all rows). */
static pl_status read_declarations(decide_reader *r, pl_error *err)
{
    pl_delim dl;
    pl_record rec = {0};
    pl_delim_init(&dl, r->t, r->sep, r->quote);
    pl_status st;
    while (!(st = pl_delim_next(&dl, &rec, err)) && rec.n > 0) {
        const char *key = rec.field[0];
        if (is_key(key, "#A")) st = read_name_row(r, &rec, &r->actors, "an actor id", 0, err);
        else if (is_key(key, "#P")) st = read_name_row(r, &rec, &r->issues, "an issue name", 1, err);
        else if (is_key(key, "#O") && !r->title) st = (r->title = pl_strdup(rec.n > 1 ? rec.field[1] : "")) ? PL_OK
                                                     : pl_error_set(err, PL_ENOMEM, "out of memory");
        else if (!is_key(key, "#M") && !is_key(key, "#D") && !is_key(key, "#O") && !is_key(key, "#/"))
            st = pl_error_at(err, PL_EINPUT, r->t->path, rec.line, rec.col[0],
                             "found row type '%.20s', expected #A, #P, #M, #D, #O or #/", key);
        if (st) break;
    }
    /* #M rows may precede their #P row in decide files, so they are read once all issues are known. */
    pl_delim_init(&dl, r->t, r->sep, r->quote);
    while (!st && !(st = pl_delim_next(&dl, &rec, err)) && rec.n > 0)
        if (is_key(rec.field[0], "#M")) st = read_bound_row(r, &rec, err);
    pl_record_free(&rec);
    return st;
}

static pl_status check_declarations(const decide_reader *r, pl_error *err)
{
    if (r->actors.n == 0)
        return pl_error_at(err, PL_EINPUT, r->t->path, 1, 1, "found no #A row, expected at least one actor");
    if (r->issues.n == 0)
        return pl_error_at(err, PL_EINPUT, r->t->path, 1, 1, "found no #P row, expected at least one issue");
    for (size_t d = 0; d < r->issues.n; d++)
        if (r->issues.item[d].n_bounds == 1)
            return pl_error_at(err, PL_EINPUT, r->t->path, r->issues.item[d].m_line, 1,
                               "found one #M row for issue '%s', expected two (lower and upper bound) or none",
                               r->issues.item[d].name);
    return PL_OK;
}

/* Reads field k of a #D row as a number in [lo, hi]. */
static pl_status read_value(const decide_reader *r, const pl_record *rec, size_t k, const char *what, double lo,
                            double hi, const char *range, double *out, pl_error *err)
{
    pl_status st = pl_record_number(rec, k, r->t->path, what, out, err);
    if (!st && (*out < lo || *out > hi))
        st = pl_error_at(err, PL_EINPUT, r->t->path, rec->line, rec->col[k], "found %s %g for '%s' on '%s', expected %s",
                         what, *out, rec->field[1], rec->field[2], range);
    return st;
}

static pl_status read_data_row(decide_reader *r, const pl_record *rec, pl_stakeholders *s, int *seen_line,
                               pl_error *err)
{
    pl_status st = check_width(r, rec, 6, 7, "#D, actor, issue, position, salience, power, comment", err);
    if (st) return st;
    long i = list_find(&r->actors, rec->field[1]), d = list_find(&r->issues, rec->field[2]);
    if (i < 0)
        return pl_error_at(err, PL_EINPUT, r->t->path, rec->line, rec->col[1],
                           "found actor '%.60s', expected an actor declared by an #A row", rec->field[1]);
    if (d < 0)
        return pl_error_at(err, PL_EINPUT, r->t->path, rec->line, rec->col[2],
                           "found issue '%.60s', expected an issue declared by a #P row", rec->field[2]);
    size_t at = pl_idx(s, (size_t)i, (size_t)d);
    if (seen_line[at])
        return pl_error_at(err, PL_EINPUT, r->t->path, rec->line, rec->col[1],
                           "found a second #D row for '%s' on '%s' (first on line %d), expected one", rec->field[1],
                           rec->field[2], seen_line[at]);
    char range[96];
    snprintf(range, sizeof range, "a value in [%g, %g] (the issue's bounds)", s->dim_lo[d], s->dim_hi[d]);
    double x, sal, pow;
    if ((st = read_value(r, rec, 3, "position", s->dim_lo[d], s->dim_hi[d], range, &x, err)) ||
        (st = read_value(r, rec, 4, "salience", 0, 100, "a value in [0, 1] (or [0, 100])", &sal, err)) ||
        (st = read_value(r, rec, 5, "power", 0, 1e300, "a value >= 0", &pow, err)))
        return st;
    seen_line[at] = rec->line;
    s->present[at] = 1;
    s->position[at] = x;
    s->salience[at] = sal;
    s->capability[at] = pow;
    r->issues.item[d].n_data++;
    return PL_OK;
}

/* Pass 2: the #D rows, then the checks that need all of them. */
static pl_status read_data(decide_reader *r, pl_stakeholders *s, pl_error *err)
{
    int *seen_line = pl_calloc(s->n_actors * s->n_dims, sizeof *seen_line);
    if (!seen_line) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_delim dl;
    pl_record rec = {0};
    pl_delim_init(&dl, r->t, r->sep, r->quote);
    pl_status st;
    while (!(st = pl_delim_next(&dl, &rec, err)) && rec.n > 0)
        if (is_key(rec.field[0], "#D") && (st = read_data_row(r, &rec, s, seen_line, err))) break;
    pl_record_free(&rec);
    pl_free(seen_line);
    for (size_t d = 0; !st && d < s->n_dims; d++)
        if (r->issues.item[d].n_data == 0)
            st = pl_error_at(err, PL_EINPUT, r->t->path, r->issues.item[d].line, r->issues.item[d].col,
                             "found no #D row for issue '%s', expected at least one actor on it", s->dim[d]);
    return st;
}

/* Saliences on 0–100 (any value above 1) are brought to 0–1, as pl_stakeholders requires. */
static void scale_saliences(pl_stakeholders *s)
{
    size_t cells = s->n_actors * s->n_dims;
    int percent = 0;
    for (size_t k = 0; k < cells; k++)
        if (s->present[k] && s->salience[k] > 1) percent = 1;
    s->salience_scale = percent ? PL_SALIENCE_PERCENT : PL_SALIENCE_UNIT;
    if (percent)
        for (size_t k = 0; k < cells; k++) s->salience[k] /= 100.0;
}

static pl_status copy_string(char **slot, const char *value, pl_error *err)
{
    char *c = pl_strdup(value);
    if (!c) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_free(*slot);
    *slot = c;
    return PL_OK;
}

static pl_status fill_names(const decide_reader *r, pl_stakeholders *s, pl_error *err)
{
    pl_status st = copy_string(&s->source, r->t->path, err);
    if (!st && r->title) st = copy_string(&s->name, r->title, err);
    for (size_t i = 0; !st && i < s->n_actors; i++) {
        st = copy_string(&s->actor[i], r->actors.item[i].name, err);
        if (!st) st = copy_string(&s->actor_desc[i], r->actors.item[i].desc, err);
    }
    for (size_t d = 0; !st && d < s->n_dims; d++) {
        const decide_name *is = &r->issues.item[d];
        st = copy_string(&s->dim[d], is->name, err);
        if (is->n_bounds == 2) {
            s->dim_lo[d] = is->bound[0];
            s->dim_hi[d] = is->bound[1];
        }
    }
    size_t cells = s->n_actors * s->n_dims;
    for (size_t k = 0; k < cells; k++) {
        s->present[k] = 0;
        s->salience[k] = 0;
        s->capability[k] = 0;
        s->position[k] = s->dim_lo[k % s->n_dims];
    }
    return st;
}

pl_status pl_parse_decide(const pl_text *t, pl_stakeholders **out, pl_error *err)
{
    *out = NULL;
    decide_reader r = {0};
    r.t = t;
    guess_dialect(t, &r.sep, &r.quote);
    pl_stakeholders *s = NULL;
    pl_status st = read_declarations(&r, err);
    if (!st) st = check_declarations(&r, err);
    if (!st && !(s = pl_stakeholders_alloc(r.actors.n, r.issues.n))) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) st = fill_names(&r, s, err);
    if (!st) st = read_data(&r, s, err);
    if (!st) scale_saliences(s);
    list_free(&r.actors);
    list_free(&r.issues);
    pl_free(r.title);
    if (st) pl_stakeholders_free(s);
    else *out = s;
    return st;
}
