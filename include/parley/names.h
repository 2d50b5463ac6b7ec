/*
** names.h — a hash index of names (actors, issues, points) for readers that must refuse a repeated
** name: a linear scan per row made reading n names O(n²) (10^5 actors took 97 s).
** Layer: formats. Public API.
**
** The index borrows its keys: each name must stay alive and unchanged while the index is used.
*/
#ifndef PARLEY_NAMES_H
#define PARLEY_NAMES_H

#include <stddef.h>

#include "parley/error.h"

typedef struct pl_name_index {
    const char **key; /* [cap] borrowed names, NULL for an empty slot */
    size_t *value;    /* [cap] the value stored with each name */
    size_t cap, n;
} pl_name_index;

/* An empty index (no allocation until the first add). */
void pl_name_index_init(pl_name_index *ix);

/* Adds name with value unless it is there already. *found is the value stored earlier for an equal
** name (the index is then unchanged), or -1 when name was added. PL_ENOMEM (err filled) on no
** memory. */
pl_status pl_name_index_add(pl_name_index *ix, const char *name, size_t value, long *found, pl_error *err);

/* The value stored with name, or -1. */
long pl_name_index_find(const pl_name_index *ix, const char *name);

/* Releases the index's tables (not the names). */
void pl_name_index_free(pl_name_index *ix);

/* The first repeated name of names[0..n-1] in order: the smallest j with names[j] equal to an
** earlier names[i]; sets *first = i, *second = j and returns 1, or returns 0 when all differ.
** -1 on no memory. */
int pl_names_first_repeat(const char *const *names, size_t n, size_t *first, size_t *second);

#endif
