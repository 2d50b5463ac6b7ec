/*
** framework.c — reading peace-framework files (YAML) into a pl_framework, and narrowing:
** dropping, deferring or bracketing points and changing a proposal.
** Layer: formats.
**
** The file format is in docs/formats.md "Framework files". Every key is checked against what
** the format allows, so a misspelt key is an error with its line and column, not a silent
** default. A file with `base:` narrows another framework: it is read first, then the
** `narrowing:` operations are applied in order, each with its source kept in the point's note.
*/
#include "parley/framework.h"

#include <stdio.h>
#include <string.h>

#include <yaml.h>

#include "parley/memory.h"
#include "parley/names.h"
#include "parley/options.h"
#include "parley/text.h"

enum { MAX_BASE_DEPTH = 4 };

/* ---- Small libyaml helpers -------------------------------------------------------------- */

typedef struct yread {
    yaml_document_t doc;
    const char *path;
    pl_error *err;
    pl_name_index actors, points; /* ids read so far: a scan per id made reading quadratic */
} yread;

static int yline(const yaml_node_t *n) { return (int)n->start_mark.line + 1; }
static int ycol(const yaml_node_t *n) { return (int)n->start_mark.column + 1; }

static pl_status yfail(yread *y, const yaml_node_t *n, const char *what, const char *expected)
{
    return pl_error_at(y->err, PL_EINPUT, y->path, n ? yline(n) : 0, n ? ycol(n) : 0, "found %s, expected %s", what,
                       expected);
}

static const char *ytext(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static const char *ykind(const yaml_node_t *n)
{
    if (!n) return "nothing";
    return n->type == YAML_MAPPING_NODE ? "a mapping" : n->type == YAML_SEQUENCE_NODE ? "a list" : "a scalar";
}

/* The value of key in mapping m, or NULL. */
static yaml_node_t *yget(yread *y, const yaml_node_t *m, const char *key)
{
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        const char *k = ytext(yaml_document_get_node(&y->doc, p->key));
        if (k && strcmp(k, key) == 0) return yaml_document_get_node(&y->doc, p->value);
    }
    return NULL;
}

/* Whether the key of pair p of mapping m is the key of an earlier pair. libyaml keeps both of a
** repeated key, and yget finds the first: `proposal: 75` then `proposal: 10` silently read 75. */
static int yrepeated(yread *y, const yaml_node_t *m, const yaml_node_pair_t *p)
{
    const char *k = ytext(yaml_document_get_node(&y->doc, p->key));
    for (const yaml_node_pair_t *q = m->data.mapping.pairs.start; k && q < p; q++) {
        const char *kq = ytext(yaml_document_get_node(&y->doc, q->key));
        if (kq && strcmp(kq, k) == 0) return 1;
    }
    return 0;
}

/* Refuses any key of m not in the '|'-separated list allowed, and a key given twice. */
static pl_status ykeys(yread *y, const yaml_node_t *m, const char *allowed, const char *where)
{
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = yaml_document_get_node(&y->doc, p->key);
        const char *k = ytext(kn);
        if (k && yrepeated(y, m, p)) {
            char what[160];
            snprintf(what, sizeof what, "key '%s' a second time in %s", k, where);
            return yfail(y, kn, what, "each key once");
        }
        size_t len = k ? strlen(k) : 0;
        int ok = 0;
        for (const char *a = allowed; k && *a;) {
            const char *bar = strchr(a, '|');
            size_t n = bar ? (size_t)(bar - a) : strlen(a);
            if (n == len && strncmp(a, k, n) == 0) ok = 1;
            a += n + (bar ? 1 : 0);
        }
        if (!ok) {
            char what[160];
            snprintf(what, sizeof what, "key '%s' in %s", k ? k : "?", where);
            char expected[200];
            snprintf(expected, sizeof expected, "one of: %s", allowed);
            return yfail(y, kn, what, expected);
        }
    }
    return PL_OK;
}

