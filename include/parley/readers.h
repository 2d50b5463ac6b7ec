/*
** readers.h — stakeholder file formats: the analyst table, KTAB's SMP CSV and XML, the DEU issue
** table. Every reader validates exhaustively and reports file:line:col with what it found and
** what it expected.
** Layer: formats. Public API. Formats are described in docs/formats.md.
*/
#ifndef PARLEY_READERS_H
#define PARLEY_READERS_H

#include "parley/error.h"
#include "parley/stakeholders.h"
#include "parley/text.h"

typedef enum pl_input_format {
    PL_FORMAT_AUTO = 0,
    PL_FORMAT_ANALYST,  /* Actor,Capability,Position,Salience[,Description] (CSV or TSV) */
    PL_FORMAT_KTAB_CSV, /* KTAB SMP CSV */
    PL_FORMAT_KTAB_XML, /* KTAB SMP XML */
    PL_FORMAT_DEU,      /* DEU III issue table (TSV) */
    PL_FORMAT_DECIDE    /* decide multi-issue table (#A/#P/#M/#D rows) */
} pl_input_format;

typedef struct pl_read_options {
    pl_input_format format;
    pl_salience_scale salience; /* analyst table: AUTO detects; UNIT/PERCENT declare */
} pl_read_options;

/* The format's name as the command spells it ("analyst", "ktab-csv", ...). */
const char *pl_input_format_name(pl_input_format f);
/* Parses a format name; PL_FORMAT_AUTO (and -1 return) when unknown. */
int pl_input_format_parse(const char *name, pl_input_format *out);

/* The format text most likely holds, judged from its first lines and path's extension. */
pl_input_format pl_input_format_detect(const pl_text *text);

/* Reads path in the given (or detected) format into a new table. */
pl_status pl_read_stakeholders(const char *path, const pl_read_options *opts, pl_stakeholders **out,
                               pl_error *err);

/* The same from text already in memory (used by fuzzers and tests). */
pl_status pl_parse_stakeholders(const pl_text *text, const pl_read_options *opts, pl_stakeholders **out,
                                pl_error *err);

/* Format-specific parsers (text already encoding-checked). */
pl_status pl_parse_analyst(const pl_text *text, pl_salience_scale scale, pl_stakeholders **out, pl_error *err);
pl_status pl_parse_ktab_csv(const pl_text *text, pl_stakeholders **out, pl_error *err);
pl_status pl_parse_ktab_xml(const pl_text *text, pl_stakeholders **out, pl_error *err);
pl_status pl_parse_deu(const pl_text *text, pl_stakeholders **out, pl_error *err);
pl_status pl_parse_decide(const pl_text *text, pl_stakeholders **out, pl_error *err);

/* The GDP row of a DEU table (capabilities, one per actor column) is kept as the table's
** capability on every issue; these name the 30 actor codes in column order. */
extern const char *const pl_deu_actor_codes[30];

#endif
