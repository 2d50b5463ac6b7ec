/*
** options.h — typed, described model options: a descriptor table per model drives parsing,
** validation, defaults, help text and documentation.
** Layer: core. Public API.
**
** A model declares a const array of pl_option_desc. A pl_optset holds the values a user gave
** (as text, validated against the descriptor when set); getters return the value or the default.
*/
#ifndef PARLEY_OPTIONS_H
#define PARLEY_OPTIONS_H

#include <stddef.h>
#include <stdio.h>

#include "parley/error.h"

typedef enum pl_option_kind {
    PL_OPT_INT,    /* an integer within [lo, hi] */
    PL_OPT_DOUBLE, /* a finite real within [lo, hi] */
    PL_OPT_ENUM,   /* one of the '|'-separated words in choices */
    PL_OPT_FLAG,   /* present or absent; takes no value */
    PL_OPT_STRING  /* free text (a path, a name), of any length */
} pl_option_kind;

typedef struct pl_option_desc {
    const char *name;    /* the option's name; the command spells it --name */
    pl_option_kind kind;
    const char *deflt;   /* default as text ("0" for flags) */
    double lo, hi;       /* bounds for INT and DOUBLE */
    const char *choices; /* for ENUM: "a|b|c" */
    const char *help;    /* one line: meaning, units, source of the default */
} pl_option_desc;

enum { PL_OPTSET_MAX = 48 };

/* The values given for one descriptor table. Plain data: copy, zero-initialise with
** pl_optset_init, no free needed. Values are kept by reference (a fixed buffer capped them at 255
** bytes, refusing a legal long path): the text given to pl_optset_set must outlive the set and
** its copies — argv, a string literal, or a table the set is used with. */
typedef struct pl_optset {
    const pl_option_desc *desc;
    size_t n_desc;
    unsigned char given[PL_OPTSET_MAX];
    const char *value[PL_OPTSET_MAX];
} pl_optset;

/* Binds an empty set to a descriptor table (n ≤ PL_OPTSET_MAX). */
void pl_optset_init(pl_optset *set, const pl_option_desc *desc, size_t n);

/* The descriptor called name, or NULL. */
const pl_option_desc *pl_optset_find(const pl_optset *set, const char *name);

/* Sets option name from text (NULL for flags), checking kind and bounds; text is kept by
** reference (see pl_optset). PL_EINVAL with a message naming the option, the value found and what
** was expected. */
pl_status pl_optset_set(pl_optset *set, const char *name, const char *value, pl_error *err);

/* Typed getters. The name must exist in the table (a programming error otherwise: asserts). */
long pl_optset_int(const pl_optset *set, const char *name);
double pl_optset_double(const pl_optset *set, const char *name);
int pl_optset_flag(const pl_optset *set, const char *name);
/* Index of the chosen word in choices (0-based). */
int pl_optset_enum(const pl_optset *set, const char *name);
/* The chosen text (value or default). */
const char *pl_optset_text(const pl_optset *set, const char *name);
/* 1 if the user gave the option. */
int pl_optset_given(const pl_optset *set, const char *name);

/* The 0-based index of word among the '|'-separated words of choices, or -1. */
int pl_choice_index(const char *choices, const char *word);

/* Parses a finite double from the whole of text (surrounding blanks allowed). 0 on success. */
int pl_parse_double(const char *text, double *out);
/* Parses a decimal integer from the whole of text. 0 on success. */
int pl_parse_long(const char *text, long *out);

/* Takes every `--NAME VALUE` / `--NAME=VALUE` out of argv[1..argc) (an option that may repeat, which
** an option set does not allow) into vals (at most max; the rest is an error) and closes the gap in
** argv. Returns the first problem (a missing value, too many). */
pl_status pl_args_take(int *argc, char **argv, const char *name, const char **vals, size_t max, size_t *n,
                       pl_error *err);

/* Parses argv[1..] (argv[0] names the command) into the option sets, in order of priority: an
** option goes to the first set that declares it. Positional arguments are collected into pos (at
** most max_pos); at most 4 sets; "--" ends the options. PL_EINVAL with a message for an unknown
** option, a missing value, an option with a value given twice (the last would silently win), or
** too many positionals. */
pl_status pl_args_parse(int argc, char **argv, pl_optset *const *sets, size_t n_sets, const char **pos,
                        size_t max_pos, size_t *n_pos, pl_error *err);

/* The value of --name in argv (either "--name value" or "--name=value"), or NULL. */
const char *pl_args_peek(int argc, char **argv, const char *name);

/* Parses "A:B:C" into v: three decimal numbers, each whole (no empty field, no trailing text, no
** hex, nan or inf). 0 on success, else -1. */
int pl_parse_triple(const char *text, double v[3]);

/* One option as help shows it: "--name WORD" into left, its help with choices and default into
** right. */
void pl_option_text(const pl_option_desc *d, char *left, size_t left_size, char *right, size_t right_size);

/* Prints an option table, one option a line, as help shows it. */
void pl_options_print(const pl_option_desc *desc, size_t n, FILE *out);

#endif
