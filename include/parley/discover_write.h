/*
** discover_write.h — `parley discover`'s results: the prose table for people and the result
** document (parley/result.h) that csv (one table per file), json and sqlite write.
** Layer: ensembles.
*/
#ifndef PARLEY_DISCOVER_WRITE_H
#define PARLEY_DISCOVER_WRITE_H

#include <stdio.h>

#include "parley/discovery.h"
#include "parley/result.h"

/* The runs, whichever way they came, as discovery data, and what PRIM or CART found in them. */
typedef struct pl_disc_job {
    const char *input, *where, *inputs;
    pl_disc_rows rows;
    pl_prim_options po;
    pl_prim_result prim;
    pl_cart_options co;
    pl_cart_tree cart;
    int is_cart;
} pl_disc_job;

/* The table for people: the head, then PRIM's boxes and trajectories or CART's tree. */
pl_status pl_discover_prose(const void *ctx, FILE *fp, pl_error *err);

/* The document: meta (input, condition, method, counts of runs), then PRIM's tables boxes (each
** box's restricted inputs) and trajectory (every step, with the density's 90 % Wilson interval), or
** CART's table nodes. */
pl_status pl_discover_doc(const pl_disc_job *j, pl_result_doc **out, pl_error *err);

#endif
