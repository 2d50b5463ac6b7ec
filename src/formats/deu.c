/*
** deu.c — the DEU III issue table (Arregui & Perarnaud 2021, doi:10.34810/data53, CC BY 4.0),
** laid out as ../shared/reference/deu.md describes: tab-separated, a header, a GDP row, then one
** issue per line with 30 positions, 30 saliences, the reference point and the outcome.
** Layer: formats.
**
** Each issue becomes a dimension on the 0–100 scale; an actor takes part in an issue when its
** position cell is non-empty; an empty salience counts as 0. The GDP row becomes every actor's
** capability on every issue (callers may replace it: see the score command's --capability). Issues of
** one proposal (`prnr`) share a group, the unit of the scorer's exchange model and cross-validation;
** `proc` and `counvte` become procedure flags.
*/
#include <stdio.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/names.h"
#include "parley/readers.h"

enum {
    DEU_COLS = 75, DEU_POS = 13, DEU_SAL = 43, DEU_RP = 73, DEU_OUT = 74, DEU_ACTORS = 30, DEU_ISNR = 4,
    DEU_PRNR = 2, DEU_PROC = 7, DEU_VOTE = 8
};

const char *const pl_deu_actor_codes[DEU_ACTORS] = {
    "com", "ep", "at", "be", "bu", "cr", "cy", "cz", "dk", "ee", "fi", "fr", "de", "el", "hu",
    "ie",  "it", "lv", "lt", "lu", "mt", "nl", "pl", "pt", "ro", "si", "sk", "es", "se", "uk"};

static pl_status check_header(const pl_text *t, const pl_record *h, pl_error *err)
{
    if (h->n != DEU_COLS)
        return pl_error_at(err, PL_EINPUT, t->path, h->line, 1, "found %zu header columns, expected %d", h->n,
                           DEU_COLS);
    for (int a = 0; a < DEU_ACTORS; a++) {
        char want[8];
        snprintf(want, sizeof want, "p%s", pl_deu_actor_codes[a]);
        if (strcmp(h->field[DEU_POS + a], want) != 0)
            return pl_error_at(err, PL_EINPUT, t->path, h->line, h->col[DEU_POS + a],
                               "found column '%.20s', expected '%s'", h->field[DEU_POS + a], want);
        want[0] = 's';
        if (strcmp(h->field[DEU_SAL + a], want) != 0)
            return pl_error_at(err, PL_EINPUT, t->path, h->line, h->col[DEU_SAL + a],
                               "found column '%.20s', expected '%s'", h->field[DEU_SAL + a], want);
    }
    if (strcmp(h->field[DEU_RP], "rp") || strcmp(h->field[DEU_OUT], "out"))
        return pl_error_at(err, PL_EINPUT, t->path, h->line, h->col[DEU_RP],
                           "found columns '%.20s' and '%.20s', expected 'rp' and 'out'", h->field[DEU_RP],
                           h->field[DEU_OUT]);
    return PL_OK;
}

static pl_status check_width(const pl_text *t, const pl_record *r, pl_error *err)
{
    if (r->n == DEU_COLS) return PL_OK;
    return pl_error_at(err, PL_EINPUT, t->path, r->line, r->n > DEU_COLS ? r->col[DEU_COLS] : 1,
                       "found %zu columns, expected %d as in the header", r->n, DEU_COLS);
}

/* A 0–100 cell; *has = 0 for an empty one. */
static pl_status read_scaled(const pl_text *t, const pl_record *r, size_t k, const char *what, double *v, int *has,
                             pl_error *err)
{
    *has = r->field[k][0] != '\0';
    if (!*has) return PL_OK;
    pl_status st = pl_record_number(r, k, t->path, what, v, err);
    if (st) return st;
    if (*v < 0 || *v > 100)
        return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[k], "found %g, expected %s in [0, 100]", *v, what);
    return PL_OK;
}

static pl_status read_gdp(const pl_text *t, const pl_record *r, double *gdp, pl_error *err)
{
    pl_status st = check_width(t, r, err);
    for (int a = 0; !st && a < DEU_ACTORS; a++) {
        st = pl_record_number(r, (size_t)(DEU_POS + a), t->path, "a GDP value (row 2)", &gdp[a], err);
        if (!st && gdp[a] < 0)
            st = pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[DEU_POS + a], "found GDP %g, expected a value >= 0",
                             gdp[a]);
    }
    return st;
}

/* The issue's proposal (its group: proposals are numbered in order of first appearance; names[d] keeps
** the id) and its procedure flags. Unknown procedure codes count as not set: they only inform
** procedural forecasts, never the reading of positions. */
static pl_status read_proposal(const pl_record *r, pl_stakeholders *s, size_t d, char **names,
                               pl_name_index *groups, pl_error *err)
{
    if (!(names[d] = pl_strdup(r->field[DEU_PRNR]))) return pl_error_set(err, PL_ENOMEM, "out of memory");
    long seen;
    pl_status st = pl_name_index_add(groups, names[d], groups->n, &seen, err);
    if (st) return st;
    s->dim_group[d] = seen >= 0 ? (size_t)seen : groups->n - 1;
    s->dim_procedure[d] = (unsigned char)((strcmp(r->field[DEU_PROC], "COD") == 0 ? PL_PROCEDURE_COD : 0) |
                                          (strcmp(r->field[DEU_VOTE], "QMV") == 0 ? PL_PROCEDURE_QMV : 0));
    return PL_OK;
}

