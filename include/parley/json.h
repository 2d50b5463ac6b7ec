/*
** json.h — small shared output helpers: dumping a jansson document, CSV fields, table text.
** Layer: formats. Public API.
*/
#ifndef PARLEY_JSON_H
#define PARLEY_JSON_H

#include <stdio.h>

#include <jansson.h>

#include "parley/error.h"

/* Writes doc (consumed: its reference is released) to out with 2-space indent, keys in
** insertion order, reals with 17 significant digits, and a final newline. A NULL doc means an
** earlier allocation failed: PL_ENOMEM. */
pl_status pl_json_dump(json_t *doc, FILE *out, pl_error *err);

/* Writes one CSV text field (a name, a label), quoted (RFC 4180) when it holds a comma, quote, CR
** or LF. A field a spreadsheet would run as a formula, one beginning with = + - @ TAB or CR (OWASP's
** "CSV injection" list), gets a leading ' so that it shows as text; a field that is a plain number
** (-3.5, +2) is left as it is. Numbers a writer prints itself never pass through here. */
void pl_csv_write_field(FILE *out, const char *text);

/* text as a table (terminal) shows it: every control character — C0 bytes including TAB, CR and
** LF, DEL, and the C1 range U+0080–U+009F — written as a visible escape (\n, \t, \r, \x1B, \u009B),
** so a name cannot move the cursor, recolour or retitle a terminal, or break the table's rows.
** Returns text itself when it holds none, else buf (cut to size bytes). */
const char *pl_table_text(const char *text, char *buf, size_t size);

enum { PL_TABLE_TEXT_MAX = 1024 }; /* a buffer size for pl_table_text that no shown name exceeds */

#endif
