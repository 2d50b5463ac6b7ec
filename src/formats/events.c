/*
** events.c — the reader of observed-events files (events.h): a YAML list of dated events, each
** located so that a bad one is named at its line and column.
** Layer: formats.
*/
#include "parley/events.h"

#include <stdio.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/scenario.h"
#include "parley/text.h"
#include "yaml_tree.h"

static const char *const kind_names[] = {"attacker_accepted", "attacker_refused", "defender_accepted",
                                         "defender_refused",  "no_deal",          "deal"};
enum { N_KINDS = sizeof kind_names / sizeof kind_names[0] };

const char *pl_event_kind_name(pl_event_kind k) { return (size_t)k < N_KINDS ? kind_names[k] : "?"; }

static pl_status fail(const pl_yaml_node *n, pl_error *err, const char *what, const char *expected)
{
    char found[96];
    pl_yaml_describe(n, found, sizeof found);
    return pl_error_at(err, PL_EINPUT, n->file, n->line, n->col, "found %s for %s, expected %s", found, what, expected);
}

static pl_status need(const pl_yaml_node *m, const char *key, const pl_yaml_node **out, pl_error *err)
{
    *out = pl_yaml_get(m, key);
    if (*out && (*out)->kind == YT_SCALAR && !pl_yaml_is_null(*out)) return PL_OK;
    if (*out) return fail(*out, err, key, "a value");
    return pl_error_at(err, PL_EINPUT, m->file, m->line, m->col, "found an event without %s, expected %s: on every event",
                       key, key);
}

static pl_status date_of(const pl_yaml_node *n, const char *what, long *day, pl_error *err)
{
    int y, mo, d;
    if (n->kind != YT_SCALAR || pl_date_parse(n->text, &y, &mo, &d) != 0 || n->text[7] != '-') return fail(n, err, what, "a date YYYY-MM-DD");
    *day = pl_date_days(y, mo, d);
    return PL_OK;
}

static pl_status not_after(const pl_yaml_node *n, const char *what, long day, int has_as_of, long as_of, pl_error *err)
{
    if (!has_as_of || day <= as_of) return PL_OK;
    int y, mo, d;
    pl_date_from_days(as_of, &y, &mo, &d);
    return pl_error_at(err, PL_EINPUT, n->file, n->line, n->col,
                       "found %s %s after the scenario's as_of %04d-%02d-%02d, expected a fact public by then", what, n->text,
                       y, mo, d);
}

static pl_status read_kind(const pl_yaml_node *n, pl_event_kind *k, pl_error *err)
{
    for (size_t i = 0; i < N_KINDS; i++)
        if (strcmp(n->text, kind_names[i]) == 0) {
            *k = (pl_event_kind)i;
            return PL_OK;
        }
    return fail(n, err, "observed", "attacker_accepted, attacker_refused, defender_accepted, defender_refused, no_deal or deal");
}

static pl_status read_options(const pl_yaml_node *m, pl_event *e, pl_error *err)
{
    const pl_yaml_node *t = pl_yaml_get(m, "terms"), *g = pl_yaml_get(m, "guarantee"), *w = pl_yaml_get(m, "what");
    e->terms = -1;
    e->guarantee = -1;
    if (t && t->kind == YT_SCALAR && strcmp(t->text, "proposal") == 0) e->terms = 1;
    else if (t && t->kind == YT_SCALAR && strcmp(t->text, "negotiated") == 0) e->terms = 0;
    else if (t) return fail(t, err, "terms", "proposal or negotiated");
    if (g && (!pl_yaml_number(g, &e->guarantee) || e->guarantee < 0 || e->guarantee > 5))
        return fail(g, err, "guarantee", "a ladder rung from 0 to 5");
    e->what = pl_strdup(w && w->kind == YT_SCALAR ? w->text : "");
    return e->what ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
}

static pl_status read_event(const pl_yaml_node *m, int has_as_of, long as_of, pl_event *e, pl_error *err)
{
    if (m->kind != YT_MAP) return fail(m, err, "an event", "a mapping with id, observed, date, source, published");
    e->line = m->line;
    e->col = m->col;
    const pl_yaml_node *id, *kind, *date, *src, *pub, *by;
    pl_status st = need(m, "id", &id, err);
    if (!st) st = need(m, "observed", &kind, err);
    if (!st) st = need(m, "date", &date, err);
    if (!st) st = need(m, "source", &src, err);
    if (!st) st = need(m, "published", &pub, err);
    if (!st) st = read_kind(kind, &e->kind, err);
    if (!st) st = date_of(date, "date", &e->date, err);
    if (!st) st = date_of(pub, "published", &e->published, err);
    if (!st) st = not_after(date, "date", e->date, has_as_of, as_of, err);
    if (!st) st = not_after(pub, "published", e->published, has_as_of, as_of, err);
    e->by = e->date;
    if (!st && (by = pl_yaml_get(m, "by")) != NULL) st = date_of(by, "by", &e->by, err);
    if (!st && by) st = not_after(by, "by", e->by, has_as_of, as_of, err);
    if (!st) st = read_options(m, e, err);
    if (st) return st;
    e->id = pl_strdup(id->text);
    e->source = pl_strdup(src->text);
    return e->id && e->source ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
}

static pl_status read_list(const pl_yaml_node *root, int has_as_of, long as_of, pl_event_set *s, pl_error *err)
{
    const pl_yaml_node *list = root && root->kind == YT_MAP ? pl_yaml_get(root, "events") : NULL;
    if (!list && root) return pl_error_at(err, PL_EINPUT, root->file, root->line, root->col,
                                          "found no events: key, expected a mapping with events: [...]");
    if (!list) return pl_error_set(err, PL_EINPUT, "%s: found an empty file, expected events: [...]", s->path);
    if (pl_yaml_is_null(list)) return PL_OK;
    if (list->kind != YT_SEQ) return fail(list, err, "events", "a list of events");
    s->ev = pl_calloc(list->n + 1, sizeof *s->ev);
    if (!s->ev) return pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t k = 0; k < list->n; k++, s->n++) {
        pl_status st = read_event(list->item[k], has_as_of, as_of, &s->ev[k], err);
        if (st) {
            s->n++; /* its strings read so far are freed with the set */
            return st;
        }
    }
    return PL_OK;
}

pl_status pl_events_read(const char *path, int has_as_of, long as_of, pl_event_set **out, pl_error *err)
{
    *out = NULL;
    pl_event_set *s = pl_calloc(1, sizeof *s);
    pl_arena *arena = pl_arena_create(0);
    pl_text t = {0};
    pl_status st = s && arena ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) st = (s->path = pl_strdup(path)) ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) st = pl_text_read(&t, path, err);
    pl_yaml_node *root = NULL;
    if (!st) st = pl_yaml_parse(s->path, t.data, t.size, arena, &root, err);
    if (!st) st = read_list(root, has_as_of, as_of, s, err);
    pl_text_free(&t);
    pl_arena_free(arena);
    if (st) {
        pl_event_set_free(s);
        return st;
    }
    *out = s;
    return PL_OK;
}

void pl_event_set_free(pl_event_set *s)
{
    if (!s) return;
    for (size_t k = 0; k < s->n; k++) {
        pl_free(s->ev[k].id);
        pl_free(s->ev[k].what);
        pl_free(s->ev[k].source);
    }
    pl_free(s->ev);
    pl_free(s->path);
    pl_free(s);
}
