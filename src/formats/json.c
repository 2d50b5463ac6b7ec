/*
** json.c — dumping jansson documents and quoting CSV fields the same way everywhere.
** Layer: formats.
*/
#include "parley/json.h"

#include <string.h>

#include "parley/options.h"
#include "parley/outfile.h"

pl_status pl_json_dump(json_t *doc, FILE *out, pl_error *err)
{
    if (!doc) return pl_error_set(err, PL_ENOMEM, "out of memory while building JSON");
    int rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_REAL_PRECISION(17) | JSON_ENSURE_ASCII);
    json_decref(doc);
    if (rc != 0 && !ferror(out)) return pl_error_set(err, PL_ENOMEM, "out of memory while writing JSON");
    fputc('\n', out);
    return pl_write_status(out, err);
}

/* Whether a spreadsheet opening the CSV would take text for a formula (and a plain number it is not). */
static int formula_like(const char *text)
{
    double x;
    return text[0] && strchr("=+-@\t\r", text[0]) && pl_parse_double(text, &x) != 0;
}

void pl_csv_write_field(FILE *out, const char *text)
{
    const char *guard = formula_like(text) ? "'" : "";
    if (!strpbrk(text, ",\"\r\n")) {
        fputs(guard, out);
        fputs(text, out);
        return;
    }
    fputc('"', out);
    fputs(guard, out);
    for (const char *p = text; *p; p++) {
        if (*p == '"') fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}
