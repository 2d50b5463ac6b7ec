/*
** stakeholders.c — allocation, copying, selection and validation of pl_stakeholders.
** Layer: formats.
*/
#include "parley/stakeholders.h"

#include <math.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/names.h"

static char **strings_alloc(size_t n)
{
    char **v = pl_calloc(n, sizeof *v);
    if (!v) return NULL;
    for (size_t i = 0; i < n; i++) {
        v[i] = pl_strdup("");
        if (!v[i]) {
            for (size_t k = 0; k < i; k++) pl_free(v[k]);
            pl_free(v);
            return NULL;
        }
    }
    return v;
}

static void strings_free(char **v, size_t n)
{
    if (!v) return;
    for (size_t i = 0; i < n; i++) pl_free(v[i]);
    pl_free(v);
}

static double *doubles_fill(size_t n, double value)
{
    double *v = pl_malloc((n ? n : 1) * sizeof *v);
    if (!v) return NULL;
    for (size_t i = 0; i < n; i++) v[i] = value;
    return v;
}

pl_stakeholders *pl_stakeholders_alloc(size_t n_actors, size_t n_dims)
{
    pl_stakeholders *s = pl_calloc(1, sizeof *s);
    if (!s) return NULL;
    size_t cells = n_actors * n_dims;
    s->n_actors = n_actors;
    s->n_dims = n_dims;
    s->name = pl_strdup("");
    s->description = pl_strdup("");
    s->source = pl_strdup("");
    s->actor = strings_alloc(n_actors);
    s->actor_desc = strings_alloc(n_actors);
    s->dim = strings_alloc(n_dims);
    s->dim_lo = doubles_fill(n_dims, 0.0);
    s->dim_hi = doubles_fill(n_dims, 100.0);
    s->capability = doubles_fill(cells, 1.0);
    s->position = doubles_fill(cells, 0.0);
    s->salience = doubles_fill(cells, 1.0);
    s->present = pl_malloc(cells ? cells : 1);
    if (!s->name || !s->description || !s->source || !s->actor || !s->actor_desc || !s->dim ||
        !s->dim_lo || !s->dim_hi || !s->capability || !s->position || !s->salience || !s->present) {
        pl_stakeholders_free(s);
        return NULL;
    }
    memset(s->present, 1, cells);
    return s;
}

void pl_stakeholders_free(pl_stakeholders *s)
{
    if (!s) return;
    pl_free(s->name);
    pl_free(s->description);
    pl_free(s->source);
    strings_free(s->actor, s->n_actors);
    strings_free(s->actor_desc, s->n_actors);
    strings_free(s->dim, s->n_dims);
    pl_free(s->dim_lo);
    pl_free(s->dim_hi);
    pl_free(s->capability);
    pl_free(s->position);
    pl_free(s->salience);
    pl_free(s->present);
    pl_free(s->accommodation);
    pl_free(s->outcome);
    pl_free(s->has_outcome);
    pl_free(s->reference);
    pl_free(s->has_reference);
    pl_free(s->dim_group);
    pl_free(s->dim_procedure);
    strings_free(s->param_key, s->n_params);
    strings_free(s->param_value, s->n_params);
    pl_free(s);
}

pl_status pl_stakeholders_alloc_outcomes(pl_stakeholders *s, pl_error *err)
{
    size_t n = s->n_dims ? s->n_dims : 1;
    if (!s->outcome) s->outcome = pl_calloc(n, sizeof(double));
    if (!s->has_outcome) s->has_outcome = pl_calloc(n, 1);
    if (!s->reference) s->reference = pl_calloc(n, sizeof(double));
    if (!s->has_reference) s->has_reference = pl_calloc(n, 1);
    if (!s->dim_group) s->dim_group = pl_calloc(n, sizeof(size_t));
    if (!s->dim_procedure) s->dim_procedure = pl_calloc(n, 1);
    if (!s->outcome || !s->has_outcome || !s->reference || !s->has_reference || !s->dim_group || !s->dim_procedure)
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    return PL_OK;
}

