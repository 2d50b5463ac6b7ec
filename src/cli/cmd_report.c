/*
** cmd_report.c — `parley report RESULTS`: one self-contained HTML page for a job of a results
** store (docs/report.md).
** Layer: interfaces.
*/
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "parley/outfile.h"
#include "parley/report_page.h"

static const pl_option_desc report_options[] = {
    {"out", PL_OPT_STRING, "", 0, 0, NULL, "the HTML file to write (atomically); default: RESULTS with .html"},
    {"job", PL_OPT_INT, "0", 0, 9.2e18, NULL, "the job to report; 0: the latest ensemble (run or sensitivity)"},
    {"outcome", PL_OPT_STRING, "", 0, 0, NULL, "the outcomes the answer follows, comma-separated; default: acceptance by each side and renewal within 5 and 10 years when the job has them, else the first yes/no outcome that varies"},
    {"vega-dir", PL_OPT_STRING, "/usr/share/javascript/vega", 0, 0, NULL,
     "where Debian's libjs-vega put Vega (inlined into the page)"},
    {"help", PL_OPT_FLAG, "0", 0, 0, NULL, "show this help"},
};

/* RESULTS.db → RESULTS.html (".html" appended when there is no extension). */
static void default_out(const char *store, char *buf, size_t size)
{
    const char *slash = strrchr(store, '/'), *dot = strrchr(store, '.');
    size_t stem = dot && (!slash || dot > slash) ? (size_t)(dot - store) : strlen(store);
    snprintf(buf, size, "%.*s.html", (int)stem, store);
}

static pl_status write_report(const char *store_path, const pl_optset *o, pl_error *err)
{
    pl_store *st;
    pl_status s = pl_store_open_readonly(store_path, &st, err);
    if (s) return s;
    pl_report_data d;
    s = pl_report_load(st, (int64_t)pl_optset_int(o, "job"), &d, err);
    char out[4096];
    if (pl_optset_given(o, "out")) snprintf(out, sizeof out, "%s", pl_optset_text(o, "out"));
    else default_out(store_path, out, sizeof out);
    const char *outputs[] = {out};
    if (!s) s = cli_check_outputs(outputs, 1, store_path, err); /* RESULTS.html's default is itself */
    pl_outfile f;
    if (!s) s = pl_outfile_open(&f, out, err);
    if (!s) {
        const char *headline = *pl_optset_text(o, "outcome") ? pl_optset_text(o, "outcome") : NULL;
        s = pl_outfile_finish(&f, pl_report_write_html(f.fp, st, &d, headline, pl_optset_text(o, "vega-dir"), err), err);
    }
    if (!s && strcmp(out, "-") != 0) fprintf(stderr, "parley report: wrote %s (job %lld, %ld runs)\n", out, (long long)(d.job ? d.job->id : 0), d.n_runs);
    pl_report_free(&d);
    pl_store_close(st);
    return s;
}

static int report_main(int argc, char **argv);

const cli_command cli_cmd_report = {
    "report", "write a self-contained HTML report of a results store",
    "parley report [--job N] [--outcome NAME[,NAME...]] [--out FILE.html] RESULTS",
    "RESULTS is a results store written by parley run or parley sensitivity. The page answers first: the\n"
    "chosen outcomes at each grid point with 90% Wilson intervals and counts; then signed drivers, the first\n"
    "round's terms, every outcome per point, time-series fans, stored sensitivity measures, the inputs with\n"
    "their sources, and the version, seed and command that reproduce it. Every table has a CSV download; the\n"
    "charts are Vega views (Debian's libjs-vega, inlined: the file needs no network).",
    report_main, NULL, 0};

static int report_main(int argc, char **argv)
{
    pl_optset o;
    CLI_OPTSET_INIT(o, report_options);
    pl_optset *sets[] = {&o};
    const char *pos[1];
    pl_error err;
    pl_error_clear(&err);
    int rc = cli_begin(&cli_cmd_report, argc, argv, sets, 1, 1, "RESULTS store", pos);
    if (rc >= 0) return rc;
    return write_report(pos[0], &o, &err) ? cli_fail(&err) : 0;
}
