/*
** condition.c — a condition on a run's outcomes ("accept_attacker && accept_defender &&
** !signed_recommenced_10y"), parsed once by recursive descent into postfix code and evaluated
** per run: the cases of interest of scenario discovery.
** Layer: ensembles.
*/
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/discovery.h"
#include "parley/memory.h"

typedef enum op_kind { OP_OUTCOME, OP_NUMBER, OP_NOT, OP_AND, OP_OR, OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE } op_kind;

typedef struct op {
    op_kind kind;
    size_t outcome;
    double number;
} op;

enum { MAX_OPS = 256, MAX_DEPTH = 64 };

struct pl_condition {
    size_t n_ops;
    op ops[MAX_OPS];
};

typedef struct parser {
    const char *text, *at;
    const char *const *names;
    size_t n_names;
    pl_condition *c;
    int depth;
    pl_error *err;
} parser;

static void skip_blanks(parser *p)
{
    while (*p->at == ' ' || *p->at == '\t') p->at++;
}

static pl_status fail(parser *p, const char *expected)
{
    char found[40];
    size_t len = strcspn(p->at, " \t()!&|<>="); /* the word found, or the one character */
    if (!len) len = 1;
    if (!*p->at) snprintf(found, sizeof found, "the end");
    else snprintf(found, sizeof found, "'%.*s'", (int)(len < 30 ? len : 30), p->at);
    return pl_error_at(p->err, PL_EINVAL, "--where", 1, (int)(p->at - p->text) + 1, "found %s, expected %s", found, expected);
}

static pl_status emit(parser *p, op o)
{
    if (p->c->n_ops >= MAX_OPS) return fail(p, "a shorter condition");
    p->c->ops[p->c->n_ops++] = o;
    return PL_OK;
}

/* Consumes tok (after blanks) when it is next. */
static int accept(parser *p, const char *tok)
{
    skip_blanks(p);
    size_t n = strlen(tok);
    if (strncmp(p->at, tok, n) != 0) return 0;
    p->at += n;
    return 1;
}

static pl_status parse_or(parser *p);

static pl_status parse_name(parser *p)
{
    size_t len = 0;
    while (isalnum((unsigned char)p->at[len]) || p->at[len] == '_' || p->at[len] == '.' || p->at[len] == ':') len++;
    for (size_t k = 0; k < p->n_names; k++)
        if (strlen(p->names[k]) == len && strncmp(p->names[k], p->at, len) == 0) {
            p->at += len;
            return emit(p, (op){OP_OUTCOME, k, 0});
        }
    return fail(p, "the name of an outcome (parley run --list-inputs FILE lists them)");
}

static pl_status parse_primary(parser *p)
{
    skip_blanks(p);
    if (accept(p, "(")) {
        if (++p->depth > MAX_DEPTH) return fail(p, "fewer nested parentheses");
        pl_status st = parse_or(p);
        p->depth--;
        if (st) return st;
        return accept(p, ")") ? PL_OK : fail(p, "')'");
    }
    if (isdigit((unsigned char)*p->at) || *p->at == '-' || *p->at == '.') {
        char *end;
        double v = strtod(p->at, &end);
        if (end == p->at || !isfinite(v)) return fail(p, "a number");
        p->at = end;
        return emit(p, (op){OP_NUMBER, 0, v});
    }
    if (isalpha((unsigned char)*p->at) || *p->at == '_') return parse_name(p);
    return fail(p, "an outcome, a number, '!' or '('");
}

static pl_status parse_comparison(parser *p)
{
    static const struct {
        const char *tok;
        op_kind kind;
    } cmp[] = {{"<=", OP_LE}, {">=", OP_GE}, {"==", OP_EQ}, {"!=", OP_NE}, {"<", OP_LT}, {">", OP_GT}};
    pl_status st = parse_primary(p);
    for (size_t k = 0; !st && k < sizeof cmp / sizeof cmp[0]; k++)
        if (accept(p, cmp[k].tok)) {
            st = parse_primary(p);
            return st ? st : emit(p, (op){cmp[k].kind, 0, 0});
        }
    return st;
}

static pl_status parse_unary(parser *p)
{
    skip_blanks(p);
    if (p->at[0] == '!' && p->at[1] != '=') {
        p->at++;
        if (++p->depth > MAX_DEPTH) return fail(p, "fewer '!'");
        pl_status st = parse_unary(p);
        p->depth--;
        return st ? st : emit(p, (op){OP_NOT, 0, 0});
    }
    return parse_comparison(p);
}

static pl_status parse_and(parser *p)
{
    pl_status st = parse_unary(p);
    while (!st && accept(p, "&&")) {
        st = parse_unary(p);
        if (!st) st = emit(p, (op){OP_AND, 0, 0});
    }
    return st;
}

static pl_status parse_or(parser *p)
{
    pl_status st = parse_and(p);
    while (!st && accept(p, "||")) {
        st = parse_and(p);
        if (!st) st = emit(p, (op){OP_OR, 0, 0});
    }
    return st;
}

pl_status pl_condition_parse(const char *text, const char *const *names, size_t n_names, pl_condition **out,
                             pl_error *err)
{
    *out = NULL;
    pl_condition *c = pl_calloc(1, sizeof *c);
    if (!c) return pl_error_set(err, PL_ENOMEM, "out of memory");
    parser p = {text, text, names, n_names, c, 0, err};
    pl_status st = parse_or(&p);
    skip_blanks(&p);
    if (!st && *p.at) st = fail(&p, "'&&', '||', a comparison or the end");
    if (st) {
        pl_free(c);
        return st;
    }
    *out = c;
    return PL_OK;
}

static double compare(op_kind k, double a, double b)
{
    switch (k) {
    case OP_LT: return a < b;
    case OP_LE: return a <= b;
    case OP_GT: return a > b;
    case OP_GE: return a >= b;
    case OP_EQ: return a == b;
    default: return a != b;
    }
}

int pl_condition_eval(const pl_condition *c, const double *y)
{
    double stack[MAX_OPS];
    size_t top = 0;
    for (size_t k = 0; k < c->n_ops; k++) {
        const op *o = &c->ops[k];
        switch (o->kind) {
        case OP_OUTCOME:
            if (isnan(y[o->outcome])) return -1;
            stack[top++] = y[o->outcome];
            break;
        case OP_NUMBER: stack[top++] = o->number; break;
        case OP_NOT: stack[top - 1] = stack[top - 1] == 0; break;
        case OP_AND: top--, stack[top - 1] = stack[top - 1] != 0 && stack[top] != 0; break;
        case OP_OR: top--, stack[top - 1] = stack[top - 1] != 0 || stack[top] != 0; break;
        default: top--, stack[top - 1] = compare(o->kind, stack[top - 1], stack[top]); break;
        }
    }
    return stack[0] != 0;
}

void pl_condition_free(pl_condition *c) { pl_free(c); }
