/*
** scenario.c — reading a YAML scenario against a schema of section descriptors into a flat
** list of entries, sections, parameters and fields; the built-in header, observed series and
** calibration sections; queries and overrides on the parsed scenario.
** Layer: formats.
**
** The walk is driven by the descriptors, never by the file's key order, so the order of the
** parameter list is a property of the schema (documented in scenario.h). Every key the file
** holds must be known to the section it sits in; the first problem found is reported.
*/
#include "parley/scenario.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "parley/memory.h"
#include "parley/options.h"
#include "parley/text.h"
#include "scenario_int.h"
#include "yaml_tree.h"

/* ---- Built-in sections ------------------------------------------------------------------ */

static const pl_field_desc header_fields[] = {
    {"name", PL_FIELD_STRING, NULL, 0, 0, 1, NULL, "a short name for the scenario"},
    {"description", PL_FIELD_STRING, NULL, 0, 0, 0, "", "what the scenario represents"},
    {"start", PL_FIELD_DATE, NULL, 0, 0, 1, NULL, "the date of day 0 (YYYY-MM-DD)"},
    {"horizon_years", PL_FIELD_NUMBER, NULL, 0.00274, 100, 1, NULL, "how long a run lasts, in years"},
    {"step", PL_FIELD_ENUM, "day|week", 0, 0, 0, "day", "the recording step of series"},
    {"seed", PL_FIELD_NUMBER, NULL, 0, 9007199254740992.0, 0, NULL, "master random seed, at most 2^53 (the command's --seed wins)"},
    {"as_of", PL_FIELD_DATE, NULL, 0, 0, 0, NULL,
     "the date the scenario knows the world at (YYYY-MM-DD): no fact published after it; every source: needs published:"},
};
static const pl_section_schema header_section = {
    "scenario", PL_SECTION_SINGLE, NULL, 0, header_fields, sizeof header_fields / sizeof header_fields[0],
    NULL, 0, 0, 1, 0, "the scenario's name, start date, horizon and step"};

static const pl_field_desc observed_fields[] = {
    {"side", PL_FIELD_STRING, NULL, 0, 0, 0, NULL, "the side or party the series describes"},
    {"measure", PL_FIELD_STRING, NULL, 0, 0, 0, NULL, "the model quantity it observes (a series column name)"},
    {"units", PL_FIELD_STRING, NULL, 0, 0, 1, NULL, "units of the values"},
    {"source", PL_FIELD_STRING, NULL, 0, 0, 1, NULL, "where the numbers come from"},
    {"published", PL_FIELD_DATE, NULL, 0, 0, 0, NULL, "when the latest of the numbers was published (YYYY-MM-DD)"},
    {"start", PL_FIELD_DATE, NULL, 0, 0, 1, NULL, "the month of the first value (YYYY-MM)"},
    {"period_months", PL_FIELD_NUMBER, NULL, 1, 120, 0, "1", "months each value covers"},
    {"aggregate", PL_FIELD_ENUM, "sum|per_day|mean", 0, 0, 0, "sum",
     "a value is the period's total, its total per day, or the mean of its daily values"},
    {"weight", PL_FIELD_NUMBER, NULL, 0, 100, 0, "1", "weight of the series in a calibration (lower for weak sources)"},
    {"values", PL_FIELD_NUMBER_LIST, NULL, -1e15, 1e15, 1, NULL, "one value per period; null where unknown"},
};
static const pl_section_schema observed_section = {
    "observed", PL_SECTION_KEYED, NULL, 0, observed_fields, sizeof observed_fields / sizeof observed_fields[0],
    NULL, 0, 0, 0, 0, "observed monthly series, keyed by series name"};

static const pl_field_desc calibration_fields[] = {
    {"free", PL_FIELD_STRING_LIST, NULL, 0, 0, 0, NULL, "paths of the parameters a calibration may move"},
    {"fit", PL_FIELD_STRING_LIST, NULL, 0, 0, 0, NULL, "[first month, last month] fitted (YYYY-MM)"},
    {"test", PL_FIELD_STRING_LIST, NULL, 0, 0, 0, NULL, "[first month, last month] predicted out of sample"},
    {"posterior", PL_FIELD_STRING, NULL, 0, 0, 0, NULL,
     "a posterior file (parley calibrate --posterior-out), relative to this file: its parameters are drawn jointly"},
};
static const pl_section_schema calibration_section = {
    "calibration", PL_SECTION_SINGLE, NULL, 0, calibration_fields,
    sizeof calibration_fields / sizeof calibration_fields[0], NULL, 0, 0, 0, 0,
    "which parameters a calibration fits, and to which months"};

