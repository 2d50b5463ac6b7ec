/*
** json.c — dumping jansson documents and quoting CSV fields the same way everywhere.
** Layer: formats.
*/
#include "parley/json.h"

#include <string.h>

pl_status pl_json_dump(json_t *doc, FILE *out, pl_error *err)
{
    if (!doc) return pl_error_set(err, PL_ENOMEM, "out of memory while building JSON");
    int rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_REAL_PRECISION(17) | JSON_ENSURE_ASCII);
    json_decref(doc);
    if (rc != 0 || fputc('\n', out) == EOF || ferror(out)) return pl_error_set(err, PL_EIO, "write failed");
    return PL_OK;
}

void pl_csv_write_field(FILE *out, const char *text)
{
    if (!strpbrk(text, ",\"\r\n")) {
        fputs(text, out);
        return;
    }
    fputc('"', out);
    for (const char *p = text; *p; p++) {
        if (*p == '"') fputc('"', out);
        fputc(*p, out);
    }
    fputc('"', out);
}
