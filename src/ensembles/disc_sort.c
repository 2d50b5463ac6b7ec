/*
** disc_sort.c — the data PRIM and CART read, checked and sorted once per input; the binomial
** tail of the quasi-p-values.
** Layer: ensembles.
*/
#include "ensembles/disc_sort.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "parley/memory.h"

typedef struct keyed {
    double v;
    size_t i;
} keyed;

static int by_value(const void *a, const void *b)
{
    const keyed *p = a, *q = b;
    if (p->v != q->v) return p->v < q->v ? -1 : 1;
    return p->i < q->i ? -1 : p->i > q->i;
}

static pl_status check(const pl_disc_data *data, pl_error *err)
{
    if (!data->n || !data->d) return pl_error_set(err, PL_EINVAL, "found %zu runs and %zu inputs, expected at least one of each", data->n, data->d);
    for (size_t k = 0; k < data->n * data->d; k++)
        if (!isfinite(data->x[k]))
            return pl_error_set(err, PL_EINVAL, "found a non-finite value of input %zu in run %zu, expected finite inputs", k % data->d,
                                k / data->d);
    return PL_OK;
}

pl_status pl_disc_sort(const pl_disc_data *data, pl_disc_sorted *s, pl_error *err)
{
    s->order = NULL, s->value = s->lo = s->hi = NULL;
    pl_status st = check(data, err);
    if (st) return st;
    size_t n = data->n, d = data->d;
    s->n = n, s->d = d;
    s->order = pl_malloc(n * d * sizeof *s->order);
    s->value = pl_malloc(n * d * sizeof *s->value);
    s->lo = pl_malloc(d * sizeof *s->lo);
    s->hi = pl_malloc(d * sizeof *s->hi);
    keyed *tmp = pl_malloc(n * sizeof *tmp);
    if (!s->order || !s->value || !s->lo || !s->hi || !tmp) {
        pl_free(tmp);
        pl_disc_sorted_free(s);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t j = 0; j < d; j++) {
        for (size_t i = 0; i < n; i++) tmp[i] = (keyed){data->x[i * d + j], i};
        qsort(tmp, n, sizeof *tmp, by_value);
        for (size_t k = 0; k < n; k++) {
            s->order[j * n + k] = tmp[k].i;
            s->value[j * n + k] = tmp[k].v;
        }
        s->lo[j] = tmp[0].v;
        s->hi[j] = tmp[n - 1].v;
    }
    pl_free(tmp);
    return PL_OK;
}

void pl_disc_sorted_free(pl_disc_sorted *s)
{
    pl_free(s->order);
    pl_free(s->value);
    pl_free(s->lo);
    pl_free(s->hi);
    s->order = NULL, s->value = s->lo = s->hi = NULL;
}

double pl_disc_mid(double a, double b) { return a + (b - a) / 2; }

double pl_binomial_upper(size_t k, size_t n, double p)
{
    if (k == 0) return 1;
    if (k > n) return 0;
    return gsl_cdf_binomial_Q((unsigned)(k - 1), p, (unsigned)n); /* P(X > k − 1) */
}