/* History matching (parley/war_condition.h): the record every drawn run must be consistent with.
** The simulation layer reads the record and checks these fields (it knows the series). */
static const pl_field_desc condition_fields[] = {
    {"record", PL_FIELD_STRING, NULL, 0, 0, 0, NULL,
     "the observed record's manifest (data/war/series.csv), relative to this file"},
    {"series", PL_FIELD_STRING_LIST, NULL, 0, 0, 0, NULL, "the record's series a drawn run must match"},
    {"window", PL_FIELD_STRING_LIST, NULL, 0, 0, 0, NULL, "[first month, last month] matched (YYYY-MM)"},
    {"tolerance", PL_FIELD_NUMBER, NULL, 0.01, 5, 0, NULL,
     "sd of ln(observed / model) from measurement and model discrepancy; a series' bias interval adds its spread"},
    {"source", PL_FIELD_STRING, NULL, 0, 0, 0, NULL, "where the tolerance comes from"},
    {"published", PL_FIELD_DATE, NULL, 0, 0, 0, NULL, "when that source was published (YYYY-MM-DD)"},
    {"assumed", PL_FIELD_STRING, NULL, 0, 0, 0, NULL, "why the tolerance is what it is, when no source gives it"},
    {"range", PL_FIELD_NUMBER_LIST, NULL, 0.01, 5, 0, NULL, "[low, high] the tolerances considered"},
    {"cutoff", PL_FIELD_NUMBER, NULL, 0.5, 10, 0, "3",
     "the largest implausibility kept (Pukelsheim's 3-sigma rule: 3)"},
    {"max_tries", PL_FIELD_NUMBER, NULL, 1, 1000000, 0, "1000", "candidates a run may try before it fails"},
};
static const pl_section_schema condition_section = {
    "condition", PL_SECTION_SINGLE, NULL, 0, condition_fields, sizeof condition_fields / sizeof condition_fields[0],
    NULL, 0, 1, 0, 0, "the observed record a drawn run must be consistent with (history matching by rejection)"};

static const pl_section_schema *const builtin_sections[] = {&header_section, &observed_section,
                                                            &calibration_section, &condition_section};
enum { N_BUILTIN = 4 };

/* ---- Errors ------------------------------------------------------------------------------ */

pl_status pl_scenario_fail(pl_scenario_reader *r, const pl_yaml_node *n, const char *fmt, ...)
{
    char msg[PL_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    const char *file = n && n->file ? n->file : r->file ? r->file : r->path;
    return pl_error_at(r->err, PL_EINPUT, file, n ? n->line : r->line, n ? n->col : r->col, "%s", msg);
}

pl_status pl_scenario_nomem(pl_scenario_reader *r) { return pl_error_set(r->err, PL_ENOMEM, "out of memory reading %s", r->path); }

/* Levenshtein distance, capped: enough to suggest a key for a typo. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63) return 99;
    size_t row[64];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j], best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            diag = up;
            row[j] = best;
        }
    }
    return row[lb];
}

const char *pl_scenario_suggest(const char *word, const char *const *candidates, size_t n)
{
    const char *best = NULL;
    size_t best_d = 99, limit = strlen(word) / 3 + 1;
    if (limit > 3) limit = 3;
    for (size_t k = 0; k < n; k++) {
        size_t d = edit_distance(word, candidates[k]);
        if (d < best_d) best_d = d, best = candidates[k];
    }
    if (best_d <= limit) return best;
    /* A truncated key ("horizon" for "horizon_years") is a typo too. */
    size_t len = strlen(word);
    for (size_t k = 0; k < n && len >= 4; k++)
        if (strncmp(candidates[k], word, len) == 0) return candidates[k];
    return NULL;
}

/* ---- Growing the flat lists --------------------------------------------------------------- */

#define SC_PUSH(r, arr, n, cap)                                                                                 \
    (pl_grow((void **)&(r)->sc->arr, &(r)->cap, (r)->sc->n + 1, sizeof *(r)->sc->arr) ? NULL                    \
                                                                                        : memset(&(r)->sc->arr[(r)->sc->n++], 0, sizeof *(r)->sc->arr))

