/*
** attrition.c — daily attrition data (CSV: forces_<side> and casualties_<side> for two sides), read
** for `parley calibrate` (moved here from the command so that it can be tested and fuzzed).
** Layer: formats.
*/
#include "parley/attrition.h"

#include <stdio.h>
#include <string.h>

#include "parley/memory.h"

void pl_attrition_data_free(pl_attrition_data *d)
{
    for (int s = 0; s < 2; s++) pl_free(d->forces[s]), pl_free(d->losses[s]);
    memset(d, 0, sizeof *d);
}

/* Finds the columns: forces_X and casualties_X for two side names X. */
static pl_status find_columns(const pl_record *head, const char *path, pl_attrition_data *d, size_t fcol[2],
                              size_t ccol[2], pl_error *err)
{
    int nf = 0;
    for (size_t k = 0; k < head->n && nf < 3; k++)
        if (strncmp(head->field[k], "forces_", 7) == 0) {
            if (nf < 2) snprintf(d->side[nf], sizeof d->side[nf], "%s", head->field[k] + 7), fcol[nf] = k;
            nf++;
        }
    if (nf != 2)
        return pl_error_at(err, PL_EINPUT, path, head->line, 1, "found %d forces_<side> columns, expected 2", nf);
    if (strcmp(d->side[0], d->side[1]) == 0) /* else one side's casualties would be fitted against itself */
        return pl_error_at(err, PL_EINPUT, path, head->line, head->col[fcol[1]],
                           "found column forces_%s a second time, expected two sides", d->side[1]);
    for (int s = 0; s < 2; s++) {
        char want[80];
        snprintf(want, sizeof want, "casualties_%s", d->side[s]);
        size_t k = 0;
        while (k < head->n && strcmp(head->field[k], want) != 0) k++;
        if (k == head->n) return pl_error_at(err, PL_EINPUT, path, head->line, 1, "found no column %s, expected one", want);
        ccol[s] = k;
    }
    return PL_OK;
}

/* Doubles the four columns' capacity. 0 on success. */
static int grow_data(pl_attrition_data *d, size_t *cap)
{
    size_t n = *cap ? 2 * *cap : 64;
    double **cols[4] = {&d->forces[0], &d->forces[1], &d->losses[0], &d->losses[1]};
    for (int k = 0; k < 4; k++) {
        double *p = pl_realloc(*cols[k], n * sizeof *p);
        if (!p) return -1;
        *cols[k] = p;
    }
    *cap = n;
    return 0;
}

static pl_status read_rows(pl_delim *dl, pl_record *rec, const char *path, pl_attrition_data *d, const size_t fcol[2],
                           const size_t ccol[2], pl_error *err)
{
    size_t cap = 0;
    pl_status st;
    while (!(st = pl_delim_next(dl, rec, err)) && rec->n) {
        if (d->n == PL_ATTRITION_MAX_DAYS) return pl_error_at(err, PL_EINPUT, path, rec->line, 1, "found more than %d rows", PL_ATTRITION_MAX_DAYS);
        if (d->n == cap && grow_data(d, &cap)) return pl_error_set(err, PL_ENOMEM, "out of memory");
        for (int s = 0; s < 2 && !st; s++) {
            st = pl_record_number(rec, fcol[s], path, "a force strength", &d->forces[s][d->n], err);
            if (!st) st = pl_record_number(rec, ccol[s], path, "a casualty count", &d->losses[s][d->n], err);
            /* The fit takes logarithms: say where a value it cannot take is, not only its day. */
            if (!st && !(d->forces[s][d->n] > 0))
                st = pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[fcol[s]],
                                 "found forces %g, expected a positive force strength", d->forces[s][d->n]);
            if (!st && !(d->losses[s][d->n] > 0))
                st = pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[ccol[s]],
                                 "found casualties %g, expected a positive count (the fit takes logarithms)",
                                 d->losses[s][d->n]);
        }
        if (st) return st;
        d->n++;
    }
    if (!st && d->n < 4)
        st = pl_error_at(err, PL_EINPUT, path, 0, 0, "found %zu row%s of data, expected at least 4 days", d->n,
                         d->n == 1 ? "" : "s");
    return st;
}

pl_status pl_attrition_parse(const pl_text *text, pl_attrition_data *d, pl_error *err)
{
    memset(d, 0, sizeof *d);
    const char *path = text->path;
    pl_delim dl;
    pl_record rec;
    memset(&rec, 0, sizeof rec);
    pl_delim_init(&dl, text, ',', '"');
    size_t fcol[2], ccol[2];
    pl_status st = pl_delim_next(&dl, &rec, err);
    if (!st && !rec.n) st = pl_error_at(err, PL_EINPUT, path, 1, 1, "found an empty file, expected a CSV header");
    if (!st) st = find_columns(&rec, path, d, fcol, ccol, err);
    if (!st) st = read_rows(&dl, &rec, path, d, fcol, ccol, err);
    pl_record_free(&rec);
    if (st) pl_attrition_data_free(d);
    return st;
}

pl_status pl_attrition_read(const char *path, pl_attrition_data *d, pl_error *err)
{
    memset(d, 0, sizeof *d);
    pl_text text;
    pl_status st = pl_text_read(&text, path, err);
    if (st) return st;
    st = pl_attrition_parse(&text, d, err);
    pl_text_free(&text);
    return st;
}