pl_status pl_stakeholders_alloc_accommodation(pl_stakeholders *s, pl_error *err)
{
    size_t n = s->n_actors;
    if (!s->accommodation) {
        s->accommodation = pl_calloc(n > 0 ? n * n : 1, sizeof(double));
        if (!s->accommodation) return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) s->accommodation[i * n + j] = i == j ? 1.0 : 0.0;
    return PL_OK;
}

pl_status pl_stakeholders_add_param(pl_stakeholders *s, const char *key, const char *value,
                                    pl_error *err)
{
    size_t n = s->n_params + 1;
    char **keys = pl_realloc(s->param_key, n * sizeof *keys);
    if (!keys) return pl_error_set(err, PL_ENOMEM, "out of memory");
    s->param_key = keys;
    char **values = pl_realloc(s->param_value, n * sizeof *values);
    if (!values) return pl_error_set(err, PL_ENOMEM, "out of memory");
    s->param_value = values;
    char *k = pl_strdup(key), *v = pl_strdup(value);
    if (!k || !v) {
        pl_free(k);
        pl_free(v);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    keys[s->n_params] = k;
    values[s->n_params] = v;
    s->n_params = n;
    return PL_OK;
}

const char *pl_stakeholders_param(const pl_stakeholders *s, const char *key)
{
    for (size_t i = 0; i < s->n_params; i++)
        if (strcmp(s->param_key[i], key) == 0) return s->param_value[i];
    return NULL;
}

long pl_stakeholders_find_actor(const pl_stakeholders *s, const char *name)
{
    for (size_t i = 0; i < s->n_actors; i++)
        if (strcmp(s->actor[i], name) == 0) return (long)i;
    return -1;
}

static int replace_string(char **slot, const char *value)
{
    char *copy = pl_strdup(value);
    if (!copy) return -1;
    pl_free(*slot);
    *slot = copy;
    return 0;
}

static int copy_header(pl_stakeholders *dst, const pl_stakeholders *src)
{
    dst->salience_scale = src->salience_scale;
    dst->seed = src->seed;
    dst->has_seed = src->has_seed;
    return replace_string(&dst->name, src->name) || replace_string(&dst->description, src->description) ||
           replace_string(&dst->source, src->source);
}

static pl_status copy_params(pl_stakeholders *dst, const pl_stakeholders *src, pl_error *err)
{
    for (size_t k = 0; k < src->n_params; k++) {
        pl_status st = pl_stakeholders_add_param(dst, src->param_key[k], src->param_value[k], err);
        if (st) return st;
    }
    return PL_OK;
}

/* The outcomes and reference points of dimensions first..first+count-1 of src, and its model
** parameters, into dst (whose dimensions are those). */
static pl_status copy_outcomes_and_params(pl_stakeholders *dst, const pl_stakeholders *src, size_t first,
                                          size_t count, pl_error *err)
{
    if (src->outcome) {
        pl_status st = pl_stakeholders_alloc_outcomes(dst, err);
        if (st) return st;
        memcpy(dst->outcome, src->outcome + first, count * sizeof(double));
        memcpy(dst->has_outcome, src->has_outcome + first, count);
        memcpy(dst->reference, src->reference + first, count * sizeof(double));
        memcpy(dst->has_reference, src->has_reference + first, count);
        memcpy(dst->dim_group, src->dim_group + first, count * sizeof(size_t));
        memcpy(dst->dim_procedure, src->dim_procedure + first, count);
    }
    return copy_params(dst, src, err);
}

pl_stakeholders *pl_stakeholders_select_dim(const pl_stakeholders *s, size_t d, pl_error *err)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_actors; i++) n += s->present[pl_idx(s, i, d)] != 0;
    pl_stakeholders *t = pl_stakeholders_alloc(n, 1);
    if (!t || copy_header(t, s) || replace_string(&t->dim[0], s->dim[d])) goto oom;
    t->dim_lo[0] = s->dim_lo[d];
    t->dim_hi[0] = s->dim_hi[d];
    for (size_t i = 0, k = 0; i < s->n_actors; i++) {
        size_t at = pl_idx(s, i, d);
        if (!s->present[at]) continue;
        if (replace_string(&t->actor[k], s->actor[i]) || replace_string(&t->actor_desc[k], s->actor_desc[i]))
            goto oom;
        t->capability[k] = s->capability[at];
        t->position[k] = s->position[at];
        t->salience[k] = s->salience[at];
        k++;
    }
    if (copy_outcomes_and_params(t, s, d, 1, err)) goto fail;
    return t;
