/*
** result_sqlite.c — a result document written into an SQLite database: one SQL table per result
** table, replaced, and the metadata in result_meta.
** Layer: formats.
*/
#include <math.h>

#include <sqlite3.h>

#include "formats/result_int.h"

/* ---- SQLite ------------------------------------------------------------------------------- */

static pl_status sql_error(sqlite3 *db, const char *path, pl_error *err)
{
    return pl_error_set(err, PL_EIO, "%s: %s", path, db ? sqlite3_errmsg(db) : "cannot open the database");
}

static pl_status sql_exec(sqlite3 *db, const char *sql, const char *path, pl_error *err)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK ? PL_OK : sql_error(db, path, err);
}

static pl_status sql_table(sqlite3 *db, const pl_result_table *t, const char *path, pl_error *err)
{
    char *drop = sqlite3_mprintf("DROP TABLE IF EXISTS \"%w\"", t->name);
    char *create = sqlite3_mprintf("CREATE TABLE \"%w\" (", t->name);
    char *insert = sqlite3_mprintf("INSERT INTO \"%w\" VALUES (", t->name);
    for (size_t c = 0; create && insert && c < t->n_cols; c++) {
        const char *type = t->col[c].type == PL_COL_TEXT ? "TEXT" : t->col[c].type == PL_COL_INT ? "INTEGER" : "REAL";
        char *a = sqlite3_mprintf("%s%s\"%w\" %s", create, c ? ", " : "", t->col[c].name, type);
        char *b = sqlite3_mprintf("%s%s?", insert, c ? ", " : "");
        sqlite3_free(create);
        sqlite3_free(insert);
        create = a, insert = b;
    }
    char *c2 = create ? sqlite3_mprintf("%s)", create) : NULL, *i2 = insert ? sqlite3_mprintf("%s)", insert) : NULL;
    sqlite3_free(create);
    sqlite3_free(insert);
    pl_status st = drop && c2 && i2 ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    if (!st) st = sql_exec(db, drop, path, err);
    if (!st) st = sql_exec(db, c2, path, err);
    sqlite3_stmt *ins = NULL;
    if (!st && sqlite3_prepare_v2(db, i2, -1, &ins, NULL) != SQLITE_OK) st = sql_error(db, path, err);
    for (size_t r = 0; !st && r < t->n_rows; r++) {
        sqlite3_reset(ins);
        for (size_t c = 0; c < t->n_cols; c++) {
            const pl_result_cell *x = &t->cells[r * t->n_cols + c];
            if (t->col[c].type == PL_COL_TEXT) x->text ? sqlite3_bind_text(ins, (int)c + 1, x->text, -1, SQLITE_TRANSIENT)
                                                       : sqlite3_bind_null(ins, (int)c + 1);
            else if (!isfinite(x->x)) sqlite3_bind_null(ins, (int)c + 1);
            else if (t->col[c].type == PL_COL_INT) sqlite3_bind_int64(ins, (int)c + 1, (sqlite3_int64)x->x);
            else sqlite3_bind_double(ins, (int)c + 1, x->x);
        }
        if (sqlite3_step(ins) != SQLITE_DONE) st = sql_error(db, path, err);
    }
    sqlite3_finalize(ins);
    sqlite3_free(drop);
    sqlite3_free(c2);
    sqlite3_free(i2);
    return st;
}

static pl_status sql_meta(sqlite3 *db, const pl_result_doc *d, const char *path, pl_error *err)
{
    pl_status st = sql_exec(db, "DROP TABLE IF EXISTS result_meta; CREATE TABLE result_meta (key TEXT PRIMARY KEY, value)",
                            path, err);
    sqlite3_stmt *ins = NULL;
    if (!st && sqlite3_prepare_v2(db, "INSERT INTO result_meta VALUES (?, ?)", -1, &ins, NULL) != SQLITE_OK)
        st = sql_error(db, path, err);
    for (size_t k = 0; !st && k < d->n_meta; k++) {
        const pl_result_meta *m = &d->meta[k];
        sqlite3_reset(ins);
        sqlite3_bind_text(ins, 1, m->key, -1, SQLITE_TRANSIENT);
        if (m->text) sqlite3_bind_text(ins, 2, m->text, -1, SQLITE_TRANSIENT);
        else if (!isfinite(m->x)) sqlite3_bind_null(ins, 2);
        else if (m->is_int) sqlite3_bind_int64(ins, 2, (sqlite3_int64)m->x);
        else sqlite3_bind_double(ins, 2, m->x);
        if (sqlite3_step(ins) != SQLITE_DONE) st = sql_error(db, path, err);
    }
    sqlite3_finalize(ins);
    return st;
}

pl_status pl_result_doc_write_sqlite(const pl_result_doc *d, const char *path, pl_error *err)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        pl_status st = sql_error(db, path, err);
        sqlite3_close(db);
        return st;
    }
    pl_status st = sql_exec(db, "BEGIN IMMEDIATE", path, err);
    if (!st) st = sql_meta(db, d, path, err);
    for (size_t k = 0; !st && k < d->n_tables; k++) st = sql_table(db, d->table[k], path, err);
    if (!st) st = sql_exec(db, "COMMIT", path, err);
    else sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
    return st;
}