static char *join_path(pl_scenario_reader *r, const char *prefix, const char *key)
{
    char buf[512];
    int n = snprintf(buf, sizeof buf, "%s%s%s", prefix, *prefix ? "." : "", key);
    if (n < 0 || (size_t)n >= sizeof buf) return NULL;
    char *p = pl_strdup(buf);
    if (!p) pl_scenario_nomem(r);
    return p;
}

/* ---- Keys ---------------------------------------------------------------------------------- */

/* Collects the keys a section accepts into keys[] (at most max); returns how many. */
static size_t section_keys(const pl_section_schema *s, const char **keys, size_t max)
{
    size_t n = 0;
    for (size_t k = 0; k < s->n_params && n < max; k++) keys[n++] = s->params[k].key;
    for (size_t k = 0; k < s->n_fields && n < max; k++) keys[n++] = s->fields[k].key;
    for (size_t k = 0; k < s->n_children && n < max; k++) keys[n++] = s->children[k]->key;
    if (s->switchable && n < max) keys[n++] = "enabled";
    return n;
}

pl_status pl_scenario_check_keys(pl_scenario_reader *r, const pl_yaml_node *m, const char *const *keys, size_t n_keys, const char *where)
{
    for (size_t k = 0; k + 1 < m->n; k += 2) {
        const pl_yaml_node *key = m->item[k];
        for (size_t j = 0; j < k; j += 2)
            if (strcmp(m->item[j]->text, key->text) == 0)
                return pl_scenario_fail(r, key, "found key '%s' a second time in %s, expected each key once", key->text, where);
        size_t i = 0;
        while (i < n_keys && strcmp(keys[i], key->text) != 0) i++;
        if (i < n_keys) continue;
        const char *near = pl_scenario_suggest(key->text, keys, n_keys);
        if (near)
            return pl_scenario_fail(r, key, "found unknown key '%.80s' in %s, expected a known key (did you mean '%s'?)",
                           key->text, where, near);
        char list[300] = "";
        for (size_t j = 0; j < n_keys && strlen(list) + strlen(keys[j]) + 3 < sizeof list; j++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", j ? ", " : "", keys[j]);
        return pl_scenario_fail(r, key, "found unknown key '%.80s' in %s, expected one of: %s", key->text, where, list);
    }
    return PL_OK;
}

/* ---- Fields ------------------------------------------------------------------------------- */

static pl_status field_scalar(pl_scenario_reader *r, const pl_yaml_node *v, pl_field *f)
{
    const pl_field_desc *d = f->desc;
    char found[96];
    pl_yaml_describe(v, found, sizeof found);
    if (v->kind != YT_SCALAR || pl_yaml_is_null(v))
        return pl_scenario_fail(r, v, "found %s for %s, expected %s", found, f->path,
                       d->kind == PL_FIELD_BOOL ? "true or false" : d->kind == PL_FIELD_NUMBER ? "a number" : "text");
    if (!(f->text = pl_strdup(v->text))) return pl_scenario_nomem(r);
    int b, y, mo, da;
    switch (d->kind) {
    case PL_FIELD_ENUM:
        if ((f->number = pl_choice_index(d->choices, v->text)) < 0)
            return pl_scenario_fail(r, v, "found %s for %s, expected one of %s", found, f->path, d->choices);
        return PL_OK;
    case PL_FIELD_BOOL:
        if (!pl_yaml_bool(v, &b)) return pl_scenario_fail(r, v, "found %s for %s, expected true or false", found, f->path);
        f->number = b;
        return PL_OK;
    case PL_FIELD_NUMBER:
        if (!pl_yaml_number(v, &f->number) || f->number < d->lo || f->number > d->hi)
            return pl_scenario_fail(r, v, "found %s for %s, expected a number in [%g, %g]", found, f->path, d->lo, d->hi);
        return PL_OK;
    case PL_FIELD_DATE:
        if (pl_date_parse(v->text, &y, &mo, &da))
            return pl_scenario_fail(r, v, "found %s for %s, expected a date YYYY-MM-DD or YYYY-MM", found, f->path);
        f->number = (double)pl_date_days(y, mo, da);
        return PL_OK;
    default: return PL_OK;
    }
}

static pl_status field_list(pl_scenario_reader *r, const pl_yaml_node *v, pl_field *f)
{
    const pl_field_desc *d = f->desc;
    int numbers = d->kind == PL_FIELD_NUMBER_LIST;
    if (v->kind != YT_SEQ) {
        char found[96];
        pl_yaml_describe(v, found, sizeof found);
        return pl_scenario_fail(r, v, "found %s for %s, expected a sequence [...] of %s", found, f->path,
                       numbers ? "numbers (null where unknown)" : "text items");
    }
    f->n_items = v->n;
    f->item_line = pl_calloc(v->n + 1, sizeof *f->item_line);
    f->item_col = pl_calloc(v->n + 1, sizeof *f->item_col);
    if (numbers) f->values = pl_calloc(v->n + 1, sizeof *f->values);
    else f->strings = pl_calloc(v->n + 1, sizeof *f->strings);
    if (!f->item_line || !f->item_col || (numbers ? !f->values : !f->strings)) return pl_scenario_nomem(r);
    for (size_t k = 0; k < v->n; k++) {
        const pl_yaml_node *it = v->item[k];
        char found[96];
        pl_yaml_describe(it, found, sizeof found);
        f->item_line[k] = it->line, f->item_col[k] = it->col;
        if (numbers) {
            if (pl_yaml_is_null(it)) f->values[k] = (double)NAN;
            else if (!pl_yaml_number(it, &f->values[k]) || f->values[k] < d->lo || f->values[k] > d->hi)
                return pl_scenario_fail(r, it, "found %s in %s, expected a number in [%g, %g] or null", found, f->path, d->lo,
                               d->hi);
        } else {
            if (it->kind != YT_SCALAR || pl_yaml_is_null(it))
                return pl_scenario_fail(r, it, "found %s in %s, expected text", found, f->path);
            if (!(f->strings[k] = pl_strdup(it->text))) return pl_scenario_nomem(r);
        }
    }
    return PL_OK;
}

static pl_status field_default(pl_scenario_reader *r, pl_field *f)
{
    const pl_field_desc *d = f->desc;
    if (!d->deflt) return PL_OK;
    if (!(f->text = pl_strdup(d->deflt))) return pl_scenario_nomem(r);
    if (d->kind == PL_FIELD_ENUM) f->number = pl_choice_index(d->choices, d->deflt);
    else if (d->kind == PL_FIELD_BOOL) f->number = strcmp(d->deflt, "true") == 0;
    else sscanf(d->deflt, "%lf", &f->number);
    return PL_OK;
}

static pl_status read_field(pl_scenario_reader *r, const pl_yaml_node *body, const pl_field_desc *d, const char *path, int section,
                            int owner, int enabled)
{
    pl_field *f = SC_PUSH(r, field, n_fields, cap_field);
    if (!f) return pl_scenario_nomem(r);
    f->desc = d;
    f->section = section;
    f->owner = owner;
    f->file = body ? body->file : r->file;
    f->line = body ? body->line : r->line;
    f->col = body ? body->col : r->col;
    if (!(f->path = join_path(r, path, d->key))) return r->err->code ? r->err->code : pl_scenario_nomem(r);
    const pl_yaml_node *v = pl_yaml_get(body, d->key);
    if (!v) {
        if (d->required && enabled)
            return pl_scenario_fail(r, body, "missing key '%s' in %s, expected it (%s)", d->key, path, d->help);
        return field_default(r, f);
    }
    f->given = 1;
    f->file = v->file;
    f->line = v->line, f->col = v->col;
    if (d->kind == PL_FIELD_STRING_LIST || d->kind == PL_FIELD_NUMBER_LIST) return field_list(r, v, f);
    return field_scalar(r, v, f);
}

/* ---- Sections ------------------------------------------------------------------------------ */

static pl_status read_section(pl_scenario_reader *r, const pl_yaml_node *body, const pl_section_schema *s, const char *path,
                              int owner, int provenance);

static int is_valid_id(const char *id)
{
    size_t n = strlen(id);
    if (n == 0 || n > SC_ID_MAX) return 0;
    for (const char *p = id; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_' ||
              *p == '-'))
            return 0;
    return 1;
}

