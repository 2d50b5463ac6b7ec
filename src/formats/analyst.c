/*
** analyst.c — the common analyst table: one row per actor with capability, position and salience.
** Layer: formats.
**
** Columns are matched by header name (case-insensitive), so their order is free; synonyms found
** in the published data sets are accepted (Stakeholder/Name, Resources/Power/Influence/Clout/c,
** x, s). Salience may be on 0–1 or 0–100: any value above 1 means 0–100 unless declared.
*/
#include <ctype.h>
#include <float.h>
#include <math.h>
#include <string.h>
#include <strings.h>

#include "parley/memory.h"
#include "parley/names.h"
#include "parley/readers.h"

enum { COL_ACTOR, COL_CAP, COL_POS, COL_SAL, COL_DESC, N_COLS };

static const char *const col_names[N_COLS][7] = {
    {"actor", "name", "stakeholder", "player", NULL},
    {"capability", "resources", "power", "influence", "clout", "c", NULL},
    {"position", "x", NULL},
    {"salience", "s", NULL},
    {"description", "desc", NULL},
};
static const char *const col_expected[N_COLS] = {"an actor name", "a capability", "a position", "a salience",
                                                 "a description"};

static int column_of(const char *header)
{
    for (int c = 0; c < N_COLS; c++)
        for (int k = 0; col_names[c][k]; k++)
            if (strcasecmp(header, col_names[c][k]) == 0) return c;
    return -1;
}

static pl_status map_header(const pl_text *t, const pl_record *h, long map[N_COLS], pl_error *err)
{
    for (int c = 0; c < N_COLS; c++) map[c] = -1;
    for (size_t k = 0; k < h->n; k++) {
        int c = column_of(h->field[k]);
        if (c < 0) {
            if (h->field[k][0] == '\0' && k + 1 == h->n) continue; /* trailing separator */
            return pl_error_at(err, PL_EINPUT, t->path, h->line, h->col[k],
                               "found column '%.40s', expected one of Actor, Capability, Position, Salience, "
                               "Description",
                               h->field[k]);
        }
        if (map[c] >= 0)
            return pl_error_at(err, PL_EINPUT, t->path, h->line, h->col[k],
                               "found a second '%.40s' column, expected each column once", h->field[k]);
        map[c] = (long)k;
    }
    for (int c = 0; c < COL_DESC; c++)
        if (map[c] < 0)
            return pl_error_at(err, PL_EINPUT, t->path, h->line, 1,
                               "the header has no %s column, expected Actor, Capability, Position, Salience",
                               col_names[c][0]);
    return PL_OK;
}

/* One data row into actor i. */
static pl_status read_row(const pl_text *t, const pl_record *r, const long map[N_COLS], size_t width,
                          pl_stakeholders *s, size_t i, pl_name_index *names, pl_error *err)
{
    if (r->n != width && !(r->n == width + 1 && r->field[width][0] == '\0'))
        return pl_error_at(err, PL_EINPUT, t->path, r->line, r->n > width ? r->col[width] : 1,
                           "found %zu fields, expected %zu as in the header", r->n, width);
    const char *name = r->field[map[COL_ACTOR]];
    if (!*name)
        return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[map[COL_ACTOR]],
                           "found an empty actor name, expected a name");
    char *nm = pl_strdup(name), *desc = pl_strdup(map[COL_DESC] >= 0 ? r->field[map[COL_DESC]] : "");
    if (!nm || !desc) {
        pl_free(nm);
        pl_free(desc);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    pl_free(s->actor[i]);
    s->actor[i] = nm;
    pl_free(s->actor_desc[i]);
    s->actor_desc[i] = desc;
    long dup;
    pl_status st = pl_name_index_add(names, nm, i, &dup, err);
    if (st) return st;
    if (dup >= 0)
        return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[map[COL_ACTOR]],
                           "found actor '%.40s' a second time, expected unique actor names", name);
    for (int c = COL_CAP; c <= COL_SAL; c++) {
        double v;
        if ((st = pl_record_number(r, (size_t)map[c], t->path, col_expected[c], &v, err))) return st;
        if (c != COL_POS && v < 0)
            return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[map[c]], "found %g, expected %s >= 0", v,
                               col_expected[c]);
        if (c == COL_SAL && v > 100)
            return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[map[c]],
                               "found salience %g, expected a value in [0, 1] or [0, 100]", v);
        double *dst = c == COL_CAP ? s->capability : c == COL_POS ? s->position : s->salience;
        dst[i] = v;
    }
    return PL_OK;
}