/* A required (or optional, with a default) string value: copied into *out. */
static pl_status ystring(yread *y, const yaml_node_t *m, const char *key, const char *deflt, char **out)
{
    yaml_node_t *n = yget(y, m, key);
    const char *t = ytext(n);
    if (!n && deflt) t = deflt;
    else if (!t) {
        char expected[96];
        snprintf(expected, sizeof expected, "a text value for '%s'", key);
        return yfail(y, n ? n : m, n ? ykind(n) : "no such key", expected);
    }
    if (!(*out = pl_strdup(t))) return pl_error_set(y->err, PL_ENOMEM, "out of memory");
    return PL_OK;
}

static pl_status ynumber_node(yread *y, const yaml_node_t *n, const char *key, double lo, double hi, double *out)
{
    const char *t = ytext(n);
    char expected[128];
    snprintf(expected, sizeof expected, "a number in [%g, %g] for '%s'", lo, hi, key);
    if (!t || pl_parse_double(t, out) || *out < lo || *out > hi) {
        char what[96];
        snprintf(what, sizeof what, t ? "'%.60s'" : "%s", t ? t : ykind(n));
        return yfail(y, n, what, expected);
    }
    return PL_OK;
}

static pl_status ynumber(yread *y, const yaml_node_t *m, const char *key, double lo, double hi, double *out)
{
    yaml_node_t *n = yget(y, m, key);
    if (!n) {
        char expected[96];
        snprintf(expected, sizeof expected, "a key '%s'", key);
        return yfail(y, m, "a mapping without it", expected);
    }
    return ynumber_node(y, n, key, lo, hi, out);
}

static pl_status yenum(yread *y, const yaml_node_t *m, const char *key, const char *words, int deflt, int *out)
{
    yaml_node_t *n = yget(y, m, key);
    if (!n) {
        *out = deflt;
        return PL_OK;
    }
    const char *t = ytext(n);
    if (!t || (*out = pl_choice_index(words, t)) < 0) return yfail(y, n, t ? t : ykind(n), words);
    return PL_OK;
}

/* ---- The framework object ---------------------------------------------------------------- */

static const char *const status_words = "in|bracketed|deferred|dropped";
static const char *const effect_words = "terms|army_cap|guarantee";
static const char *const role_words = "attacker|defender|mediator|supporter";

const char *pl_point_status_name(pl_point_status s)
{
    static const char *const names[] = {"in", "bracketed", "deferred", "dropped"};
    return names[s];
}

const char *pl_point_effect_name(pl_point_effect e)
{
    static const char *const names[] = {"terms", "army_cap", "guarantee"};
    return names[e];
}

static void point_free(pl_point *p)
{
    char **s[] = {&p->id, &p->plan, &p->title, &p->content, &p->source, &p->lo_means, &p->hi_means, &p->record, &p->note};
    for (size_t k = 0; k < sizeof s / sizeof s[0]; k++) pl_free(*s[k]);
}

void pl_framework_free(pl_framework *fw)
{
    if (!fw) return;
    for (size_t i = 0; i < fw->n_actors; i++) {
        pl_free(fw->actor ? fw->actor[i] : NULL);
        pl_free(fw->actor_name ? fw->actor_name[i] : NULL);
    }
    for (size_t d = 0; fw->point && d < fw->n_points; d++) point_free(&fw->point[d]);
    for (size_t k = 0; fw->position_source && k < fw->n_actors * fw->n_points; k++) pl_free(fw->position_source[k]);
    void *arrays[] = {fw->name,      fw->title,         fw->date,    fw->path,         fw->base,
                      fw->actor,     fw->actor_name,    fw->role,    fw->holds_proposal, fw->point,
                      fw->has_position, fw->ideal,      fw->salience, fw->has_red_min, fw->has_red_max,
                      fw->red_min,   fw->red_max,       fw->position_source};
    for (size_t k = 0; k < sizeof arrays / sizeof arrays[0]; k++) pl_free(arrays[k]);
    pl_free(fw);
}

