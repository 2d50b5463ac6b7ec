/*
** scenario.h — YAML scenario files: a schema made of section descriptor tables, a reader that
** validates a file against it with file:line:col errors, and the parsed scenario as a flat list
** of numeric parameters (each a value or a distribution, with units and provenance).
** Layer: formats. Public API. Format and schema: docs/formats.md "Scenario files".
**
** The reader knows only three built-in top-level sections: `scenario` (the header), `observed`
** (monthly series for calibration) and `calibration` (which parameters are free). Everything
** else comes from the pl_scenario_schema the caller passes: a list of section descriptors.
** A model that wants its own part of the file (the war model's `sides` and `third_parties`,
** a negotiation model's `framework`) publishes const pl_section_schema tables, and the command
** composes the list it needs; nothing is registered globally.
**
** Parameters. Every numeric leaf a section declares in its params[] table becomes one pl_param
** with a dotted path ("sides.ukraine.manpower.evasion_share"), whether the file gives it or
** not (absent ones take the descriptor's default and have given == 0). The order of
** sc->param is fixed by the schema, not by the file: keyed entries in file order, then within
** an entry its sections and parameters in descriptor order. pl_scenario_draw fills values[]
** in that order, so values[i] always belongs to sc->param[i].
**
** A parameter is written either as a plain number (only where the descriptor does not demand
** provenance) or as a mapping:
**     evasion_share: {value: 0.2, source: "facts §2.3: ..."}
**     bribe_price:   {triangular: [1000, 7500, 30000], assumed: "...", range: [1000, 30000]}
** with exactly one of value / uniform / normal / triangular / beta / lognormal / discrete,
** optional min/max (truncation), optional units (must equal the descriptor's), and source or
** assumed (assumed needs a range or a distribution), and published: YYYY-MM-DD (the date the
** cited fact was published; required beside source: when the scenario declares scenario.as_of).
**
** Files. A scenario may say `include: PATH` (or a list of paths), relative to the file it is
** written in: the included file's top-level sections join the scenario's, merged one level deep
** (a key written in both files is an error at the included one). Every located thing remembers
** its file, so errors point into the included file. The war sections of the Russia-Ukraine
** scenarios live in one such file (scenarios/war/russia-ukraine.yaml).
**
** As-of discipline. With `scenario.as_of: YYYY-MM-DD` every source: needs published:, and a
** parameter, observed series or posterior published after as_of is refused at its line, unless
** the reader is called with PL_SCENARIO_ALLOW_AFTER_AS_OF (then sc->n_after_as_of counts them
** and sc->after_as_of_first says where the first is, for the command to report).
**
** Drawing. pl_scenario_draw draws every parameter with a declared uncertainty, in three groups
** by provenance (pl_param_group): the calibration posterior's columns jointly from one row
** (fitted), then the sourced parameters, then the assumed ones; each from its distribution or,
** when it has only a range, from triangular(range low, value, range high). One uniform per
** non-empty group is taken from the run's generator (in that order) and seeds the group's own
** stream, so the ensembles can treat each group as one input (Sobol shares by provenance). A
** parameter set with pl_scenario_set_value (--set, sweeps, --fix) is pinned and never drawn.
*/
#ifndef PARLEY_SCENARIO_H
#define PARLEY_SCENARIO_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

#include "parley/dist.h"
#include "parley/error.h"
#include "parley/posterior.h"

/* ---- Schema descriptors ---------------------------------------------------------------- */

/* A numeric parameter: a value or a distribution, with provenance. */
typedef struct pl_param_desc {
    const char *key;   /* the YAML key within its section */
    const char *units; /* e.g. "persons/day", "share", "km2/day" */
    double lo, hi;     /* every value and the whole support of a distribution lie in [lo, hi] */
    double deflt;      /* the value when the key is absent (ignored when required) */
    int required;      /* 1: the key must be present */
    size_t tag;        /* free for the model (the war model stores an offsetof here) */
    const char *help;  /* one line: meaning, and why the default */
} pl_param_desc;

