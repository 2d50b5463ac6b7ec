/*
** roff.h — man pages (roff) for the command-line tool, written from the same option tables that
** drive --help, so a page cannot drift from the help.
** Layer: formats. Public API.
*/
#ifndef PARLEY_ROFF_H
#define PARLEY_ROFF_H

#include <stddef.h>
#include <stdio.h>

#include "parley/options.h"

/* The page of one command, "parley-NAME": NAME with its one-line summary, SYNOPSIS (usage),
** DESCRIPTION (details, blank lines as paragraph breaks; the summary when NULL), OPTIONS (the
** option tables of sets, as help shows them), MORE (extra, preformatted; none when NULL), EXIT
** STATUS and SEE ALSO. version goes in the header. */
void pl_roff_command_page(const char *name, const char *summary, const char *usage, const char *details,
                          pl_optset *const *sets, size_t n_sets, const char *extra, const char *version, FILE *out);

/* The overview page "parley": the n commands (names, one-line summaries) with their pages. */
void pl_roff_overview(const char *const *names, const char *const *summaries, size_t n, const char *version,
                      FILE *out);

#endif
