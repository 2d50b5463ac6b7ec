/*
** memory.c — allocation wrappers with failure injection, and the run arena.
** Layer: core.
*/
#include "parley/memory.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Per-thread countdown to an injected failure; -1 means never. Tests only set it. */
static _Thread_local long fail_countdown = -1;

static int should_fail(void)
{
    if (fail_countdown < 0) return 0;
    if (fail_countdown == 0) {
        fail_countdown = -1;
        return 1;
    }
    fail_countdown--;
    return 0;
}

long pl_memory_fail_after(long n)
{
    long old = fail_countdown;
    fail_countdown = n < 0 ? -1 : n;
    return old;
}

void *pl_malloc(size_t size)
{
    if (should_fail()) return NULL;
    return malloc(size ? size : 1);
}

void *pl_calloc(size_t count, size_t size)
{
    if (should_fail()) return NULL;
    if (count == 0 || size == 0) return calloc(1, 1);
    return calloc(count, size);
}

void *pl_realloc(void *ptr, size_t size)
{
    if (should_fail()) return NULL;
    return realloc(ptr, size ? size : 1);
}

void pl_free(void *ptr) { free(ptr); }

char *pl_strndup(const char *s, size_t n)
{
    if (!s) return NULL;
    char *copy = pl_malloc(n + 1);
    if (!copy) return NULL;
    memcpy(copy, s, n);
    copy[n] = '\0';
    return copy;
}

char *pl_strdup(const char *s) { return s ? pl_strndup(s, strlen(s)) : NULL; }

int pl_grow(void **array, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap) return 0;
    size_t n = *cap ? *cap : 8;
    while (n < need) n *= 2;
    void *p = pl_realloc(*array, n * elem);
    if (!p) return -1;
    *array = p;
    *cap = n;
    return 0;
}

/* {====================================================================== Arena */

typedef struct arena_block {
    struct arena_block *next;
    size_t size, used;
    alignas(max_align_t) unsigned char data[];
} arena_block;

struct pl_arena {
    arena_block *head;
    size_t block_size;
};

enum { ARENA_DEFAULT_BLOCK = 64 * 1024 };

static arena_block *block_new(size_t size)
{
    arena_block *b = pl_malloc(sizeof *b + size);
    if (!b) return NULL;
    b->next = NULL;
    b->size = size;
    b->used = 0;
    return b;
}

pl_arena *pl_arena_create(size_t block_size)
{
    pl_arena *a = pl_malloc(sizeof *a);
    if (!a) return NULL;
    a->block_size = block_size ? block_size : ARENA_DEFAULT_BLOCK;
    a->head = block_new(a->block_size);
    if (!a->head) {
        pl_free(a);
        return NULL;
    }
    return a;
}

void *pl_arena_alloc(pl_arena *a, size_t size)
{
    const size_t align = alignof(max_align_t);
    size = (size + align - 1) / align * align;
    if (size == 0) size = align;
    arena_block *b = a->head;
    if (b->size - b->used < size) {
        size_t want = size > a->block_size ? size : a->block_size;
        arena_block *nb = block_new(want);
        if (!nb) return NULL;
        nb->next = a->head;
        a->head = b = nb;
    }
    void *p = b->data + b->used;
    b->used += size;
    memset(p, 0, size);
    return p;
}

void pl_arena_reset(pl_arena *a)
{
    arena_block *b = a->head;
    while (b->next) {
        arena_block *next = b->next;
        pl_free(b);
        b = next;
    }
    b->used = 0;
    a->head = b;
}

void pl_arena_free(pl_arena *a)
{
    if (!a) return;
    arena_block *b = a->head;
    while (b) {
        arena_block *next = b->next;
        pl_free(b);
        b = next;
    }
    pl_free(a);
}
