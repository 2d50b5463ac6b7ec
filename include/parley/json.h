/*
** json.h — small shared output helpers: dumping a jansson document, CSV field quoting.
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

#endif