static pl_status read_keyed(pl_scenario_reader *r, const pl_yaml_node *m, const pl_section_schema *s, const char *path, int owner,
                            int provenance)
{
    if (!m) return PL_OK;
    char found[96];
    pl_yaml_describe(m, found, sizeof found);
    if (m->kind != YT_MAP && !pl_yaml_is_null(m))
        return pl_scenario_fail(r, m, "found %s for %s, expected a mapping of id: {...} entries", found, path);
    for (size_t k = 0; k + 1 < m->n; k += 2) {
        const pl_yaml_node *key = m->item[k];
        if (!is_valid_id(key->text))
            return pl_scenario_fail(r, key, "found id '%.80s' in %s, expected 1 to %d letters, digits, '_' or '-'", key->text,
                           path, SC_ID_MAX);
        for (size_t j = 0; j < k; j += 2)
            if (strcmp(m->item[j]->text, key->text) == 0)
                return pl_scenario_fail(r, key, "found id '%s' a second time in %s, expected each id once", key->text, path);
        pl_entry *e = SC_PUSH(r, entry, n_entries, cap_entry);
        if (!e) return pl_scenario_nomem(r);
        e->schema = s;
        e->owner = owner;
        e->file = key->file;
        e->line = key->line, e->col = key->col;
        int index = (int)r->sc->n_entries - 1;
        if (!(e->path = join_path(r, path, key->text)) || !(e->id = pl_strdup(key->text)))
            return r->err->code ? r->err->code : pl_scenario_nomem(r);
        int saved_line = r->line, saved_col = r->col;
        const char *saved_file = r->file;
        r->file = key->file, r->line = key->line, r->col = key->col;
        pl_status st = read_section(r, m->item[k + 1], s, r->sc->entry[index].path, index, provenance);
        r->file = saved_file, r->line = saved_line, r->col = saved_col;
        if (st) return st;
    }
    return PL_OK;
}

