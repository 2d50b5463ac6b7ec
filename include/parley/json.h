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

/* Writes one CSV field, quoted (RFC 4180) when it holds a comma, quote, CR or LF. */
void pl_csv_write_field(FILE *out, const char *text);

#endif
