/*
** yaml_tree.h — a YAML document as a small tree of located nodes (mappings, sequences,
** scalars with their line and column), built with libyaml's event parser.
** Layer: formats. Internal to the scenario reader.
**
** Aliases are refused (they would let a small file expand into a huge tree) and so are
** non-scalar mapping keys, several documents, and nesting deeper than YT_MAX_DEPTH.
*/
#ifndef PARLEY_YAML_TREE_H
#define PARLEY_YAML_TREE_H

#include <stddef.h>

#include "parley/error.h"
#include "parley/memory.h"

enum { YT_MAX_DEPTH = 48 };

typedef enum pl_yaml_kind { YT_SCALAR, YT_MAP, YT_SEQ } pl_yaml_kind;

typedef struct pl_yaml_node {
    pl_yaml_kind kind;
    int plain;             /* scalar written without quotes (so it may be a number or null) */
    int line, col;         /* 1-based */
    const char *file;      /* the file it was read from (pl_yaml_parse's path: it must outlive the tree) */
    const char *text;      /* scalar text */
    struct pl_yaml_node **item; /* sequence items, or mapping keys and values alternating */
    size_t n;              /* number of items (a mapping holds n/2 pairs) */
    size_t cap;
} pl_yaml_node;

/* Parses text (size bytes) named path into a tree allocated from arena. *root is NULL for an
** empty document. Every node keeps the pointer path (not a copy), so errors found later can
** name the file a node came from when one scenario reads several files. */
pl_status pl_yaml_parse(const char *path, const char *text, size_t size, pl_arena *arena, pl_yaml_node **root, pl_error *err);

/* Appends item to the sequence or mapping n (a mapping takes a key, then its value), growing
** n's items in arena. -1 on no memory. */
int pl_yaml_append(pl_arena *arena, pl_yaml_node *n, pl_yaml_node *item);

/* The value of key in mapping m, or NULL. */
const pl_yaml_node *pl_yaml_get(const pl_yaml_node *m, const char *key);

/* A short description of what a node is, for "found ..." messages. */
void pl_yaml_describe(const pl_yaml_node *n, char *buf, size_t size);

/* 1 if n is a plain null scalar ("", "~", "null"). */
int pl_yaml_is_null(const pl_yaml_node *n);

/* 1 and *out if n is a plain scalar holding a finite decimal number. */
int pl_yaml_number(const pl_yaml_node *n, double *out);

/* 1 and *out (0/1) if n is a plain true/false. */
int pl_yaml_bool(const pl_yaml_node *n, int *out);

#endif