static pl_status read_children(pl_scenario_reader *r, const pl_yaml_node *body, const pl_section_schema *s, const char *path,
                               int owner, int provenance)
{
    for (size_t k = 0; k < s->n_children; k++) {
        const pl_section_schema *c = s->children[k];
        const pl_yaml_node *v = pl_yaml_get(body, c->key);
        char *sub = join_path(r, path, c->key);
        if (!sub) return r->err->code ? r->err->code : pl_scenario_nomem(r);
        pl_status st;
        if (!v && c->required) st = pl_scenario_fail(r, body, "missing section '%s' in %s, expected it (%s)", c->key, path, c->help);
        else if (c->shape == PL_SECTION_KEYED) st = read_keyed(r, v, c, sub, owner, provenance || c->provenance);
        else st = read_section(r, v, c, sub, owner, provenance || c->provenance);
        pl_free(sub);
        if (st) return st;
    }
    return PL_OK;
}

static pl_status read_section(pl_scenario_reader *r, const pl_yaml_node *body, const pl_section_schema *s, const char *path,
                              int owner, int provenance)
{
    provenance = provenance || s->provenance;
    if (body && pl_yaml_is_null(body)) body = NULL;
    if (body && body->kind != YT_MAP) {
        char found[96];
        pl_yaml_describe(body, found, sizeof found);
        return pl_scenario_fail(r, body, "found %s for %s, expected a mapping of its settings", found, path);
    }
    pl_section *sec = SC_PUSH(r, section, n_sections, cap_section);
    if (!sec) return pl_scenario_nomem(r);
    int index = (int)r->sc->n_sections - 1;
    sec->schema = s;
    sec->owner = owner;
    sec->enabled = 1;
    sec->given = body != NULL;
    sec->file = body ? body->file : r->file;
    sec->line = body ? body->line : r->line;
    sec->col = body ? body->col : r->col;
    if (!(sec->path = pl_strdup(path))) return pl_scenario_nomem(r);
    if (body) {
        const char *keys[256];
        size_t n = section_keys(s, keys, 256);
        pl_status st = pl_scenario_check_keys(r, body, keys, n, path);
        if (st) return st;
        const pl_yaml_node *en = pl_yaml_get(body, "enabled");
        int on;
        if (en && !pl_yaml_bool(en, &on)) return pl_scenario_fail(r, en, "found %s for %s.enabled, expected true or false", en->text ? en->text : "a collection", path);
        if (en) r->sc->section[index].enabled = on;
    }
    int enabled = r->sc->section[index].enabled;
    for (size_t k = 0; k < s->n_fields; k++) {
        pl_status st = read_field(r, body, &s->fields[k], path, index, owner, enabled);
        if (st) return st;
    }
    for (size_t k = 0; k < s->n_params; k++) {
        pl_status st = pl_scenario_read_param(r, body, &s->params[k], path, index, owner, enabled, provenance);
        if (st) return st;
    }
    return read_children(r, body, s, path, owner, provenance);
}