/* Allocates the per-actor and per-(actor, point) arrays once both counts are known. */
static pl_status framework_alloc_matrices(pl_framework *fw, pl_error *err)
{
    size_t na = fw->n_actors, nm = fw->n_actors * fw->n_points;
    fw->actor = pl_calloc(na, sizeof *fw->actor);
    fw->actor_name = pl_calloc(na, sizeof *fw->actor_name);
    fw->role = pl_calloc(na, sizeof *fw->role);
    fw->holds_proposal = pl_calloc(na, 1);
    fw->point = pl_calloc(fw->n_points, sizeof *fw->point);
    fw->has_position = pl_calloc(nm, 1);
    fw->ideal = pl_calloc(nm, sizeof *fw->ideal);
    fw->salience = pl_calloc(nm, sizeof *fw->salience);
    fw->has_red_min = pl_calloc(nm, 1);
    fw->has_red_max = pl_calloc(nm, 1);
    fw->red_min = pl_calloc(nm, sizeof *fw->red_min);
    fw->red_max = pl_calloc(nm, sizeof *fw->red_max);
    fw->position_source = pl_calloc(nm, sizeof *fw->position_source);
    if (!fw->actor || !fw->actor_name || !fw->role || !fw->holds_proposal || !fw->point || !fw->has_position ||
        !fw->ideal || !fw->salience || !fw->has_red_min || !fw->has_red_max || !fw->red_min || !fw->red_max ||
        !fw->position_source)
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    return PL_OK;
}

long pl_framework_find_point(const pl_framework *fw, const char *id)
{
    for (size_t d = 0; d < fw->n_points; d++)
        if (fw->point[d].id && strcmp(fw->point[d].id, id) == 0) return (long)d;
    return -1;
}

long pl_framework_find_actor(const pl_framework *fw, const char *id)
{
    for (size_t i = 0; i < fw->n_actors; i++)
        if (fw->actor[i] && strcmp(fw->actor[i], id) == 0) return (long)i;
    return -1;
}

long pl_framework_find_role(const pl_framework *fw, pl_actor_role role)
{
    for (size_t i = 0; i < fw->n_actors; i++)
        if (fw->role[i] == role) return (long)i;
    return -1;
}

size_t pl_framework_n_active(const pl_framework *fw)
{
    size_t n = 0;
    for (size_t d = 0; d < fw->n_points; d++) n += fw->point[d].status <= PL_POINT_BRACKETED;
    return n;
}

/* ---- Reading ----------------------------------------------------------------------------- */

static pl_status read_actors(yread *y, const yaml_node_t *m, pl_framework *fw)
{
    size_t i = 0;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++, i++) {
        yaml_node_t *kn = yaml_document_get_node(&y->doc, p->key), *v = yaml_document_get_node(&y->doc, p->value);
        if (!ytext(kn) || v->type != YAML_MAPPING_NODE) return yfail(y, v, ykind(v), "an actor: {name, role}");
        pl_status st = ykeys(y, v, "name|role|holds", "an actor");
        int role = 0, holds = 0;
        if (!st) st = ystring(y, v, "name", NULL, &fw->actor_name[i]);
        if (!st) st = yenum(y, v, "role", role_words, -1, &role);
        if (!st && role < 0) st = yfail(y, v, "no role", "role: attacker|defender|mediator|supporter");
        if (!st) st = yenum(y, v, "holds", "own|proposal", 0, &holds);
        if (st) return st;
        if (!(fw->actor[i] = pl_strdup(ytext(kn)))) return pl_error_set(y->err, PL_ENOMEM, "out of memory");
        long had;
        if ((st = pl_name_index_add(&y->actors, fw->actor[i], i, &had, y->err))) return st;
        if (had >= 0) return yfail(y, kn, "a repeated actor", "unique actor ids");
        fw->role[i] = (pl_actor_role)role;
        fw->holds_proposal[i] = (unsigned char)holds;
    }
    if (pl_framework_find_role(fw, PL_ROLE_ATTACKER) < 0 || pl_framework_find_role(fw, PL_ROLE_DEFENDER) < 0)
        return yfail(y, m, "actors without an attacker and a defender", "one actor with role attacker and one with role defender");
    return PL_OK;
}

