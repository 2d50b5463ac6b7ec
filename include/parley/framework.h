/*
** framework.h — a peace framework: its points, each a dimension with the plan's proposal, the
** status quo, each actor's ideal point, salience and red line, and the sourced record of who
** accepted or rejected it; the reader of framework files, and narrowing (dropping, deferring,
** bracketing points or changing a proposal).
** Layer: formats. Public API. File format: docs/formats.md "Framework files"; the shipped
** frameworks are the YAML files in data/frameworks/.
**
** Matrices are row-major by actor: element (i, d) of an n_actors × n_points matrix is at
** [i * n_points + d]. A framework owns all its strings.
*/
#ifndef PARLEY_FRAMEWORK_H
#define PARLEY_FRAMEWORK_H

#include <stddef.h>

#include "parley/error.h"

typedef enum pl_actor_role {
    PL_ROLE_ATTACKER = 0, /* the side that may renew the war after a deal */
    PL_ROLE_DEFENDER,     /* the side the guarantee protects */
    PL_ROLE_MEDIATOR,     /* takes no side; may hold the plan's text as its position */
    PL_ROLE_SUPPORTER     /* a third party with its own positions (European states) */
} pl_actor_role;

typedef enum pl_point_status {
    PL_POINT_IN = 0,   /* on the table with the plan's proposal */
    PL_POINT_BRACKETED,/* on the table, proposal withdrawn: left to the principals to bargain */
    PL_POINT_DEFERRED, /* moved to a separate track: this deal leaves it at the status quo */
    PL_POINT_DROPPED   /* removed from the framework: the status quo holds */
} pl_point_status;

typedef enum pl_point_effect {
    PL_EFFECT_TERMS = 0, /* valued through the actors' spatial utilities only */
    PL_EFFECT_ARMY_CAP,  /* also caps the defender's post-deal force (the value is in thousands) */
    PL_EFFECT_GUARANTEE  /* its value is the guarantee's strength; valued only through the
                         ** post-deal dynamics, never as a spatial term */
} pl_point_effect;

typedef struct pl_point {
    char *id;        /* short stable key, e.g. "territory-donetsk" */
    char *plan;      /* which articles of the plan it covers, e.g. "21(a), 21(d)" */
    char *title;
    char *content;   /* the plan's wording as the sources agree on it */
    char *source;    /* where the content comes from */
    char *lo_means, *hi_means; /* what the ends of the scale stand for */
    char *record;    /* who accepted or rejected it, with sources */
    char *note;      /* what the narrowing did to it and why (sourced), or "" */
    double lo, hi;   /* the scale */
    double proposal; /* the plan's value on the scale */
    double status_quo; /* the value if the deal says nothing (late 2025 on the ground) */
    pl_point_status status;
    pl_point_effect effect;
} pl_point;

typedef struct pl_framework {
    char *name, *title, *date, *path;
    char *base;           /* the framework it narrows ("" if none) */
    size_t n_actors, n_points;
    char **actor;         /* [n_actors] ids (keys in the file) */
    char **actor_name;    /* [n_actors] display names */
    pl_actor_role *role;  /* [n_actors] */
    unsigned char *holds_proposal; /* [n_actors] 1: the actor's position is the plan's text */
    pl_point *point;      /* [n_points] */
    /* per (actor, point): */
    unsigned char *has_position; /* the actor takes part on the point */
    double *ideal;        /* ideal point on the point's scale */
    double *salience;     /* 0-1 */
    unsigned char *has_red_min, *has_red_max; /* red lines: outcome must be ≥ red_min / ≤ red_max */
    double *red_min, *red_max;
    char **position_source; /* where the ideal comes from */
} pl_framework;

/* Reads a framework file. A file with `base:` is read on top of its base (a path relative to
** the file, at most 4 levels deep) and its `narrowing:` operations applied in order. Errors are
** located (file:line:col). */
pl_status pl_framework_read(const char *path, pl_framework **out, pl_error *err);

/* The same from a memory buffer named path in messages (a base is read relative to path). */
pl_status pl_framework_parse(const char *path, const char *text, size_t size, pl_framework **out, pl_error *err);

void pl_framework_free(pl_framework *fw);

/* Index of the point / actor with this id, or -1. */
long pl_framework_find_point(const pl_framework *fw, const char *id);
long pl_framework_find_actor(const pl_framework *fw, const char *id);

/* The first actor with this role, or -1. */
long pl_framework_find_role(const pl_framework *fw, pl_actor_role role);

/* Names of statuses and effects as the file spells them. */
const char *pl_point_status_name(pl_point_status s);
const char *pl_point_effect_name(pl_point_effect e);

/* Narrowing: one operation on point `id`. SET changes the proposal to value (within the scale;
** the point returns to IN); the others change the status (value ignored). PL_EINVAL for an
** unknown point, an out-of-scale value, or an operation on the guarantee point other than
** keeping it. */
typedef enum pl_narrow_op { PL_NARROW_KEEP = 0, PL_NARROW_BRACKET, PL_NARROW_DEFER, PL_NARROW_DROP, PL_NARROW_SET } pl_narrow_op;

pl_status pl_framework_narrow(pl_framework *fw, const char *id, pl_narrow_op op, double value, pl_error *err);

/* Parses "drop", "defer", "bracket", "keep", "set". 0 on success. */
int pl_narrow_op_parse(const char *text, pl_narrow_op *op);

/* Number of points still on the table (IN or BRACKETED). */
size_t pl_framework_n_active(const pl_framework *fw);

#endif
