/*
** result.h — the one result writer: a result is a document of named tables (typed columns, rows)
** with a few metadata fields, written as a table for people, CSV (one table per file), JSON or
** SQLite (one database table per result table). Numbers are written in the shortest form that reads
** back to the same double; a missing value is an empty CSV field, JSON null, SQL NULL or "none".
** Layer: formats. Public API. Schemas of each command's tables: docs/formats.md.
**
** Forms: a table is "wide" (one row per unit, e.g. a grid point, one column per quantity) as its
** columns are declared; pl_result_table_long makes the "long" (tidy) form of it: the first n_id
** columns kept, then one row per remaining column with its name in `variable` and value in `value`.
*/
#ifndef PARLEY_RESULT_H
#define PARLEY_RESULT_H

#include <stddef.h>
#include <stdio.h>

#include "parley/error.h"

typedef enum pl_result_format {
    PL_RESULT_TABLE = 0, /* aligned text for people */
    PL_RESULT_CSV,       /* RFC 4180, one table */
    PL_RESULT_JSON,      /* {"meta": {...}, "<table>": [ {column: value, ...}, ... ], ...} */
    PL_RESULT_SQLITE     /* one SQL table per result table (replaced), plus "result_meta" */
} pl_result_format;

typedef enum pl_column_type {
    PL_COL_TEXT = 0,
    PL_COL_INT,      /* a whole number (counts, indices) */
    PL_COL_REAL,     /* a number */
    PL_COL_SHARE     /* a probability or share in [0, 1]: a number everywhere, a percentage in a table */
} pl_column_type;

typedef struct pl_result_table pl_result_table;
typedef struct pl_result_doc pl_result_doc;

/* ---- Numbers -------------------------------------------------------------------------------- */

/* Writes v into buf (size ≥ 32 holds every double) in the shortest "%.Ng" form (N = 1..17) that
** strtod reads back to exactly v: 0.17, not 0.17000000000000001. Non-finite: "" (missing). Returns
** the length written. */
size_t pl_format_double(double v, char *buf, size_t size);

/* ---- Tables --------------------------------------------------------------------------------- */

/* A new empty table called name ([A-Za-z_][A-Za-z0-9_]*: it names a CSV file's suffix, a JSON key
** and an SQL table) with an optional title for people (may be NULL). NULL on no memory or a bad
** name. */
pl_result_table *pl_result_table_create(const char *name, const char *title);
void pl_result_table_free(pl_result_table *t);

/* Adds a column (before any row). label (may be NULL: the name) heads the column in a table for
** people. PL_EINVAL for a repeated name or a column after rows. */
pl_status pl_result_table_add_column(pl_result_table *t, const char *name, pl_column_type type, const char *label,
                                     pl_error *err);

/* Starts a new row, every cell missing; the setters below fill the last row. */
pl_status pl_result_table_add_row(pl_result_table *t, pl_error *err);

/* Sets column col of the last row (col out of range or no row: ignored). A non-finite real is
** missing. pl_result_set_text copies v (NULL: missing); PL_ENOMEM when it cannot. */
void pl_result_set_real(pl_result_table *t, size_t col, double v);
void pl_result_set_int(pl_result_table *t, size_t col, long long v);
pl_status pl_result_set_text(pl_result_table *t, size_t col, const char *v, pl_error *err);

/* Index of the column called name, or -1. */
long pl_result_table_find_column(const pl_result_table *t, const char *name);

/* Accessors. */
const char *pl_result_table_name(const pl_result_table *t);
size_t pl_result_table_n_rows(const pl_result_table *t);
size_t pl_result_table_n_columns(const pl_result_table *t);
const char *pl_result_table_column_name(const pl_result_table *t, size_t col);
/* The cell as a number (NaN when missing or text) / as text (NULL when missing or a number). */
double pl_result_table_real(const pl_result_table *t, size_t row, size_t col);
const char *pl_result_table_text(const pl_result_table *t, size_t row, size_t col);

/* The long form of t (see above): columns 0..n_id−1 of t, then `variable` (text) and `value`
** (real; text cells become missing). Its name is t's with "_long" appended. */
pl_status pl_result_table_long(const pl_result_table *t, size_t n_id, pl_result_table **out, pl_error *err);

/* Writes one table: PL_RESULT_TABLE (title, header of labels, aligned rows), PL_RESULT_CSV (header of
** names, then rows), PL_RESULT_JSON (an array of row objects). PL_EIO when the stream fails. */
pl_status pl_result_table_write(const pl_result_table *t, pl_result_format fmt, FILE *fp, pl_error *err);

/* ---- Documents: metadata and several tables ------------------------------------------------ */

pl_result_doc *pl_result_doc_create(void);
void pl_result_doc_free(pl_result_doc *d);

/* Metadata, written first (JSON "meta" object; a table's heading lines; the "result_meta" SQL
** table). Keys are copied; a repeated key replaces the earlier value. */
pl_status pl_result_doc_meta_text(pl_result_doc *d, const char *key, const char *value, pl_error *err);
pl_status pl_result_doc_meta_real(pl_result_doc *d, const char *key, double value, pl_error *err);
pl_status pl_result_doc_meta_int(pl_result_doc *d, const char *key, long long value, pl_error *err);

/* Adds t (the document owns it from here, also on failure). PL_EINVAL for a repeated table name. */
pl_status pl_result_doc_add_table(pl_result_doc *d, pl_result_table *t, pl_error *err);

size_t pl_result_doc_n_tables(const pl_result_doc *d);
pl_result_table *pl_result_doc_table(const pl_result_doc *d, size_t k);
/* The table called name, or NULL. */
pl_result_table *pl_result_doc_find(const pl_result_doc *d, const char *name);

/* Writes the document to fp. PL_RESULT_TABLE and PL_RESULT_JSON write every table; PL_RESULT_CSV
** writes one: the one called table, or the first when table is NULL (PL_EINVAL naming the tables
** when there is no such table). PL_RESULT_SQLITE is refused here (pl_result_doc_write_sqlite). */
pl_status pl_result_doc_write(const pl_result_doc *d, pl_result_format fmt, const char *table, FILE *fp, pl_error *err);

/* Writes every table into the SQLite database at path (created when missing): each result table
** replaces an SQL table of its name, with the metadata in result_meta(key, value). One transaction. */
pl_status pl_result_doc_write_sqlite(const pl_result_doc *d, const char *path, pl_error *err);

/* The file a table other than the first goes to when the first goes to path: "out.csv" and table
** "sensitivity" give "out.sensitivity.csv" ("out" gives "out.sensitivity.csv"). */
void pl_result_csv_path(const char *path, const char *table, char *buf, size_t size);

/* Writes doc as CSV, one table a file, each atomically: table (NULL: the first) to path ("-":
** standard output); with no table named and a path other than "-", every other table to its own
** file beside it (pl_result_csv_path). */
pl_status pl_result_doc_write_csv_files(const pl_result_doc *d, const char *table, const char *path, pl_error *err);

#endif