static pl_status read_issue(const pl_text *t, const pl_record *r, pl_stakeholders *s, size_t d, const double *gdp,
                            pl_name_index *issues, pl_error *err)
{
    pl_status st = check_width(t, r, err);
    if (st) return st;
    if (!r->field[DEU_ISNR][0])
        return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[DEU_ISNR], "found an empty issue id, expected one");
    char *name = pl_strdup(r->field[DEU_ISNR]);
    if (!name) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_free(s->dim[d]);
    s->dim[d] = name;
    long dup;
    if ((st = pl_name_index_add(issues, name, d, &dup, err))) return st;
    if (dup >= 0) /* a repeated issue row would count twice in a score */
        return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[DEU_ISNR],
                           "found issue '%.60s' a second time, expected unique issue ids", r->field[DEU_ISNR]);
    size_t participants = 0;
    for (int a = 0; a < DEU_ACTORS; a++) {
        size_t at = pl_idx(s, (size_t)a, d);
        double x = 0, sal = 0;
        int hx, hs;
        if ((st = read_scaled(t, r, (size_t)(DEU_POS + a), "a position", &x, &hx, err)) ||
            (st = read_scaled(t, r, (size_t)(DEU_SAL + a), "a salience", &sal, &hs, err)))
            return st;
        s->present[at] = (unsigned char)hx;
        s->position[at] = hx ? x : 0;
        s->salience[at] = hs ? sal / 100.0 : 0;
        s->capability[at] = gdp[a];
        participants += (size_t)hx;
    }
    if (participants == 0)
        return pl_error_at(err, PL_EINPUT, t->path, r->line, r->col[DEU_POS], "found an issue with no positions, expected at least one");
    int has;
    if ((st = read_scaled(t, r, DEU_RP, "a reference point", &s->reference[d], &has, err))) return st;
    s->has_reference[d] = (unsigned char)has;
    if ((st = read_scaled(t, r, DEU_OUT, "an outcome", &s->outcome[d], &has, err))) return st;
    s->has_outcome[d] = (unsigned char)has;
    return PL_OK;
}

static pl_status count_issues(const pl_text *t, size_t *n, pl_error *err)
{
    pl_delim d;
    pl_record r = {0};
    pl_delim_init(&d, t, '\t', '"');
    d.trim = 0;
    pl_status st;
    *n = 0;
    while (!(st = pl_delim_next(&d, &r, err)) && r.n > 0) (*n)++;
    pl_record_free(&r);
    *n = *n >= 2 ? *n - 2 : 0;
    return st;
}

pl_status pl_parse_deu(const pl_text *t, pl_stakeholders **out, pl_error *err)
{
    *out = NULL;
    size_t n_issues;
    pl_status st = count_issues(t, &n_issues, err);
    if (st) return st;
    if (n_issues == 0) return pl_error_at(err, PL_EINPUT, t->path, 1, 1, "found no issue rows, expected a header, a GDP row and issues");
    pl_stakeholders *s = pl_stakeholders_alloc(DEU_ACTORS, n_issues);
    pl_record r = {0};
    double gdp[DEU_ACTORS];
    char **proposal = pl_calloc(n_issues, sizeof *proposal);
    pl_name_index issues, groups;
    pl_name_index_init(&issues);
    pl_name_index_init(&groups);
    if (!s || !proposal) {
        pl_free(proposal);
        pl_stakeholders_free(s);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    if ((st = pl_stakeholders_alloc_outcomes(s, err))) goto done;
    for (int a = 0; a < DEU_ACTORS; a++) {
        pl_free(s->actor[a]);
        if (!(s->actor[a] = pl_strdup(pl_deu_actor_codes[a]))) {
            st = pl_error_set(err, PL_ENOMEM, "out of memory");
            goto done;
        }
    }
    pl_delim d;
    pl_delim_init(&d, t, '\t', '"');
    d.trim = 0;
    if ((st = pl_delim_next(&d, &r, err)) || (st = check_header(t, &r, err))) goto done;
    if ((st = pl_delim_next(&d, &r, err)) || (st = read_gdp(t, &r, gdp, err))) goto done;
    for (size_t k = 0; k < n_issues; k++)
        if ((st = pl_delim_next(&d, &r, err)) || (st = read_issue(t, &r, s, k, gdp, &issues, err)) ||
            (st = read_proposal(&r, s, k, proposal, &groups, err)))
            goto done;
    pl_free(s->source);
    if (!(s->source = pl_strdup(t->path))) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    s->salience_scale = PL_SALIENCE_PERCENT;
done:
    for (size_t k = 0; k < n_issues; k++) pl_free(proposal[k]);
    pl_free(proposal);
    pl_name_index_free(&issues);
    pl_name_index_free(&groups);
    pl_record_free(&r);
    if (st) pl_stakeholders_free(s);
    else *out = s;
    return st;
}
