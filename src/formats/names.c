/*
** names.c — an open-addressing hash index of borrowed names (FNV-1a, linear probing, at most half
** full), so duplicate checks in readers cost O(1) per name instead of a scan of all earlier ones.
** Layer: formats.
*/
#include "parley/names.h"

#include <stdint.h>
#include <string.h>

#include "parley/memory.h"

static uint64_t hash_of(const char *s)
{
    uint64_t h = 14695981039346656037u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

void pl_name_index_init(pl_name_index *ix) { memset(ix, 0, sizeof *ix); }

void pl_name_index_free(pl_name_index *ix)
{
    pl_free(ix->key);
    pl_free(ix->value);
    memset(ix, 0, sizeof *ix);
}

/* The slot holding name, or the empty slot where it would go. cap is a power of two. */
static size_t slot_of(const char *const *key, size_t cap, const char *name)
{
    size_t k = (size_t)hash_of(name) & (cap - 1);
    while (key[k] && strcmp(key[k], name) != 0) k = (k + 1) & (cap - 1);
    return k;
}

static int grow(pl_name_index *ix)
{
    size_t cap = ix->cap ? 2 * ix->cap : 64;
    const char **key = pl_calloc(cap, sizeof *key);
    size_t *value = pl_malloc(cap * sizeof *value);
    if (!key || !value) {
        pl_free(key);
        pl_free(value);
        return -1;
    }
    for (size_t k = 0; k < ix->cap; k++) {
        if (!ix->key[k]) continue;
        size_t at = slot_of(key, cap, ix->key[k]);
        key[at] = ix->key[k];
        value[at] = ix->value[k];
    }
    pl_free(ix->key);
    pl_free(ix->value);
    ix->key = key;
    ix->value = value;
    ix->cap = cap;
    return 0;
}

pl_status pl_name_index_add(pl_name_index *ix, const char *name, size_t value, long *found, pl_error *err)
{
    long had = pl_name_index_find(ix, name);
    *found = had;
    if (had >= 0) return PL_OK;
    if (2 * (ix->n + 1) > ix->cap && grow(ix)) return pl_error_set(err, PL_ENOMEM, "out of memory");
    size_t at = slot_of(ix->key, ix->cap, name);
    ix->key[at] = name;
    ix->value[at] = value;
    ix->n++;
    return PL_OK;
}

long pl_name_index_find(const pl_name_index *ix, const char *name)
{
    if (ix->cap == 0) return -1;
    size_t at = slot_of(ix->key, ix->cap, name);
    return ix->key[at] ? (long)ix->value[at] : -1;
}

int pl_names_first_repeat(const char *const *names, size_t n, size_t *first, size_t *second)
{
    pl_name_index ix;
    pl_name_index_init(&ix);
    int result = 0;
    for (size_t j = 0; j < n && result == 0; j++) {
        long i;
        if (pl_name_index_add(&ix, names[j], j, &i, NULL)) result = -1;
        else if (i >= 0) {
            *first = (size_t)i;
            *second = j;
            result = 1;
        }
    }
    pl_name_index_free(&ix);
    return result;
}
