/*
** events.h — a file of dated observed events of a war's end game ("the attacker refused terms T
** with guarantee G on date D", "no deal by date D"), each with its source, for `parley evidence`.
** Layer: formats. Public API. Format: docs/models/settle.md §12.
**
**     events:
**       - id: putin-bishkek
**         observed: attacker_refused     # attacker_accepted|attacker_refused|defender_accepted|
**                                        # defender_refused|no_deal|deal
**         date: 2025-11-27               # when it happened
**         by: 2025-11-27                 # no_deal and deal: the date by which (default: date)
**         terms: proposal                # proposal|negotiated (default: the scenario's)
**         guarantee: 3.6                 # the ladder rung on offer (default: the scenario's)
**         what: "Putin: if Ukrainian troops do not leave, 'we will achieve it by military means'"
**         source: "Straits Times (AFP), 27 Nov 2025, https://..."
**         published: 2025-11-27
*/
#ifndef PARLEY_EVENTS_H
#define PARLEY_EVENTS_H

#include <stddef.h>

#include "parley/error.h"

typedef enum pl_event_kind {
    PL_EVENT_ATTACKER_ACCEPTED,
    PL_EVENT_ATTACKER_REFUSED,
    PL_EVENT_DEFENDER_ACCEPTED,
    PL_EVENT_DEFENDER_REFUSED,
    PL_EVENT_NO_DEAL,
    PL_EVENT_DEAL
} pl_event_kind;

typedef struct pl_event {
    char *id, *what, *source;
    pl_event_kind kind;
    long date, by, published; /* day numbers (pl_date_days) */
    int terms;                /* -1 the scenario's, 0 negotiated, 1 proposal */
    double guarantee;         /* ladder rung 0-5, or -1: the scenario's guarantee */
    int line, col;
} pl_event;

typedef struct pl_event_set {
    char *path;
    pl_event *ev;
    size_t n;
} pl_event_set;

/* Reads an events file. With has_as_of, refuses (located, PL_EINPUT) an event dated or published
** after as_of; every event needs id, observed, date and source with published. An empty list
** is allowed (the posterior is then the prior). */
pl_status pl_events_read(const char *path, int has_as_of, long as_of, pl_event_set **out, pl_error *err);
void pl_event_set_free(pl_event_set *s);

/* The keyword of a kind ("attacker_refused"). */
const char *pl_event_kind_name(pl_event_kind k);

#endif
