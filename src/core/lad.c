/*
** lad.c — convex combinations fitted by least absolute deviation (the linear programme of stacked
** forecasts), and the mean of a paired difference with its standard error clustered by group.
** Layer: core.
**
** The programme: minimise Σ_i |y_i − Σ_j P_ij w_j| over w ≥ 0 with Σ_j w_j = 1, written as
** Σ_j P_ij w_j + u_i − v_i = y_i, u, v ≥ 0, minimise Σ (u_i + v_i), and solved by the simplex method on a
** dense tableau. The start is feasible without a first phase: the first forecast alone (w_1 = 1),
** with u_i or v_i carrying each residual.
*/
#include <math.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/stats.h"

typedef struct tableau {
    size_t rows, cols; /* constraint rows (n + 1), variable columns (J + 2n); column cols holds the right side */
    double *a;         /* [(rows + 1) × (cols + 1)], the last row the reduced costs and minus the objective */
    size_t *basis;     /* [rows] the basic variable of each row */
} tableau;

static double *cell(tableau *t, size_t r, size_t c) { return &t->a[r * (t->cols + 1) + c]; }

static void pivot(tableau *t, size_t r, size_t c)
{
    double inv = 1.0 / *cell(t, r, c);
    for (size_t k = 0; k <= t->cols; k++) *cell(t, r, k) *= inv;
    *cell(t, r, c) = 1.0;
    for (size_t q = 0; q <= t->rows; q++) {
        if (q == r) continue;
        double f = *cell(t, q, c);
        if (f == 0) continue;
        for (size_t k = 0; k <= t->cols; k++) *cell(t, q, k) -= f * *cell(t, r, k);
        *cell(t, q, c) = 0.0;
    }
    t->basis[r] = c;
}

/* The constraints of the programme, and the start basis made canonical (cost row included). */
static void set_up(tableau *t, const double *P, const double *y, size_t n, size_t J)
{
    size_t last = t->rows - 1;
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < J; j++) *cell(t, i, j) = P[i * J + j];
        *cell(t, i, J + i) = 1.0;      /* u_i */
        *cell(t, i, J + n + i) = -1.0; /* v_i */
        *cell(t, i, t->cols) = y[i];
    }
    for (size_t j = 0; j < J; j++) *cell(t, last, j) = 1.0;
    *cell(t, last, t->cols) = 1.0;
    for (size_t k = J; k < t->cols; k++) *cell(t, t->rows, k) = 1.0; /* costs of u and v */
    pivot(t, last, 0);
    for (size_t i = 0; i < n; i++) pivot(t, i, *cell(t, i, t->cols) >= 0 ? J + i : J + n + i);
}

/* The entering column: the most negative reduced cost (Bland's smallest index once the method may
** cycle), or cols when the basis is optimal. */
static size_t entering(tableau *t, int bland, double tol)
{
    size_t best = t->cols;
    double most = -tol;
    for (size_t c = 0; c < t->cols; c++) {
        double rc = *cell(t, t->rows, c);
        if (rc < most) {
            best = c;
            most = rc;
            if (bland) break;
        }
    }
    return best;
}

/* The leaving row by the ratio test (ties to the smallest basic index), or rows when unbounded. */
static size_t leaving(tableau *t, size_t c, double tol)
{
    size_t best = t->rows;
    double ratio = HUGE_VAL;
    for (size_t r = 0; r < t->rows; r++) {
        double a = *cell(t, r, c);
        if (a <= tol) continue;
        double q = *cell(t, r, t->cols) / a;
        if (q < ratio - tol || (q <= ratio + tol && best < t->rows && t->basis[r] < t->basis[best])) {
            best = r;
            ratio = q;
        }
    }
    return best;
}

pl_status pl_lad_simplex_weights(const double *P, const double *y, size_t n, size_t J, double *w, pl_error *err)
{
    if (n == 0 || J == 0) return pl_error_set(err, PL_EINVAL, "found %zu cases and %zu forecasts, expected at least one of each", n, J);
    tableau t = {n + 1, J + 2 * n, NULL, NULL};
    t.a = pl_calloc((t.rows + 1) * (t.cols + 1), sizeof *t.a);
    t.basis = pl_malloc(t.rows * sizeof *t.basis);
    if (!t.a || !t.basis) {
        pl_free(t.a);
        pl_free(t.basis);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    double scale = 1;
    for (size_t k = 0; k < n; k++) scale = fmax(scale, fabs(y[k]));
    double tol = 1e-11 * scale;
    set_up(&t, P, y, n, J);
    size_t limit = 50 * (t.rows + t.cols), it = 0;
    pl_status st = PL_OK;
    for (;; it++) {
        size_t c = entering(&t, it > limit / 2, tol);
        if (c == t.cols) break;
        size_t r = leaving(&t, c, tol);
        if (r == t.rows || it > limit) { /* cannot happen: the objective is bounded below by 0 */
            st = pl_error_set(err, PL_EMAXITER, "the stacking programme did not converge in %zu pivots", it);
            break;
        }
        pivot(&t, r, c);
    }
    if (!st) {
        double sum = 0;
        memset(w, 0, J * sizeof *w);
        for (size_t r = 0; r < t.rows; r++)
            if (t.basis[r] < J) w[t.basis[r]] = fmax(0.0, *cell(&t, r, t.cols));
        for (size_t j = 0; j < J; j++) sum += w[j];
        for (size_t j = 0; j < J; j++) w[j] /= sum; /* rounding only: the constraint holds to 1e-15 */
    }
    pl_free(t.a);
    pl_free(t.basis);
    return st;
}

double pl_cluster_mean(const double *x, const size_t *group, size_t n, double *se)
{
    double mean = 0;
    for (size_t i = 0; i < n; i++) mean += x[i];
    mean = n ? mean / (double)n : 0;
    size_t groups = 0;
    double v = 0;
    for (size_t i = 0; i < n; i++) {
        size_t j = 0; /* the first case of i's group: each group's sum is taken once, there */
        while (group[j] != group[i]) j++;
        if (j != i) continue;
        double s = 0;
        for (size_t k = i; k < n; k++)
            if (group[k] == group[i]) s += x[k] - mean;
        v += s * s;
        groups++;
    }
    *se = groups > 1 ? sqrt((double)groups / (double)(groups - 1) * v) / (double)n : 0;
    return mean;
}