/* Settles the salience scale and converts to 0–1; checks a declared 0–1 scale. */
static pl_status apply_scale(const pl_text *t, pl_stakeholders *s, pl_salience_scale scale, const int *lines,
                             pl_error *err)
{
    if (scale == PL_SALIENCE_AUTO) {
        scale = PL_SALIENCE_UNIT;
        for (size_t i = 0; i < s->n_actors; i++)
            if (s->salience[i] > 1) scale = PL_SALIENCE_PERCENT;
    }
    for (size_t i = 0; i < s->n_actors; i++) {
        if (scale == PL_SALIENCE_UNIT && s->salience[i] > 1)
            return pl_error_at(err, PL_EINPUT, t->path, lines[i], 1,
                               "found salience %g, expected a value in [0, 1] as declared", s->salience[i]);
        if (scale == PL_SALIENCE_PERCENT) s->salience[i] /= 100.0;
    }
    s->salience_scale = scale;
    return PL_OK;
}

/* The position scale: the range of the positions, or [x, x + 1] when every actor stands at x. Refused
** (at the first actor's position, line:col) when that scale has no width in doubles: x + 1 == x for
** |x| >= 2^53, or the range overflows. */
static pl_status set_scale_from_positions(const pl_text *t, pl_stakeholders *s, int line, int col, pl_error *err)
{
    double lo = s->position[0], hi = s->position[0];
    for (size_t i = 1; i < s->n_actors; i++) {
        if (s->position[i] < lo) lo = s->position[i];
        if (s->position[i] > hi) hi = s->position[i];
    }
    if (!(hi > lo)) hi = lo + 1;
    if (!(hi > lo))
        return pl_error_at(err, PL_EINPUT, t->path, line, col,
                           "found every position equal to %g, expected positions that differ or one below 2^53 "
                           "in magnitude (the scale [x, x + 1] has no width at %g)",
                           lo, lo);
    if (!isfinite(hi - lo))
        return pl_error_at(err, PL_EINPUT, t->path, line, col,
                           "found positions from %g to %g, expected a range below %g", lo, hi, DBL_MAX);
    s->dim_lo[0] = lo;
    s->dim_hi[0] = hi;
    return PL_OK;
}

static pl_status count_rows(const pl_text *t, char sep, size_t *n, pl_error *err)
{
    pl_delim d;
    pl_record r = {0};
    pl_delim_init(&d, t, sep, '"');
    *n = 0;
    pl_status st;
    while (!(st = pl_delim_next(&d, &r, err)) && r.n > 0) (*n)++;
    pl_record_free(&r);
    return st;
}

pl_status pl_parse_analyst(const pl_text *t, pl_salience_scale scale, pl_stakeholders **out, pl_error *err)
{
    *out = NULL;
    char sep = pl_text_guess_separator(t);
    size_t rows;
    pl_status st = count_rows(t, sep, &rows, err);
    if (st) return st;
    if (rows < 2) return pl_error_at(err, PL_EINPUT, t->path, 1, 1, "found a header and no actor rows, expected one row per actor");
    pl_stakeholders *s = pl_stakeholders_alloc(rows - 1, 1);
    int *lines = pl_calloc(rows, sizeof *lines);
    pl_record r = {0};
    pl_name_index names;
    pl_name_index_init(&names);
    if (!s || !lines) {
        st = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    pl_delim d;
    pl_delim_init(&d, t, sep, '"');
    long map[N_COLS];
    size_t width;
    int pos_col = 1;
    if ((st = pl_delim_next(&d, &r, err)) || (st = map_header(t, &r, map, err))) goto done;
    width = r.n;
    if (r.field[r.n - 1][0] == '\0') width--;
    char *dim = pl_strdup("Position");
    if (!dim) {
        st = pl_error_set(err, PL_ENOMEM, "out of memory");
        goto done;
    }
    pl_free(s->dim[0]);
    s->dim[0] = dim;
    for (size_t i = 0; i < s->n_actors; i++) {
        if ((st = pl_delim_next(&d, &r, err))) goto done;
        lines[i] = r.line;
        if ((st = read_row(t, &r, map, width, s, i, &names, err))) goto done;
        if (i == 0) pos_col = r.col[map[COL_POS]];
    }
    if ((st = apply_scale(t, s, scale, lines, err))) goto done;
    if ((st = set_scale_from_positions(t, s, lines[0], pos_col, err))) goto done;
    pl_free(s->source);
    if (!(s->source = pl_strdup(t->path))) st = pl_error_set(err, PL_ENOMEM, "out of memory");
done:
    pl_name_index_free(&names);
    pl_record_free(&r);
    pl_free(lines);
    if (st) pl_stakeholders_free(s);
    else *out = s;
    return st;
}
