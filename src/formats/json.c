/*
** json.c — dumping jansson documents, CSV fields (quoted; formulas neutralised) and table text (control
** characters escaped), the same way everywhere.
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

/* The escape of the control character at p (length *len bytes), or NULL when p starts none. */
static const char *control_escape(const unsigned char *p, size_t *len, char esc[8])
{
    *len = 1;
    if (*p == '\n') return "\\n";
    if (*p == '\t') return "\\t";
    if (*p == '\r') return "\\r";
    if (*p < 0x20 || *p == 0x7F) {
        snprintf(esc, 8, "\\x%02X", *p);
        return esc;
    }
    if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F) {
        *len = 2;
        snprintf(esc, 8, "\\u%04X", p[1]);
        return esc;
    }
    return NULL;
}

const char *pl_table_text(const char *text, char *buf, size_t size)
{
    const unsigned char *p = (const unsigned char *)text;
    size_t len, n = 0;
    char esc[8];
    int any = 0;
    for (const unsigned char *q = p; *q && !any; q++) any = control_escape(q, &len, esc) != NULL;
    if (!any || size == 0) return text;
    while (*p) {
        const char *e = control_escape(p, &len, esc);
        size_t m = e ? strlen(e) : 1;
        if (n + m >= size) break;
        memcpy(buf + n, e ? e : (const char *)p, m);
        n += m;
        p += len;
    }
    buf[n] = '\0';
    return buf;
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