/* ---- The whole file ---------------------------------------------------------------------- */

static const pl_section_schema *find_top(const pl_scenario_schema *schema, const char *key)
{
    for (size_t k = 0; k < N_BUILTIN; k++)
        if (strcmp(builtin_sections[k]->key, key) == 0) return builtin_sections[k];
    for (size_t k = 0; schema && k < schema->n_sections; k++)
        if (strcmp(schema->sections[k]->key, key) == 0) return schema->sections[k];
    return NULL;
}

static pl_status read_top(pl_scenario_reader *r, const pl_yaml_node *root, const pl_scenario_schema *schema)
{
    const char *keys[128];
    size_t n = 0;
    for (size_t k = 0; k < N_BUILTIN; k++) keys[n++] = builtin_sections[k]->key;
    for (size_t k = 0; schema && k < schema->n_sections && n < 128; k++) keys[n++] = schema->sections[k]->key;
    pl_status st = pl_scenario_check_keys(r, root, keys, n, "the scenario file");
    if (st) return st;
    r->file = root->file, r->line = root->line, r->col = root->col;
    for (size_t k = 0; k < n && !st; k++) {
        const pl_section_schema *s = find_top(schema, keys[k]);
        const pl_yaml_node *v = pl_yaml_get(root, s->key);
        if (!v && s->required) st = pl_scenario_fail(r, root, "missing section '%s', expected it (%s)", s->key, s->help);
        else if (s->shape == PL_SECTION_KEYED) st = read_keyed(r, v, s, s->key, -1, s->provenance);
        else st = read_section(r, v, s, s->key, -1, s->provenance);
    }
    return st;
}

/* ---- Included files ------------------------------------------------------------------------ */

enum { MAX_INCLUDES = 8 };

/* The path of an included file named rel in the file `from`. */
static void resolve_beside(const char *from, const char *rel, char *out, size_t size)
{
    const char *slash = strrchr(from, '/');
    if (rel[0] == '/' || !slash) snprintf(out, size, "%s", rel);
    else snprintf(out, size, "%.*s/%s", (int)(slash - from), from, rel);
}

/* Adds the pairs of mapping `from` to mapping `into`; a key in both is an error at from's. */
static pl_status merge_keys(pl_scenario_reader *r, pl_arena *arena, pl_yaml_node *into, const pl_yaml_node *from, const char *where)
{
    for (size_t k = 0; k + 1 < from->n; k += 2) {
        const pl_yaml_node *key = from->item[k];
        for (size_t j = 0; j + 1 < into->n; j += 2)
            if (strcmp(into->item[j]->text, key->text) == 0)
                return pl_scenario_fail(r, key, "found %s%s%s here and at %s:%d:%d, expected it in one file only", where,
                               *where ? "." : "", key->text, into->item[j]->file, into->item[j]->line,
                               into->item[j]->col);
        if (pl_yaml_append(arena, into, from->item[k]) || pl_yaml_append(arena, into, from->item[k + 1])) return pl_scenario_nomem(r);
    }
    return PL_OK;
}

/* Joins the top-level sections of an included file's root to the scenario's. */
static pl_status merge_top(pl_scenario_reader *r, pl_arena *arena, pl_yaml_node *root, const pl_yaml_node *part)
{
    for (size_t k = 0; k + 1 < part->n; k += 2) {
        const pl_yaml_node *key = part->item[k], *value = part->item[k + 1];
        if (strcmp(key->text, "scenario") == 0 || strcmp(key->text, "include") == 0)
            return pl_scenario_fail(r, key, "found %s: in an included file, expected only sections (the including scenario "
                           "holds the header and the includes)", key->text);
        pl_yaml_node *mine = NULL, *other = NULL;
        for (size_t j = 0; j + 1 < root->n && !mine; j += 2)
            if (strcmp(root->item[j]->text, key->text) == 0) other = root->item[j], mine = root->item[j + 1];
        if (!mine) {
            if (pl_yaml_append(arena, root, part->item[k]) || pl_yaml_append(arena, root, part->item[k + 1])) return pl_scenario_nomem(r);
            continue;
        }
        if (mine->kind != YT_MAP || value->kind != YT_MAP)
            return pl_scenario_fail(r, key, "found section %s here and at %s:%d:%d, expected it in one file only (or mappings "
                           "in both, merged key by key)", key->text, other->file, other->line, other->col);
        pl_status st = merge_keys(r, arena, mine, value, key->text);
        if (st) return st;
    }
    return PL_OK;
}