typedef enum pl_field_kind {
    PL_FIELD_STRING,      /* free text */
    PL_FIELD_ENUM,        /* one of the '|'-separated words of choices; number = its index */
    PL_FIELD_BOOL,        /* true or false; number = 1 or 0 */
    PL_FIELD_NUMBER,      /* a plain finite number in [lo, hi], no provenance (e.g. horizon) */
    PL_FIELD_DATE,        /* YYYY-MM-DD or YYYY-MM; number = days since 1970-01-01 (day 1 of a month) */
    PL_FIELD_STRING_LIST, /* a sequence of strings */
    PL_FIELD_NUMBER_LIST  /* a sequence of numbers in [lo, hi]; null entries become NaN */
} pl_field_kind;

/* A non-numeric (or provenance-free) setting. */
typedef struct pl_field_desc {
    const char *key;
    pl_field_kind kind;
    const char *choices; /* ENUM: "a|b|c" */
    double lo, hi;       /* NUMBER, NUMBER_LIST bounds */
    int required;
    const char *deflt;   /* default as text when absent and not required (NULL: none) */
    const char *help;
} pl_field_desc;

typedef enum pl_section_shape {
    PL_SECTION_SINGLE, /* key: {…}                                */
    PL_SECTION_KEYED   /* key: {id1: {…}, id2: {…}} — one entry per id */
} pl_section_shape;

/* One section: its parameters, fields and nested sections. */
typedef struct pl_section_schema {
    const char *key;
    pl_section_shape shape;
    const pl_param_desc *params;
    size_t n_params;
    const pl_field_desc *fields;
    size_t n_fields;
    const struct pl_section_schema *const *children;
    size_t n_children;
    int switchable;     /* accepts `enabled: true|false` (default true): the module switch */
    int required;       /* the section must be present */
    int provenance;     /* 1: every given parameter needs source: or assumed: */
    const char *help;
} pl_section_schema;

/* The sections a caller accepts at the top level, besides the built-in ones. */
typedef struct pl_scenario_schema {
    const pl_section_schema *const *sections;
    size_t n_sections;
} pl_scenario_schema;

/* ---- The parsed scenario --------------------------------------------------------------- */

/* One entry of a keyed section ("sides.ukraine"). */
typedef struct pl_entry {
    char *path;                       /* "sides.ukraine" */
    char *id;                         /* "ukraine" */
    const pl_section_schema *schema;  /* the keyed section it belongs to */
    int owner;                        /* enclosing entry's index, -1 at the top */
    const char *file;                 /* the file it is written in (sc->path or an included file) */
    int line, col;
} pl_entry;

/* One section instance (a module of a side, say) and its switch. */
typedef struct pl_section {
    char *path;                       /* "sides.ukraine.manpower" */
    const pl_section_schema *schema;
    int owner;                        /* index into entry[] of the entry it sits in, -1 none */
    int enabled;                      /* the `enabled:` switch, 1 when absent */
    int given;                        /* 0: absent from the file (all its parameters default) */
    const char *file;
    int line, col;
} pl_section;

typedef struct pl_param {
    char *path;                       /* "sides.ukraine.manpower.evasion_share" */
    const pl_param_desc *desc;
    int section;                      /* index into section[] */
    int owner;                        /* index into entry[] (the side or third party), -1 none */
    double nominal;                   /* the value, or `value:` beside a distribution, or its mean */
    pl_dist dist;                     /* FIXED at nominal when a plain value */
    char *source;                     /* citation, or NULL */
    char *assumed;                    /* assumption text, or NULL */
    double range_lo, range_hi;        /* the range considered: range:, else the support, else [lo, hi] */
    int has_published;                /* published: given */
    long published;                   /* its day number (pl_date_days) */
    int pinned;                       /* set by pl_scenario_set_value: never drawn */
    int posterior_col;                /* its column in sc->posterior, -1 when not fitted */
    int given;                        /* 0: absent, the descriptor's default */
    const char *file;                 /* the file it is written in */
    int line, col;                    /* where it is written (the section's place when absent) */
} pl_param;