oom:
    pl_error_set(err, PL_ENOMEM, "out of memory");
fail:
    pl_stakeholders_free(t);
    return NULL;
}

static int copy_strings(char **dst, char *const *src, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (replace_string(&dst[i], src[i])) return -1;
    return 0;
}

pl_stakeholders *pl_stakeholders_copy(const pl_stakeholders *s, pl_error *err)
{
    size_t n = s->n_actors, nd = s->n_dims, cells = n * nd;
    pl_stakeholders *t = pl_stakeholders_alloc(n, nd);
    if (!t || copy_header(t, s) || copy_strings(t->actor, s->actor, n) ||
        copy_strings(t->actor_desc, s->actor_desc, n) || copy_strings(t->dim, s->dim, nd))
        goto oom;
    memcpy(t->dim_lo, s->dim_lo, nd * sizeof(double));
    memcpy(t->dim_hi, s->dim_hi, nd * sizeof(double));
    memcpy(t->capability, s->capability, cells * sizeof(double));
    memcpy(t->position, s->position, cells * sizeof(double));
    memcpy(t->salience, s->salience, cells * sizeof(double));
    memcpy(t->present, s->present, cells);
    if (s->accommodation) {
        if (pl_stakeholders_alloc_accommodation(t, err)) goto fail;
        memcpy(t->accommodation, s->accommodation, n * n * sizeof(double));
    }
    if (copy_outcomes_and_params(t, s, 0, nd, err)) goto fail;
    return t;
oom:
    pl_error_set(err, PL_ENOMEM, "out of memory");
fail:
    pl_stakeholders_free(t);
    return NULL;
}

pl_status pl_stakeholders_validate(const pl_stakeholders *s, pl_error *err)
{
    const char *src = s->source;
    if (s->n_actors == 0) return pl_error_at(err, PL_EINPUT, src, 0, 0, "no actors found, expected at least one");
    if (s->n_dims == 0) return pl_error_at(err, PL_EINPUT, src, 0, 0, "no dimensions found, expected at least one");
    for (size_t d = 0; d < s->n_dims; d++)
        if (!isfinite(s->dim_lo[d]) || !isfinite(s->dim_hi[d]) || !(s->dim_lo[d] < s->dim_hi[d]))
            return pl_error_at(err, PL_EINPUT, src, 0, 0,
                               "dimension '%s' has scale [%g, %g], expected finite bounds with lo < hi",
                               s->dim[d], s->dim_lo[d], s->dim_hi[d]);
    size_t first, again;
    int repeat = pl_names_first_repeat((const char *const *)s->actor, s->n_actors, &first, &again);
    if (repeat < 0) return pl_error_set(err, PL_ENOMEM, "out of memory");
    if (repeat) return pl_error_at(err, PL_EINPUT, src, 0, 0, "duplicate actor '%s', expected unique names", s->actor[again]);
    for (size_t i = 0; i < s->n_actors; i++) {
        for (size_t d = 0; d < s->n_dims; d++) {
            size_t at = pl_idx(s, i, d);
            if (!s->present[at]) continue;
            if (!isfinite(s->position[at]) || !isfinite(s->capability[at]) || !isfinite(s->salience[at]))
                return pl_error_at(err, PL_EINPUT, src, 0, 0, "actor '%s' has a non-finite value on '%s'",
                                   s->actor[i], s->dim[d]);
            if (s->capability[at] < 0)
                return pl_error_at(err, PL_EINPUT, src, 0, 0,
                                   "actor '%s' has capability %g, expected a value >= 0", s->actor[i],
                                   s->capability[at]);
            if (s->salience[at] < 0 || s->salience[at] > 1)
                return pl_error_at(err, PL_EINPUT, src, 0, 0,
                                   "actor '%s' has salience %g on '%s', expected a value in [0, 1]",
                                   s->actor[i], s->salience[at], s->dim[d]);
        }
    }
    return PL_OK;
}
