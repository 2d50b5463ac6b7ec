/*
** outfile.h — writing a result file atomically: into a temporary file beside the target, then
** flushed, synced and renamed over it, so a reader never sees a half-written result and a
** failure leaves any earlier file untouched.
** Layer: formats. Public API.
*/
#ifndef PARLEY_OUTFILE_H
#define PARLEY_OUTFILE_H

#include <stddef.h>
#include <stdio.h>

#include "parley/error.h"

typedef struct pl_outfile {
    FILE *fp;       /* write here */
    char *path;     /* final path, or NULL for standard output */
    char *tmp_path; /* temporary path while open */
    int in_place;   /* a device or FIFO: written directly, never replaced */
} pl_outfile;

/* Opens a temporary file beside path (or binds stdout when path is NULL or "-"). A symbolic link
** is followed (its target is replaced, the link kept); a device or FIFO is written in place; a
** directory is refused (PL_EIO). */
pl_status pl_outfile_open(pl_outfile *o, const char *path, pl_error *err);

/* Flushes, syncs and renames into place. On any failure the temporary file is removed and the
** target left as it was. */
pl_status pl_outfile_commit(pl_outfile *o, pl_error *err);

/* Abandons the output: removes the temporary file. Safe after commit (does nothing). */
void pl_outfile_abort(pl_outfile *o);

/* Ends an output a writer returned `written` for: commits it when PL_OK; otherwise abandons it and
** returns written, naming the file in err when the writer's failure (PL_EIO) named none. */
pl_status pl_outfile_finish(pl_outfile *o, pl_status written, pl_error *err);

/* What a writer returns after writing to out: PL_OK, or PL_EIO "write failed: <why>" (strerror of
** the failed write, e.g. "No space left on device") when out's error indicator is set. */
pl_status pl_write_status(FILE *out, pl_error *err);

/* 1 when writing to path out would replace the file in: the same regular file (after symbolic
** links), or, when neither exists yet, the same name. "-" (standard input or output) never is. */
int pl_outfile_same(const char *out, const char *in);

/* Tries to create a temporary file beside path (and removes it), so that a directory, a missing
** folder or a folder that cannot be written is refused before any work. "-", devices and FIFOs
** (written in place; opening a FIFO would wait for its reader) pass untried. */
pl_status pl_outfile_probe(const char *path, pl_error *err);

/* PL_EINVAL when one of the n_out output paths would replace input (what says which file that is,
** e.g. "the input itself"), or two name one file. */
pl_status pl_outfiles_check(const char *const *out, size_t n_out, const char *input, const char *what, pl_error *err);

#endif
