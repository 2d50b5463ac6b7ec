/*
** yaml_tree.c — builds a located node tree from libyaml's parse events.
** Layer: formats.
*/
#include "yaml_tree.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <yaml.h>

#include "parley/options.h"

typedef struct builder {
    const char *path;
    pl_arena *arena;
    pl_yaml_node *stack[YT_MAX_DEPTH + 1];
    int depth;
    pl_yaml_node *root;
    int documents;
    pl_error *err;
} builder;

static pl_status no_memory(builder *b) { return pl_error_set(b->err, PL_ENOMEM, "out of memory reading %s", b->path); }

static pl_status at(builder *b, const yaml_mark_t *m, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static pl_status at(builder *b, const yaml_mark_t *m, const char *fmt, ...)
{
    char msg[PL_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return pl_error_at(b->err, PL_EINPUT, b->path, (int)m->line + 1, (int)m->column + 1, "%s", msg);
}

static pl_yaml_node *new_node(builder *b, pl_yaml_kind kind, const yaml_mark_t *m)
{
    pl_yaml_node *n = pl_arena_alloc(b->arena, sizeof *n);
    if (!n) return NULL;
    n->kind = kind;
    n->file = b->path;
    n->line = (int)m->line + 1;
    n->col = (int)m->column + 1;
    return n;
}

int pl_yaml_append(pl_arena *arena, pl_yaml_node *parent, pl_yaml_node *child)
{
    if (parent->n == parent->cap) {
        size_t cap = parent->cap ? 2 * parent->cap : 8;
        pl_yaml_node **items = pl_arena_alloc(arena, cap * sizeof *items);
        if (!items) return -1;
        if (parent->n) memcpy(items, parent->item, parent->n * sizeof *items);
        parent->item = items;
        parent->cap = cap;
    }
    parent->item[parent->n++] = child;
    return 0;
}

static pl_status append(builder *b, pl_yaml_node *parent, pl_yaml_node *child)
{
    return pl_yaml_append(b->arena, parent, child) ? no_memory(b) : PL_OK;
}

/* Attaches a finished or opened node to its container (or makes it the root). */
static pl_status attach(builder *b, pl_yaml_node *n, const yaml_mark_t *m)
{
    if (b->depth == 0) {
        b->root = n;
        return PL_OK;
    }
    pl_yaml_node *parent = b->stack[b->depth - 1];
    if (parent->kind == YT_MAP && parent->n % 2 == 0 && n->kind != YT_SCALAR)
        return at(b, m, "found %s as a mapping key, expected a plain key", n->kind == YT_MAP ? "a mapping" : "a sequence");
    return append(b, parent, n);
}

static pl_status on_scalar(builder *b, const yaml_event_t *ev)
{
    pl_yaml_node *n = new_node(b, YT_SCALAR, &ev->start_mark);
    char *text = n ? pl_arena_alloc(b->arena, ev->data.scalar.length + 1) : NULL;
    if (!text) return no_memory(b);
    memcpy(text, ev->data.scalar.value, ev->data.scalar.length);
    n->text = text;
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length))
        return at(b, &ev->start_mark, "found %s, expected text without NUL characters", "a NUL character");
    return attach(b, n, &ev->start_mark);
}

static pl_status on_open(builder *b, const yaml_event_t *ev, pl_yaml_kind kind)
{
    if (b->depth >= YT_MAX_DEPTH) return at(b, &ev->start_mark, "found nesting deeper than %d levels, expected less", YT_MAX_DEPTH);
    pl_yaml_node *n = new_node(b, kind, &ev->start_mark);
    if (!n) return no_memory(b);
    pl_status st = attach(b, n, &ev->start_mark);
    if (st) return st;
    b->stack[b->depth++] = n;
    return PL_OK;
}

static pl_status on_event(builder *b, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        if (++b->documents > 1) return at(b, &ev->start_mark, "found %s, expected one YAML document", "a second document");
        return PL_OK;
    case YAML_ALIAS_EVENT:
        return at(b, &ev->start_mark, "found an alias (%s), expected plain values (aliases are not supported)",
                  (const char *)ev->data.alias.anchor);
    case YAML_SCALAR_EVENT: return on_scalar(b, ev);
    case YAML_SEQUENCE_START_EVENT: return on_open(b, ev, YT_SEQ);
    case YAML_MAPPING_START_EVENT: return on_open(b, ev, YT_MAP);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        if (b->depth > 0) b->depth--;
        return PL_OK;
    default: return PL_OK;
    }
}

static pl_status parser_error(builder *b, const yaml_parser_t *p)
{
    const yaml_mark_t *m = p->problem_mark.line || p->problem_mark.column ? &p->problem_mark : &p->context_mark;
    char what[256];
    snprintf(what, sizeof what, "%s%s%s", p->problem ? p->problem : "malformed YAML", p->context ? " " : "",
             p->context ? p->context : "");
    if (p->error == YAML_MEMORY_ERROR) return no_memory(b);
    return at(b, m, "found invalid YAML (%s), expected well-formed YAML", what);
}

pl_status pl_yaml_parse(const char *path, const char *text, size_t size, pl_arena *arena, pl_yaml_node **root, pl_error *err)
{
    builder b;
    memset(&b, 0, sizeof b);
    b.path = path;
    b.arena = arena;
    b.err = err;
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) return no_memory(&b);
    yaml_parser_set_input_string(&parser, (const unsigned char *)text, size);
    pl_status st = PL_OK;
    for (int done = 0; !done && !st;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(&parser, &ev)) {
            st = parser_error(&b, &parser);
            break;
        }
        done = ev.type == YAML_STREAM_END_EVENT;
        st = on_event(&b, &ev);
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    *root = st ? NULL : b.root;
    return st;
}

const pl_yaml_node *pl_yaml_get(const pl_yaml_node *m, const char *key)
{
    if (!m || m->kind != YT_MAP) return NULL;
    for (size_t k = 0; k + 1 < m->n; k += 2)
        if (strcmp(m->item[k]->text, key) == 0) return m->item[k + 1];
    return NULL;
}

int pl_yaml_is_null(const pl_yaml_node *n)
{
    if (!n || n->kind != YT_SCALAR || !n->plain) return 0;
    return n->text[0] == '\0' || strcmp(n->text, "~") == 0 || strcmp(n->text, "null") == 0 ||
           strcmp(n->text, "Null") == 0 || strcmp(n->text, "NULL") == 0;
}

int pl_yaml_number(const pl_yaml_node *n, double *out)
{
    return n && n->kind == YT_SCALAR && n->plain && pl_parse_double(n->text, out) == 0;
}

int pl_yaml_bool(const pl_yaml_node *n, int *out)
{
    if (!n || n->kind != YT_SCALAR || !n->plain) return 0;
    if (strcmp(n->text, "true") == 0 || strcmp(n->text, "True") == 0) return *out = 1, 1;
    if (strcmp(n->text, "false") == 0 || strcmp(n->text, "False") == 0) return *out = 0, 1;
    return 0;
}

void pl_yaml_describe(const pl_yaml_node *n, char *buf, size_t size)
{
    double v;
    if (!n) snprintf(buf, size, "nothing");
    else if (n->kind == YT_MAP) snprintf(buf, size, "a mapping");
    else if (n->kind == YT_SEQ) snprintf(buf, size, "a sequence of %zu items", n->n);
    else if (pl_yaml_is_null(n)) snprintf(buf, size, "null");
    else if (pl_yaml_number(n, &v)) snprintf(buf, size, "the number %s", n->text);
    else snprintf(buf, size, "'%.60s%s'", n->text, strlen(n->text) > 60 ? "..." : "");
}
