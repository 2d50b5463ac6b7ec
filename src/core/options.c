/*
** options.c — validating and reading model options against their descriptors.
** Layer: core.
*/
#include "parley/options.h"

#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *skip_blanks(const char *p)
{
    while (*p == ' ' || *p == '\t') p++;
    return p;
}

static int only_blanks(const char *p) { return *skip_blanks(p) == '\0'; }

int pl_parse_double(const char *text, double *out)
{
    if (!text) return -1;
    const char *p = skip_blanks(text);
    if (!*p) return -1;
    /* strtod accepts "nan", "inf" and hex floats; parley inputs are decimal numbers only. */
    for (const char *q = p; *q; q++)
        if (isalpha((unsigned char)*q) && *q != 'e' && *q != 'E') return -1;
    char *end;
    errno = 0;
    double v = strtod(p, &end);
    if (end == p || !only_blanks(end) || !isfinite(v)) return -1;
    /* ERANGE on overflow (HUGE_VAL, refused above) or underflow: a subnormal such as 4.9e-324 is a
    ** finite value read as closely as doubles allow, and below that the nearest double is 0. */
    if (errno == ERANGE && fabs(v) > DBL_MIN) return -1;
    *out = v;
    return 0;
}

int pl_parse_long(const char *text, long *out)
{
    if (!text) return -1;
    const char *p = skip_blanks(text);
    if (!*p) return -1;
    char *end;
    errno = 0;
    long v = strtol(p, &end, 10);
    if (end == p || !only_blanks(end) || errno == ERANGE) return -1;
    *out = v;
    return 0;
}

void pl_optset_init(pl_optset *set, const pl_option_desc *desc, size_t n)
{
    assert(n <= PL_OPTSET_MAX);
    memset(set, 0, sizeof *set);
    set->desc = desc;
    set->n_desc = n;
}

static long find_index(const pl_optset *set, const char *name)
{
    for (size_t i = 0; i < set->n_desc; i++)
        if (strcmp(set->desc[i].name, name) == 0) return (long)i;
    return -1;
}

const pl_option_desc *pl_optset_find(const pl_optset *set, const char *name)
{
    long i = find_index(set, name);
    return i < 0 ? NULL : &set->desc[i];
}

int pl_choice_index(const char *choices, const char *word)
{
    size_t len = strlen(word);
    int index = 0;
    for (const char *p = choices; *p; index++) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n == len && strncmp(p, word, n) == 0) return index;
        if (!bar) break;
        p = bar + 1;
    }
    return -1;
}

static pl_status check_value(const pl_option_desc *d, const char *value, pl_error *err)
{
    double x;
    long n;
    switch (d->kind) {
    case PL_OPT_FLAG:
        if (value) return pl_error_set(err, PL_EINVAL, "option --%s takes no value, found '%s'", d->name, value);
        return PL_OK;
    case PL_OPT_INT:
        if (!value || pl_parse_long(value, &n))
            return pl_error_set(err, PL_EINVAL, "option --%s: found '%s', expected an integer", d->name,
                                value ? value : "");
        if ((double)n < d->lo || (double)n > d->hi)
            return pl_error_set(err, PL_EINVAL, "option --%s: found %ld, expected an integer in [%g, %g]",
                                d->name, n, d->lo, d->hi);
        return PL_OK;
    case PL_OPT_DOUBLE:
        if (!value || pl_parse_double(value, &x))
            return pl_error_set(err, PL_EINVAL, "option --%s: found '%s', expected a number", d->name,
                                value ? value : "");
        if (x < d->lo || x > d->hi)
            return pl_error_set(err, PL_EINVAL, "option --%s: found %g, expected a number in [%g, %g]",
                                d->name, x, d->lo, d->hi);
        return PL_OK;
    case PL_OPT_STRING:
        if (!value) return pl_error_set(err, PL_EINVAL, "option --%s needs a value", d->name);
        return PL_OK;
    case PL_OPT_ENUM:
        if (!value || pl_choice_index(d->choices, value) < 0)
            return pl_error_set(err, PL_EINVAL, "option --%s: found '%s', expected one of %s", d->name,
                                value ? value : "", d->choices);
        return PL_OK;
    }
    return PL_OK;
}

pl_status pl_optset_set(pl_optset *set, const char *name, const char *value, pl_error *err)
{
    long i = find_index(set, name);
    if (i < 0) return pl_error_set(err, PL_EINVAL, "unknown option --%s", name);
    const pl_option_desc *d = &set->desc[i];
    pl_status st = check_value(d, value, err);
    if (st) return st;
    set->value[i] = d->kind == PL_OPT_FLAG ? "1" : value;
    set->given[i] = 1;
    return PL_OK;
}

const char *pl_optset_text(const pl_optset *set, const char *name)
{
    long i = find_index(set, name);
    assert(i >= 0 && "option not declared by this model");
    if (i < 0) return "";
    return set->given[i] ? set->value[i] : set->desc[i].deflt;
}

int pl_optset_given(const pl_optset *set, const char *name)
{
    long i = find_index(set, name);
    return i >= 0 && set->given[i];
}

long pl_optset_int(const pl_optset *set, const char *name)
{
    long v = 0;
    pl_parse_long(pl_optset_text(set, name), &v);
    return v;
}

double pl_optset_double(const pl_optset *set, const char *name)
{
    double v = 0;
    pl_parse_double(pl_optset_text(set, name), &v);
    return v;
}

int pl_optset_flag(const pl_optset *set, const char *name) { return strcmp(pl_optset_text(set, name), "1") == 0; }

int pl_optset_enum(const pl_optset *set, const char *name)
{
    const pl_option_desc *d = pl_optset_find(set, name);
    assert(d && d->kind == PL_OPT_ENUM);
    if (!d) return 0;
    int k = pl_choice_index(d->choices, pl_optset_text(set, name));
    return k < 0 ? 0 : k;
}
