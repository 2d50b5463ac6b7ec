/*
** outcome.c — the typed outcome descriptor: kind names, and "did not happen" read from the
** descriptor's declared representation (never from its help text).
** Layer: formats.
*/
#include "parley/outcome.h"

#include "formats/scenario_int.h"

#include <math.h>
#include <string.h>

static const char *const kind_names[] = {"real", "yes-no", "time-to-event", "count"};

const char *pl_outcome_kind_name(pl_outcome_kind kind)
{
    return (unsigned)kind < sizeof kind_names / sizeof *kind_names ? kind_names[kind] : "real";
}

int pl_outcome_kind_parse(const char *name)
{
    for (size_t k = 0; k < sizeof kind_names / sizeof *kind_names; k++)
        if (strcmp(name, kind_names[k]) == 0) return (int)k;
    if (strcmp(name, "binary") == 0) return PL_OUTCOME_BINARY; /* the store's older word */
    return -1;
}

int pl_outcome_is_none(const pl_outcome_desc *d, double raw)
{
    if (isnan(raw)) return 1;
    switch (d->none) {
    case PL_NONE_MINUS_ONE: return raw == -1;
    case PL_NONE_ZERO: return raw == 0;
    default: return 0;
    }
}

double pl_outcome_value(const pl_outcome_desc *d, double raw) { return pl_outcome_is_none(d, raw) ? (double)NAN : raw; }

const char *pl_outcome_label(const pl_outcome_desc *d) { return d->label ? d->label : d->help; }

const pl_outcome_desc *pl_outcome_find(const pl_outcome_desc *d, size_t n, const char *key)
{
    for (size_t k = 0; k < n; k++)
        if (strcmp(d[k].key, key) == 0) return &d[k];
    return NULL;
}

const char *pl_suggest_name(const char *word, const char *const *candidates, size_t n)
{
    return pl_scenario_suggest(word, candidates, n);
}
