/*
** result_int.h — the result writer's private types, shared by result.c and result_sqlite.c (the
** SQLite part is its own file so that builds without SQLite, the WebAssembly explorer, leave it out).
** Layer: formats.
*/
#ifndef PARLEY_RESULT_INT_H
#define PARLEY_RESULT_INT_H

#include "parley/result.h"

typedef struct pl_result_cell {
    double x;   /* the number (NaN: missing) */
    char *text; /* the text of a text cell (NULL: missing) */
} pl_result_cell;

typedef struct pl_result_column {
    char *name, *label;
    pl_column_type type;
} pl_result_column;

struct pl_result_table {
    char *name, *title;
    size_t n_cols, cap_cols;
    pl_result_column *col;
    size_t n_rows, cap_rows;
    pl_result_cell *cells; /* [n_rows × n_cols] */
};

typedef struct pl_result_meta {
    char *key, *text; /* text NULL: a number */
    double x;
    int is_int;
} pl_result_meta;

struct pl_result_doc {
    size_t n_meta, cap_meta;
    pl_result_meta *meta;
    size_t n_tables, cap_tables;
    pl_result_table **table;
};

#endif