static pl_status read_red_line(yread *y, const yaml_node_t *n, const pl_point *pt, size_t k, pl_framework *fw)
{
    if (n->type != YAML_MAPPING_NODE) return yfail(y, n, ykind(n), "red_line: {min: X} or {max: X}");
    pl_status st = ykeys(y, n, "min|max", "a red line");
    if (!st && yget(y, n, "min")) {
        st = ynumber(y, n, "min", pt->lo, pt->hi, &fw->red_min[k]);
        fw->has_red_min[k] = 1;
    }
    if (!st && yget(y, n, "max")) {
        st = ynumber(y, n, "max", pt->lo, pt->hi, &fw->red_max[k]);
        fw->has_red_max[k] = 1;
    }
    return st;
}

static pl_status read_positions(yread *y, const yaml_node_t *m, size_t d, pl_framework *fw)
{
    const pl_point *pt = &fw->point[d];
    if (m->type != YAML_MAPPING_NODE) return yfail(y, m, ykind(m), "positions: {actor: {ideal, salience, source}}");
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *kn = yaml_document_get_node(&y->doc, p->key), *v = yaml_document_get_node(&y->doc, p->value);
        long i = ytext(kn) ? pl_name_index_find(&y->actors, ytext(kn)) : -1;
        if (i < 0) return yfail(y, kn, ytext(kn) ? ytext(kn) : "a non-text key", "an actor listed under actors:");
        size_t k = (size_t)i * fw->n_points + d;
        if (fw->has_position[k]) return yfail(y, kn, "an actor's position a second time", "one position per actor");
        if (v->type != YAML_MAPPING_NODE) return yfail(y, v, ykind(v), "{ideal, salience, source}");
        pl_status st = ykeys(y, v, "ideal|salience|red_line|source|assumed", "a position");
        if (!st) st = ynumber(y, v, "ideal", pt->lo, pt->hi, &fw->ideal[k]);
        if (!st) st = ynumber(y, v, "salience", 0, 1, &fw->salience[k]);
        yaml_node_t *red = yget(y, v, "red_line");
        if (!st && red) st = read_red_line(y, red, pt, k, fw);
        const char *src = ytext(yget(y, v, "source")), *assumed = ytext(yget(y, v, "assumed"));
        if (!st && !src && !assumed) st = yfail(y, v, "a position without source: or assumed:", "its provenance");
        if (st) return st;
        char buf[1024];
        snprintf(buf, sizeof buf, "%s%s", src ? "" : "assumed: ", src ? src : assumed);
        if (!(fw->position_source[k] = pl_strdup(buf))) return pl_error_set(y->err, PL_ENOMEM, "out of memory");
        fw->has_position[k] = 1;
    }
    return PL_OK;
}

static pl_status read_scale(yread *y, const yaml_node_t *pn, pl_point *pt)
{
    yaml_node_t *sc = yget(y, pn, "scale");
    if (!sc || sc->type != YAML_SEQUENCE_NODE || sc->data.sequence.items.top - sc->data.sequence.items.start != 2)
        return yfail(y, sc ? sc : pn, sc ? ykind(sc) : "no scale", "scale: [LO, HI]");
    yaml_node_t *lo = yaml_document_get_node(&y->doc, sc->data.sequence.items.start[0]);
    yaml_node_t *hi = yaml_document_get_node(&y->doc, sc->data.sequence.items.start[1]);
    pl_status st = ynumber_node(y, lo, "scale", -1e9, 1e9, &pt->lo);
    if (!st) st = ynumber_node(y, hi, "scale", -1e9, 1e9, &pt->hi);
    if (!st && !(pt->hi > pt->lo)) st = yfail(y, sc, "a scale with HI <= LO", "scale: [LO, HI] with LO < HI");
    return st;
}

