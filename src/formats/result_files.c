/*
** result_files.c — a result document as CSV files, one table a file (pandas reads one frame).
** Layer: formats.
*/
#include <string.h>

#include "parley/outfile.h"
#include "parley/result.h"

/* One table of doc as CSV to path (atomically). */
static pl_status csv_table_to(const pl_result_doc *doc, const char *table, const char *path, pl_error *err)
{
    pl_outfile o;
    pl_status st = pl_outfile_open(&o, path, err);
    if (st) return st;
    return pl_outfile_finish(&o, pl_result_doc_write(doc, PL_RESULT_CSV, table, o.fp, err), err);
}

pl_status pl_result_doc_write_csv_files(const pl_result_doc *doc, const char *table, const char *path, pl_error *err)
{
    pl_status st = csv_table_to(doc, table, path, err);
    for (size_t k = 1; !st && !table && strcmp(path, "-") != 0 && k < pl_result_doc_n_tables(doc); k++) {
        char other[1200];
        const char *name = pl_result_table_name(pl_result_doc_table(doc, k));
        pl_result_csv_path(path, name, other, sizeof other);
        st = csv_table_to(doc, name, other, err);
    }
    return st;
}