typedef struct pl_field {
    char *path;
    const pl_field_desc *desc;
    int section;
    int owner;
    char *text;                       /* the scalar as written (STRING, ENUM, DATE, BOOL, NUMBER) */
    double number;                    /* ENUM index, BOOL 0/1, NUMBER, DATE day number */
    double *values;                   /* NUMBER_LIST (NaN for null) */
    char **strings;                   /* STRING_LIST */
    size_t n_items;                   /* length of values or strings */
    int *item_line, *item_col;        /* where each list item is written */
    int given;
    const char *file;
    int line, col;
} pl_field;

/* How an observed value summarises the model quantity over its period. */
typedef enum pl_obs_aggregate {
    PL_OBS_SUM,     /* the total over the period (a flow: km² gained, recruits) */
    PL_OBS_PER_DAY, /* the total divided by the days of the period (casualties per day) */
    PL_OBS_MEAN     /* the mean of the daily values (a level: outage hours, morale) */
} pl_obs_aggregate;

/* An observed series (`observed:`), for calibration and validation: consecutive periods of
** period_months months each, from the start month. */
typedef struct pl_obs_series {
    char *name;                       /* the key, e.g. "territory_2024" */
    char *entity;                     /* the side or party it describes (`side:`), or NULL */
    char *measure;                    /* the model quantity it observes (`measure:`), or NULL */
    char *units;
    char *source;
    int has_published;                /* published: given (its day number in published) */
    long published;
    int start_year, start_month;      /* first month */
    int period_months;                /* months per value (1 monthly, 3 quarterly, 12 yearly) */
    pl_obs_aggregate aggregate;
    double weight;                    /* weight in a calibration (`weight:`, default 1) */
    size_t n;
    double *values;                   /* one per period; NaN where unknown */
    const char *file;
    int line, col;
} pl_obs_series;

typedef struct pl_scenario {
    char *path;
    /* header (`scenario:`) */
    char *name;
    char *description;
    int start_year, start_month, start_day;
    double horizon_years;
    int step_days;                    /* 1 (step: day) or 7 (step: week) */
    long seed;                        /* `seed:`, or -1 when absent */
    int has_as_of;                    /* `as_of:` given: no fact published after it */
    long as_of;                       /* its day number */
    size_t n_after_as_of;             /* facts after as_of let through by PL_SCENARIO_ALLOW_AFTER_AS_OF */
    char *after_as_of_first;          /* "file:line:col: what" of the first of them, or NULL */
    char **files;                     /* the included files' paths (owned; located things point here) */
    size_t n_files;
    /* everything declared by the schema */
    pl_entry *entry;
    size_t n_entries;
    pl_section *section;
    size_t n_sections;
    pl_param *param;
    size_t n_params;
    pl_field *field;
    size_t n_fields;
    /* `observed:` and `calibration:` */
    pl_obs_series *series;
    size_t n_series;
    int *free_param;                  /* indices into param[] named by calibration.free */
    size_t n_free;
    int fit_from[2], fit_to[2];       /* calibration.fit: [YYYY-MM, YYYY-MM] (0 when absent) */
    int test_from[2], test_to[2];     /* calibration.test: out-of-sample months */
    pl_posterior *posterior;          /* calibration.posterior, or NULL */
    unsigned flags;                   /* the reader flags it was read with */
} pl_scenario;

/* Reader flags. */
enum {
    PL_SCENARIO_ALLOW_AFTER_AS_OF = 1,
    PL_SCENARIO_NO_CONDITION = 2 /* read condition: but draw unconditioned (parley/war_condition.h) */
};

/* Provenance groups of the drawn parameters (pl_param_group). */
typedef enum pl_param_group {
    PL_GROUP_NONE = -1,  /* not drawn: no declared uncertainty, or pinned */
    PL_GROUP_FITTED = 0, /* a column of the calibration posterior */
    PL_GROUP_SOURCED,    /* source: with a range or a distribution */
    PL_GROUP_ASSUMED,    /* assumed: (or no provenance) with a range or a distribution */
    PL_GROUP_COUNT
} pl_param_group;