static pl_status read_point(yread *y, const yaml_node_t *pn, size_t d, pl_framework *fw)
{
    pl_point *pt = &fw->point[d];
    if (pn->type != YAML_MAPPING_NODE) return yfail(y, pn, ykind(pn), "a point: a mapping with id, title, ...");
    pl_status st = ykeys(y, pn,
                         "id|plan|title|content|source|scale|lo_means|hi_means|proposal|status_quo|status|effect|"
                         "record|positions|note",
                         "a point");
    if (!st) st = ystring(y, pn, "id", NULL, &pt->id);
    long had = -1;
    if (!st) st = pl_name_index_add(&y->points, pt->id, d, &had, y->err);
    if (!st && had >= 0) st = yfail(y, yget(y, pn, "id"), "a repeated point id", "unique ids");
    if (!st) st = ystring(y, pn, "plan", "", &pt->plan);
    if (!st) st = ystring(y, pn, "title", NULL, &pt->title);
    if (!st) st = ystring(y, pn, "content", NULL, &pt->content);
    if (!st) st = ystring(y, pn, "source", NULL, &pt->source);
    if (!st) st = ystring(y, pn, "lo_means", NULL, &pt->lo_means);
    if (!st) st = ystring(y, pn, "hi_means", NULL, &pt->hi_means);
    if (!st) st = ystring(y, pn, "record", "", &pt->record);
    if (!st) st = ystring(y, pn, "note", "", &pt->note);
    if (!st) st = read_scale(y, pn, pt);
    if (!st) st = ynumber(y, pn, "proposal", pt->lo, pt->hi, &pt->proposal);
    if (!st) st = ynumber(y, pn, "status_quo", pt->lo, pt->hi, &pt->status_quo);
    int status = 0, effect = 0;
    if (!st) st = yenum(y, pn, "status", status_words, 0, &status);
    if (!st) st = yenum(y, pn, "effect", effect_words, 0, &effect);
    if (st) return st;
    pt->status = (pl_point_status)status;
    pt->effect = (pl_point_effect)effect;
    yaml_node_t *pos = yget(y, pn, "positions");
    return pos ? read_positions(y, pos, d, fw) : PL_OK;
}

static pl_status read_points(yread *y, const yaml_node_t *seq, pl_framework *fw)
{
    size_t n_guarantee = 0;
    for (size_t d = 0; d < fw->n_points; d++) {
        yaml_node_t *pn = yaml_document_get_node(&y->doc, seq->data.sequence.items.start[d]);
        pl_status st = read_point(y, pn, d, fw);
        if (st) return st;
        if (fw->point[d].effect == PL_EFFECT_GUARANTEE && ++n_guarantee > 1)
            return yfail(y, pn, "a second guarantee point", "at most one point with effect: guarantee");
    }
    return PL_OK;
}

static pl_status read_narrowing(yread *y, const yaml_node_t *seq, pl_framework *fw)
{
    if (seq->type != YAML_SEQUENCE_NODE) return yfail(y, seq, ykind(seq), "narrowing: a list of {op, point, source}");
    for (yaml_node_item_t *it = seq->data.sequence.items.start; it < seq->data.sequence.items.top; it++) {
        yaml_node_t *n = yaml_document_get_node(&y->doc, *it);
        if (n->type != YAML_MAPPING_NODE) return yfail(y, n, ykind(n), "{op, point, source}");
        pl_status st = ykeys(y, n, "op|point|value|source", "a narrowing step");
        const char *op_text = ytext(yget(y, n, "op")), *id = ytext(yget(y, n, "point"));
        const char *src = ytext(yget(y, n, "source"));
        pl_narrow_op op = PL_NARROW_KEEP;
        if (!st && (!op_text || pl_narrow_op_parse(op_text, &op))) st = yfail(y, n, op_text ? op_text : "no op", "op: drop|defer|bracket|keep|set");
        if (!st && (!id || !src)) st = yfail(y, n, "a step without point: or source:", "both");
        double value = 0;
        if (!st && op == PL_NARROW_SET) st = ynumber(y, n, "value", -1e9, 1e9, &value);
        pl_error sub;
        if (!st && pl_framework_narrow(fw, id, op, value, &sub)) /* sub.msg says found and expected */
            st = pl_error_at(y->err, PL_EINPUT, y->path, yline(n), ycol(n), "%s", sub.msg);
        if (st) return st;
        long d = pl_framework_find_point(fw, id);
        char *note = pl_malloc(strlen(op_text) + strlen(src) + 3);
        if (!note) return pl_error_set(y->err, PL_ENOMEM, "out of memory");
        sprintf(note, "%s: %s", op_text, src);
        pl_free(fw->point[d].note);
        fw->point[d].note = note;
    }
    return PL_OK;
}