/* Reads one included file named by the scalar n. */
static pl_status read_include(pl_scenario_reader *r, pl_arena *arena, pl_yaml_node *root, const pl_yaml_node *n)
{
    pl_scenario *sc = r->sc;
    char found[96], full[1024];
    pl_yaml_describe(n, found, sizeof found);
    if (n->kind != YT_SCALAR || pl_yaml_is_null(n) || !n->text[0])
        return pl_scenario_fail(r, n, "found %s for include, expected a file path (relative to this file)", found);
    if (sc->n_files >= MAX_INCLUDES) return pl_scenario_fail(r, n, "found more than %d included files, expected fewer", MAX_INCLUDES);
    resolve_beside(n->file, n->text, full, sizeof full);
    char **files = pl_realloc(sc->files, (sc->n_files + 1) * sizeof *files);
    if (!files) return pl_scenario_nomem(r);
    sc->files = files;
    if (!(sc->files[sc->n_files] = pl_strdup(full))) return pl_scenario_nomem(r);
    const char *path = sc->files[sc->n_files++];
    struct stat sb;
    if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode)) /* a device or a FIFO could be endless */
        return pl_scenario_fail(r, n, "found include '%.200s' that is not a regular file, expected a file of scenario sections",
                       n->text);
    pl_text t;
    pl_error sub;
    pl_status st = pl_text_read(&t, path, &sub);
    if (st == PL_EIO)
        return pl_scenario_fail(r, n, "found include '%.200s' that cannot be read (%s), expected a file of scenario sections "
                       "(path relative to this file)", n->text, sub.msg);
    if (st) return *r->err = sub, st;
    pl_yaml_node *part = NULL;
    st = pl_yaml_parse(path, t.data, t.size, arena, &part, r->err);
    pl_text_free(&t);
    if (st) return st;
    if (!part || part->kind != YT_MAP)
        return pl_error_at(r->err, PL_EINPUT, path, part ? part->line : 1, part ? part->col : 1,
                           "found %s, expected a mapping of scenario sections (sides:, ...)", part ? "no mapping" : "an empty file");
    return merge_top(r, arena, root, part);
}

/* Replaces `include:` in root by the sections of the files it names. */
static pl_status read_includes(pl_scenario_reader *r, pl_arena *arena, pl_yaml_node *root)
{
    size_t at = 0;
    while (at + 1 < root->n && strcmp(root->item[at]->text, "include") != 0) at += 2;
    if (at + 1 >= root->n) return PL_OK;
    const pl_yaml_node *inc = root->item[at + 1];
    memmove(&root->item[at], &root->item[at + 2], (root->n - at - 2) * sizeof *root->item);
    root->n -= 2;
    if (inc->kind != YT_SEQ) return read_include(r, arena, root, inc);
    pl_status st = PL_OK;
    for (size_t k = 0; !st && k < inc->n; k++) st = read_include(r, arena, root, inc->item[k]);
    return st;
}

/* scenario.as_of, read before the walk so that every source can be checked where it is read. */
static pl_status peek_as_of(pl_scenario_reader *r, const pl_yaml_node *root)
{
    const pl_yaml_node *v = pl_yaml_get(pl_yaml_get(root, "scenario"), "as_of");
    int y, m, d;
    if (!v || v->kind != YT_SCALAR) return PL_OK; /* the header's own walk reports a bad shape */
    if (strlen(v->text) != 10 || pl_date_parse(v->text, &y, &m, &d))
        return pl_scenario_fail(r, v, "found '%.40s' for scenario.as_of, expected a date YYYY-MM-DD", v->text);
    r->sc->has_as_of = 1;
    r->sc->as_of = pl_date_days(y, m, d);
    return PL_OK;
}

