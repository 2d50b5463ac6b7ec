/*
** memory.h — the allocation functions every parley module uses, and a per-run arena.
** Layer: core. Public API.
**
** All library memory goes through pl_malloc/pl_calloc/pl_realloc/pl_free so that tests can make
** the Nth allocation fail (pl_memory_fail_after) and check that every error path frees what it
** built. An arena hands out memory for one run and releases it in one call, so inner loops
** allocate nothing.
*/
#ifndef PARLEY_MEMORY_H
#define PARLEY_MEMORY_H

#include <stddef.h>

void *pl_malloc(size_t size);
void *pl_calloc(size_t count, size_t size);
void *pl_realloc(void *ptr, size_t size);
void pl_free(void *ptr);

/* A copy of s made with pl_malloc (NULL if s is NULL or memory runs out). */
char *pl_strdup(const char *s);
/* A copy of the first n bytes of s, NUL-terminated. */
char *pl_strndup(const char *s, size_t n);

/* Test hook: the allocation after the next n succeed fails (n = 0: the next one). A negative n
** turns injection off. The counter is per thread. Returns the previous setting. */
long pl_memory_fail_after(long n);

/* Makes *array (of elements of size elem, capacity *cap) hold at least need elements, growing
** geometrically. Returns 0, or -1 on no memory (the array is left as it was). */
int pl_grow(void **array, size_t *cap, size_t need, size_t elem);

typedef struct pl_arena pl_arena;

/* A new arena whose blocks hold at least block_size bytes (0: a default). NULL on no memory. */
pl_arena *pl_arena_create(size_t block_size);
/* Memory for size bytes aligned for any type, zeroed; lives until reset or free. NULL on no memory. */
void *pl_arena_alloc(pl_arena *arena, size_t size);
/* Forgets every allocation but keeps the first block for reuse. */
void pl_arena_reset(pl_arena *arena);
/* Releases the arena and everything allocated from it. arena may be NULL. */
void pl_arena_free(pl_arena *arena);

#endif