static pl_status framework_read_depth(const char *path, int depth, pl_framework **out, pl_error *err);

/* A file with base: reads the base, then renames and narrows it. */
static pl_status read_derived(yread *y, const yaml_node_t *root, const char *base, int depth, pl_framework **out)
{
    char full[1024];
    const char *slash = strrchr(y->path, '/');
    if (base[0] == '/' || !slash) snprintf(full, sizeof full, "%s", base);
    else snprintf(full, sizeof full, "%.*s/%s", (int)(slash - y->path), y->path, base);
    pl_status st = ykeys(y, root, "framework|title|date|base|narrowing|note", "a narrowed framework");
    if (!st) st = framework_read_depth(full, depth + 1, out, y->err);
    if (st == PL_EIO && y->err->line == 0 && strcmp(y->err->file, full) == 0) { /* say where this file names it */
        char why[PL_ERROR_MSG_MAX];
        snprintf(why, sizeof why, "%s", y->err->msg);
        const yaml_node_t *at = yget(y, root, "base");
        return pl_error_at(y->err, PL_EIO, y->path, yline(at), ycol(at),
                           "found base '%s' that cannot be read (%s), expected a framework file (path relative to this one)",
                           base, why);
    }
    if (st) return st;
    pl_framework *fw = *out;
    pl_free(fw->name);
    pl_free(fw->title);
    pl_free(fw->date);
    fw->name = fw->title = fw->date = NULL;
    st = ystring(y, root, "framework", NULL, &fw->name);
    if (!st) st = ystring(y, root, "title", NULL, &fw->title);
    if (!st) st = ystring(y, root, "date", "", &fw->date);
    pl_free(fw->base);
    fw->base = NULL;
    if (!st && !(fw->base = pl_strdup(base))) st = pl_error_set(y->err, PL_ENOMEM, "out of memory");
    yaml_node_t *nar = yget(y, root, "narrowing");
    if (!st && nar) st = read_narrowing(y, nar, fw);
    return st;
}

static pl_status read_root(yread *y, const yaml_node_t *root, int depth, pl_framework **out)
{
    if (!root || root->type != YAML_MAPPING_NODE) return yfail(y, root, ykind(root), "a framework: a mapping with framework:, actors:, points:");
    const char *base = ytext(yget(y, root, "base"));
    if (base) {
        if (depth >= MAX_BASE_DEPTH) return yfail(y, root, "bases nested too deep", "at most 4 levels of base:");
        return read_derived(y, root, base, depth, out);
    }
    pl_status st = ykeys(y, root, "framework|title|date|note|sources|actors|points", "a framework");
    if (st) return st;
    yaml_node_t *actors = yget(y, root, "actors"), *points = yget(y, root, "points");
    if (!actors || actors->type != YAML_MAPPING_NODE) return yfail(y, actors ? actors : root, ykind(actors), "actors: {id: {name, role}}");
    if (!points || points->type != YAML_SEQUENCE_NODE || points->data.sequence.items.top == points->data.sequence.items.start)
        return yfail(y, points ? points : root, ykind(points), "points: a non-empty list");
    pl_framework *fw = pl_calloc(1, sizeof *fw);
    if (!fw) return pl_error_set(y->err, PL_ENOMEM, "out of memory");
    *out = fw;
    fw->n_actors = (size_t)(actors->data.mapping.pairs.top - actors->data.mapping.pairs.start);
    fw->n_points = (size_t)(points->data.sequence.items.top - points->data.sequence.items.start);
    st = framework_alloc_matrices(fw, y->err);
    if (!st) st = ystring(y, root, "framework", NULL, &fw->name);
    if (!st) st = ystring(y, root, "title", NULL, &fw->title);
    if (!st) st = ystring(y, root, "date", "", &fw->date);
    if (!st && !(fw->base = pl_strdup(""))) st = pl_error_set(y->err, PL_ENOMEM, "out of memory");
    if (!st) st = read_actors(y, actors, fw);
    if (!st) st = read_points(y, points, fw);
    return st;
}

