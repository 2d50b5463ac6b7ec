/*
** text.h — reading an input file whole, checking its encoding, and splitting delimited records
** with the line and column of every field, so every reader can report file:line:col errors.
** Layer: formats. Public API.
*/
#ifndef PARLEY_TEXT_H
#define PARLEY_TEXT_H

#include <stddef.h>

#include "parley/error.h"

/* A whole input file as UTF-8 text without a byte-order mark. */
typedef struct pl_text {
    char *path;
    char *data; /* NUL-terminated */
    size_t size;
} pl_text;

/* Reads path (or stdin for "-"). Refuses, with a located message: a missing or unreadable file
** (PL_EIO), an empty file, UTF-16/32 (by BOM or NUL bytes), invalid UTF-8, and files over
** 256 MiB (PL_EINPUT). */
pl_status pl_text_read(pl_text *t, const char *path, pl_error *err);

/* Wraps a memory buffer (copied) as if read from path; the same checks apply. */
pl_status pl_text_from_memory(pl_text *t, const char *path, const char *data, size_t size, pl_error *err);

void pl_text_free(pl_text *t);

enum { PL_RECORD_MAX_FIELDS = 4096 };

/* One record: its fields (NUL-terminated copies, quotes removed) with 1-based positions. */
typedef struct pl_record {
    char **field;
    int *col;
    size_t n;
    int line; /* line where the record starts */
    size_t cap;
} pl_record;

typedef struct pl_delim {
    const pl_text *text;
    size_t pos;
    int line;
    char sep;    /* ',' or '\t' */
    char quote;  /* '"' or '\'' (decide files), 0 for none */
    int trim;    /* 1: strip blanks around unquoted fields */
} pl_delim;

/* Starts splitting text with separator sep and quote character quote. */
void pl_delim_init(pl_delim *d, const pl_text *text, char sep, char quote);

/* Reads the next non-blank record into rec (reusing its buffers). Returns PL_OK with rec->n > 0,
** PL_OK with rec->n == 0 at end of input, or PL_EINPUT for an unterminated quote. */
pl_status pl_delim_next(pl_delim *d, pl_record *rec, pl_error *err);

/* Frees the buffers of rec. */
void pl_record_free(pl_record *rec);

/* The separator the first line of text suggests: '\t' if it holds a tab, else ','. */
char pl_text_guess_separator(const pl_text *text);

/* Parses field k of rec as a finite number; on failure reports file:line:col naming what was
** found and `what` was expected (e.g. "a capability"). */
pl_status pl_record_number(const pl_record *rec, size_t k, const char *path, const char *what, double *out,
                           pl_error *err);

#endif