/* Reads and validates path against schema. On failure *out is NULL and err says where
** (file:line:col) what was found and what was expected. */
pl_status pl_scenario_read(const char *path, const pl_scenario_schema *schema, pl_scenario **out, pl_error *err);

/* The same with reader flags (PL_SCENARIO_ALLOW_AFTER_AS_OF). */
pl_status pl_scenario_read_flags(const char *path, const pl_scenario_schema *schema, unsigned flags, pl_scenario **out,
                                 pl_error *err);

/* The same from a memory buffer named path in messages (included files are resolved against
** path's directory). */
pl_status pl_scenario_parse(const char *path, const char *text, size_t size, const pl_scenario_schema *schema,
                            pl_scenario **out, pl_error *err);
pl_status pl_scenario_parse_flags(const char *path, const char *text, size_t size, const pl_scenario_schema *schema,
                                  unsigned flags, pl_scenario **out, pl_error *err);

void pl_scenario_free(pl_scenario *sc);

/* Index of the parameter with this path, or -1. */
int pl_scenario_find_param(const pl_scenario *sc, const char *path);

/* The field with this path, or NULL. */
const pl_field *pl_scenario_find_field(const pl_scenario *sc, const char *path);

/* Index of the entry with this path ("sides.ukraine"), or -1. */
int pl_scenario_find_entry(const pl_scenario *sc, const char *path);

/* 1 if the section at path is switched on (or absent and switchable), 0 if off, -1 if the
** schema has no such section. */
int pl_scenario_enabled(const pl_scenario *sc, const char *path);

/* Overrides a parameter with a fixed value (sweeps, ensembles, calibration). PL_EINVAL if no
** parameter has this path or value lies outside the descriptor's [lo, hi]. */
pl_status pl_scenario_set_value(pl_scenario *sc, const char *path, double value, pl_error *err);

/* Replaces a parameter's distribution (checked, support within [lo, hi]); nominal becomes its
** mean. */
pl_status pl_scenario_set_dist(pl_scenario *sc, const char *path, const pl_dist *dist, pl_error *err);

/* values[i] = param[i]'s nominal, for i < n_params. */
void pl_scenario_nominals(const pl_scenario *sc, double *values);

/* values[i] = one draw of param[i] (see "Drawing" above): one uniform per non-empty group from
** rng, then pl_scenario_draw_groups. */
void pl_scenario_draw(const pl_scenario *sc, gsl_rng *rng, double *values);

/* The group param[k] is drawn in (PL_GROUP_NONE when it is not drawn). */
pl_param_group pl_scenario_param_group(const pl_scenario *sc, size_t k);

/* 1 if group g has at least one drawn parameter. */
int pl_scenario_group_used(const pl_scenario *sc, pl_param_group g);

/* Overwrites values[k] of every parameter drawn in group g, for which keep is NULL or keep[k]
** is 0, from the group's uniform u in (0, 1): the posterior row floor(u * rows) for the fitted
** group; for the others each parameter's draw, in index order, from the stream seeded by u. */
void pl_scenario_draw_group(const pl_scenario *sc, pl_param_group g, double u, const unsigned char *keep, double *values);

/* The distribution param[k] is drawn from outside the posterior: its own, or
** triangular(range low, value, range high) when it has only a range. */
pl_dist pl_scenario_param_dist(const pl_scenario *sc, size_t k);

/* The name of group g: "fitted", "sourced", "assumed". */
const char *pl_param_group_name(pl_param_group g);

/* The observed series called name, or NULL. */
const pl_obs_series *pl_scenario_find_series(const pl_scenario *sc, const char *name);

/* Parses "YYYY-MM-DD" or "YYYY-MM" (day 1). 0 on success. */
int pl_date_parse(const char *text, int *year, int *month, int *day);

/* Days from 1970-01-01 to the date (proleptic Gregorian). */
long pl_date_days(int year, int month, int day);

/* The date `days` after 1970-01-01. */
void pl_date_from_days(long days, int *year, int *month, int *day);

#endif