/* Parses a framework already read as text t (its path names it in messages and anchors a base). */
static pl_status framework_parse_depth(const pl_text *t, int depth, pl_framework **out, pl_error *err)
{
    *out = NULL;
    yaml_parser_t parser;
    yread y = {.path = t->path, .err = err};
    if (!yaml_parser_initialize(&parser)) return pl_error_set(err, PL_ENOMEM, "out of memory");
    yaml_parser_set_input_string(&parser, (const unsigned char *)t->data, t->size);
    if (!yaml_parser_load(&parser, &y.doc)) {
        pl_status st = pl_error_at(err, PL_EINPUT, t->path, (int)parser.problem_mark.line + 1,
                                   (int)parser.problem_mark.column + 1, "found invalid YAML (%s), expected a framework file",
                                   parser.problem ? parser.problem : "?");
        yaml_parser_delete(&parser);
        return st;
    }
    pl_status st = read_root(&y, yaml_document_get_root_node(&y.doc), depth, out);
    pl_name_index_free(&y.actors);
    pl_name_index_free(&y.points);
    if (!st) {
        pl_free((*out)->path); /* a narrowed framework carries its base's path until here */
        if (!((*out)->path = pl_strdup(t->path))) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    yaml_document_delete(&y.doc);
    yaml_parser_delete(&parser);
    if (st) {
        pl_framework_free(*out);
        *out = NULL;
    }
    return st;
}

static pl_status framework_read_depth(const char *path, int depth, pl_framework **out, pl_error *err)
{
    *out = NULL;
    pl_text t;
    pl_status st = pl_text_read(&t, path, err);
    if (st) return st;
    st = framework_parse_depth(&t, depth, out, err);
    pl_text_free(&t);
    return st;
}

pl_status pl_framework_parse(const char *path, const char *text, size_t size, pl_framework **out, pl_error *err)
{
    *out = NULL;
    pl_text t;
    pl_status st = pl_text_from_memory(&t, path, text, size, err);
    if (st) return st;
    st = framework_parse_depth(&t, 0, out, err);
    pl_text_free(&t);
    return st;
}

pl_status pl_framework_read(const char *path, pl_framework **out, pl_error *err)
{
    return framework_read_depth(path, 0, out, err);
}

/* ---- Narrowing --------------------------------------------------------------------------- */

int pl_narrow_op_parse(const char *text, pl_narrow_op *op)
{
    int k = pl_choice_index("keep|bracket|defer|drop|set", text);
    if (k < 0) return -1;
    *op = (pl_narrow_op)k;
    return 0;
}

pl_status pl_framework_narrow(pl_framework *fw, const char *id, pl_narrow_op op, double value, pl_error *err)
{
    long d = pl_framework_find_point(fw, id);
    if (d < 0) return pl_error_set(err, PL_EINVAL, "found point '%s', expected a point of framework %s", id, fw->name);
    pl_point *pt = &fw->point[d];
    /* The guarantee is stated by the scenario's guarantee parameters, never bargained away here. */
    if (pt->effect == PL_EFFECT_GUARANTEE && op != PL_NARROW_KEEP)
        return pl_error_set(err, PL_EINVAL, "found an operation on the guarantee point '%s', expected the guarantee to be set "
                                            "through the scenario's guarantee parameters", id);
    switch (op) {
    case PL_NARROW_SET:
        if (!(value >= pt->lo && value <= pt->hi))
            return pl_error_set(err, PL_EINVAL, "found value %g for point '%s', expected one in [%g, %g]", value, id, pt->lo, pt->hi);
        pt->proposal = value;
        pt->status = PL_POINT_IN;
        break;
    case PL_NARROW_KEEP: pt->status = PL_POINT_IN; break;
    case PL_NARROW_BRACKET: pt->status = PL_POINT_BRACKETED; break;
    case PL_NARROW_DEFER: pt->status = PL_POINT_DEFERRED; break;
    case PL_NARROW_DROP: pt->status = PL_POINT_DROPPED; break;
    }
    return PL_OK;
}
