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

pl_status pl_args_take(int *argc, char **argv, const char *name, const char **vals, size_t max, size_t *n,
                       pl_error *err)
{
    char flag[64], eq[64];
    snprintf(flag, sizeof flag, "--%s", name);
    snprintf(eq, sizeof eq, "--%s=", name);
    int out = 1;
    pl_status st = PL_OK;
    *n = 0;
    for (int k = 1; k < *argc; k++) {
        const char *text = NULL;
        if (strcmp(argv[k], flag) == 0) {
            if (k + 1 >= *argc) {
                if (!st) st = pl_error_set(err, PL_EINVAL, "option %s needs a value", flag);
                continue;
            }
            text = argv[++k];
        } else if (strncmp(argv[k], eq, strlen(eq)) == 0) text = argv[k] + strlen(eq);
        if (!text) {
            argv[out++] = argv[k];
            continue;
        }
        if (*n == max) {
            if (!st) st = pl_error_set(err, PL_EINVAL, "found more than %zu %s options", max, flag);
            continue;
        }
        vals[(*n)++] = text;
    }
    *argc = out;
    return st;
}

const char *pl_args_peek(int argc, char **argv, const char *name)
{
    size_t n = strlen(name);
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (strcmp(a, "--") == 0) break;
        if (strncmp(a, "--", 2) != 0 || strncmp(a + 2, name, n) != 0) continue;
        if (a[2 + n] == '=') return a + 3 + n;
        if (a[2 + n] == '\0' && k + 1 < argc) return argv[k + 1];
    }
    return NULL;
}

/* The index among sets of the first set that declares name (its descriptor in *desc), or -1. */
static long owner(pl_optset *const *sets, size_t n_sets, const char *name, const pl_option_desc **desc)
{
    for (size_t k = 0; k < n_sets; k++)
        if ((*desc = pl_optset_find(sets[k], name))) return (long)k;
    return -1;
}

enum { MAX_SETS = 4 };

/* One "--name[=value]" argument at argv[*k]; consumes the value argument when needed. An option
** with a value given a second time is an error: the last one would silently win (`--set a=1
** --set b=2` would forget a=1). seen[set][option] marks those given so far. */
static pl_status parse_option(int argc, char **argv, int *k, pl_optset *const *sets, size_t n_sets,
                              unsigned char seen[][PL_OPTSET_MAX], pl_error *err)
{
    char name[128];
    const char *arg = argv[*k] + 2, *eq = strchr(arg, '=');
    size_t len = eq ? (size_t)(eq - arg) : strlen(arg);
    if (len == 0 || len >= sizeof name) return pl_error_set(err, PL_EINVAL, "found option '%s', expected --name", argv[*k]);
    memcpy(name, arg, len);
    name[len] = '\0';
    const pl_option_desc *d;
    long set = owner(sets, n_sets, name, &d);
    if (set < 0) return pl_error_set(err, PL_EINVAL, "unknown option --%s (see --help)", name);
    size_t index = (size_t)(d - sets[set]->desc);
    if (d->kind != PL_OPT_FLAG && seen[set][index])
        return pl_error_set(err, PL_EINVAL, "found option --%s a second time, expected it once%s", name,
                            strstr(d->help, "[,") ? " (give the items as one comma-separated list)" : "");
    seen[set][index] = 1;
    const char *value = eq ? eq + 1 : NULL;
    if (d->kind != PL_OPT_FLAG && !value) {
        if (*k + 1 >= argc) return pl_error_set(err, PL_EINVAL, "option --%s needs a value", name);
        value = argv[++*k];
    }
    return pl_optset_set(sets[set], name, value, err);
}

pl_status pl_args_parse(int argc, char **argv, pl_optset *const *sets, size_t n_sets, const char **pos,
                        size_t max_pos, size_t *n_pos, pl_error *err)
{
    *n_pos = 0;
    unsigned char seen[MAX_SETS][PL_OPTSET_MAX] = {{0}};
    if (n_sets > MAX_SETS) return pl_error_set(err, PL_EINVAL, "internal: %zu option sets, at most %d", n_sets, MAX_SETS);
    int only_positional = 0;
    for (int k = 1; k < argc; k++) {
        const char *a = argv[k];
        if (!only_positional && strcmp(a, "--") == 0) {
            only_positional = 1;
            continue;
        }
        if (!only_positional && strncmp(a, "--", 2) == 0) {
            pl_status st = parse_option(argc, argv, &k, sets, n_sets, seen, err);
            if (st) return st;
            continue;
        }
        if (!only_positional && a[0] == '-' && a[1] != '\0')
            return pl_error_set(err, PL_EINVAL, "found option '%s', expected a long option such as --format", a);
        if (*n_pos >= max_pos) return pl_error_set(err, PL_EINVAL, "found unexpected argument '%s'", a);
        pos[(*n_pos)++] = a;
    }
    return PL_OK;
}

int pl_parse_triple(const char *text, double v[3])
{
    char buf[256];
    if (strlen(text) >= sizeof buf) return -1;
    snprintf(buf, sizeof buf, "%s", text);
    char *field = buf;
    for (int k = 0; k < 3; k++) {
        char *colon = strchr(field, ':');
        if ((k < 2) != (colon != NULL)) return -1; /* exactly two colons */
        if (colon) *colon = '\0';
        if (pl_parse_double(field, &v[k])) return -1;
        if (colon) field = colon + 1; /* past the last field there is none (NULL + 1 is undefined) */
    }
    return 0;
}

void pl_option_text(const pl_option_desc *d, char *left, size_t left_size, char *right, size_t right_size)
{
    const char *arg = d->kind == PL_OPT_FLAG ? "" : d->kind == PL_OPT_ENUM ? " WORD" : d->kind == PL_OPT_STRING ? " TEXT" : " N";
    snprintf(left, left_size, "--%s%s", d->name, arg);
    if (d->kind == PL_OPT_ENUM) snprintf(right, right_size, "%s (%s; default %s)", d->help, d->choices, d->deflt);
    else if ((d->kind == PL_OPT_INT || d->kind == PL_OPT_DOUBLE) && !strstr(d->help, "(default"))
        snprintf(right, right_size, "%s (default %s)", d->help, d->deflt); /* a help that states its default says it
                                                                           ** better: --value's is the scale's
                                                                           ** midpoint, not the placeholder 0 */
    else snprintf(right, right_size, "%s", d->help);
}

void pl_options_print(const pl_option_desc *desc, size_t n, FILE *out)
{
    for (size_t k = 0; k < n; k++) {
        char left[96], right[1024];
        pl_option_text(&desc[k], left, sizeof left, right, sizeof right);
        fprintf(out, "  %-26s %s\n", left, right);
    }
}