static pl_status parse_root(pl_scenario_reader *r, pl_arena *arena, const char *text, size_t size, const pl_scenario_schema *schema)
{
    pl_yaml_node *root = NULL;
    pl_status st = pl_yaml_parse(r->sc->path, text, size, arena, &root, r->err);
    if (st) return st;
    if (!root) return pl_error_at(r->err, PL_EINPUT, r->path, 1, 1, "found an empty file, expected a scenario mapping");
    if (root->kind != YT_MAP) {
        char found[96];
        pl_yaml_describe(root, found, sizeof found);
        return pl_scenario_fail(r, root, "found %s at the top, expected a mapping with scenario:, sides:, ...", found);
    }
    st = read_includes(r, arena, root);
    if (!st) st = peek_as_of(r, root);
    if (!st) st = read_top(r, root, schema);
    if (!st) st = pl_scenario_finish(r);
    if (!st) st = pl_scenario_read_posterior(r);
    return st;
}

pl_status pl_scenario_parse_flags(const char *path, const char *text, size_t size, const pl_scenario_schema *schema,
                                  unsigned flags, pl_scenario **out, pl_error *err)
{
    pl_error_clear(err);
    *out = NULL;
    pl_arena *arena = pl_arena_create(0);
    pl_scenario *sc = pl_calloc(1, sizeof *sc);
    pl_scenario_reader r;
    memset(&r, 0, sizeof r);
    r.path = path;
    r.sc = sc;
    r.err = err;
    r.flags = flags;
    if (sc) sc->flags = flags;
    r.line = r.col = 1;
    pl_status st = arena && sc && (sc->path = pl_strdup(path)) ? PL_OK : pl_scenario_nomem(&r);
    r.file = sc ? sc->path : path;
    if (!st) st = parse_root(&r, arena, text, size, schema);
    pl_arena_free(arena);
    if (st) {
        pl_scenario_free(sc);
        return st;
    }
    *out = sc;
    return PL_OK;
}

pl_status pl_scenario_parse(const char *path, const char *text, size_t size, const pl_scenario_schema *schema,
                            pl_scenario **out, pl_error *err)
{
    return pl_scenario_parse_flags(path, text, size, schema, 0, out, err);
}

pl_status pl_scenario_read_flags(const char *path, const pl_scenario_schema *schema, unsigned flags, pl_scenario **out,
                                 pl_error *err)
{
    pl_text t;
    *out = NULL;
    pl_status st = pl_text_read(&t, path, err);
    if (st) return st;
    st = pl_scenario_parse_flags(path, t.data, t.size, schema, flags, out, err);
    pl_text_free(&t);
    return st;
}

pl_status pl_scenario_read(const char *path, const pl_scenario_schema *schema, pl_scenario **out, pl_error *err)
{
    return pl_scenario_read_flags(path, schema, 0, out, err);
}

static void free_field(pl_field *f)
{
    pl_free(f->path);
    pl_free(f->text);
    pl_free(f->values);
    for (size_t k = 0; f->strings && k < f->n_items; k++) pl_free(f->strings[k]);
    pl_free(f->strings);
    pl_free(f->item_line);
    pl_free(f->item_col);
}

void pl_scenario_free(pl_scenario *sc)
{
    if (!sc) return;
    for (size_t k = 0; k < sc->n_entries; k++) pl_free(sc->entry[k].path), pl_free(sc->entry[k].id);
    for (size_t k = 0; k < sc->n_sections; k++) pl_free(sc->section[k].path);
    for (size_t k = 0; k < sc->n_params; k++)
        pl_free(sc->param[k].path), pl_free(sc->param[k].source), pl_free(sc->param[k].assumed);
    for (size_t k = 0; k < sc->n_fields; k++) free_field(&sc->field[k]);
    for (size_t k = 0; k < sc->n_series; k++) {
        pl_obs_series *s = &sc->series[k];
        pl_free(s->name), pl_free(s->entity), pl_free(s->measure), pl_free(s->units), pl_free(s->source), pl_free(s->values);
    }
    pl_free(sc->entry);
    pl_free(sc->section);
    pl_free(sc->param);
    pl_free(sc->field);
    pl_free(sc->series);
    pl_free(sc->free_param);
    for (size_t k = 0; k < sc->n_files; k++) pl_free(sc->files[k]);
    pl_free(sc->files);
    pl_free(sc->after_as_of_first);
    pl_posterior_free(sc->posterior);
    pl_free(sc->path);
    pl_free(sc->name);
    pl_free(sc->description);
    pl_free(sc);
}
