/*
** report_page.h — the report of one job of a results store as one self-contained HTML page: the
** data shaped by parley/report_data.h, its charts as Vega specs with Vega inlined (parley/vega.h).
** Layer: ensembles. Public API. What the page shows: docs/report.md.
*/
#ifndef PARLEY_REPORT_PAGE_H
#define PARLEY_REPORT_PAGE_H

#include <stdio.h>

#include "parley/error.h"
#include "parley/report_data.h"
#include "parley/store.h"

/* Writes the whole page. outcomes: comma-separated outcomes the first chart follows (NULL: those
** of the flagship question when the job has them, else the first yes/no outcome that varies);
** vega_dir: where Debian's libjs-vega put Vega. */
pl_status pl_report_write_html(FILE *fp, pl_store *st, const pl_report_data *d, const char *outcomes, const char *vega_dir,
                               pl_error *err);

#endif
