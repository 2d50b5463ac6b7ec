/*
** result.c — the one result writer: typed tables of rows and a document of them, written as a
** table for people, CSV, JSON or SQLite, with numbers in their shortest round-trip form.
** Layer: formats.
*/
#include "parley/result.h"

#include "formats/result_int.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parley/json.h"
#include "parley/memory.h"
#include "parley/outfile.h"

typedef pl_result_cell cell;
typedef pl_result_column column;
typedef pl_result_meta meta;

/* ---- Numbers ------------------------------------------------------------------------------ */

size_t pl_format_double(double v, char *buf, size_t size)
{
    if (!size) return 0;
    buf[0] = '\0';
    if (!isfinite(v)) return 0;
    char tmp[40];
    int digits = 1;
    for (; digits <= 17; digits++) {
        snprintf(tmp, sizeof tmp, "%.*g", digits, v);
        if (strtod(tmp, NULL) == v) break;
    }
    /* %g writes 100 as 1e+02 when one digit suffices; like Python's repr, keep the exponent only
    ** for magnitudes below 1e-4 or from 1e16 on, and write the others in fixed notation with the
    ** same digits. */
    const char *e = strchr(tmp, 'e');
    long x = e ? strtol(e + 1, NULL, 10) : 0;
    if (e && x >= -4 && x < 16) snprintf(tmp, sizeof tmp, "%.*f", (int)(digits - 1 - x > 0 ? digits - 1 - x : 0), v);
    if (strcmp(tmp, "-0") == 0) snprintf(tmp, sizeof tmp, "0"); /* −0 is 0 to every reader */
    snprintf(buf, size, "%s", tmp);
    return strlen(buf);
}

/* ---- Tables ------------------------------------------------------------------------------- */

static char *dup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = pl_malloc(n);
    if (d) memcpy(d, s, n);
    return d;
}

static int valid_name(const char *s)
{
    if (!s || !(isalpha((unsigned char)*s) || *s == '_')) return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_')) return 0;
    return 1;
}

pl_result_table *pl_result_table_create(const char *name, const char *title)
{
    if (!valid_name(name)) return NULL;
    pl_result_table *t = pl_calloc(1, sizeof *t);
    if (!t) return NULL;
    t->name = dup(name);
    t->title = title ? dup(title) : NULL;
    if (!t->name || (title && !t->title)) {
        pl_result_table_free(t);
        return NULL;
    }
    return t;
}

void pl_result_table_free(pl_result_table *t)
{
    if (!t) return;
    for (size_t k = 0; k < t->n_rows * t->n_cols; k++) pl_free(t->cells[k].text);
    for (size_t c = 0; c < t->n_cols; c++) {
        pl_free(t->col[c].name);
        pl_free(t->col[c].label);
    }
    pl_free(t->cells);
    pl_free(t->col);
    pl_free(t->name);
    pl_free(t->title);
    pl_free(t);
}

/* Grows *p (of *cap elements of size each) to hold at least need. */
static int grow(void **p, size_t *cap, size_t need, size_t each)
{
    if (need <= *cap) return 0;
    size_t n = *cap ? 2 * *cap : 8;
    while (n < need) n *= 2;
    void *q = pl_realloc(*p, n * each);
    if (!q) return -1;
    *p = q;
    *cap = n;
    return 0;
}

pl_status pl_result_table_add_column(pl_result_table *t, const char *name, pl_column_type type, const char *label,
                                     pl_error *err)
{
    if (t->n_rows) return pl_error_set(err, PL_EINVAL, "found column '%s' after rows, expected columns first", name);
    if (pl_result_table_find_column(t, name) >= 0)
        return pl_error_set(err, PL_EINVAL, "found column '%s' twice in table %s, expected each once", name, t->name);
    if (grow((void **)&t->col, &t->cap_cols, t->n_cols + 1, sizeof *t->col)) return pl_error_set(err, PL_ENOMEM, "out of memory");
    column *c = &t->col[t->n_cols];
    c->name = dup(name);
    c->label = dup(label ? label : name);
    c->type = type;
    if (!c->name || !c->label) {
        pl_free(c->name);
        pl_free(c->label);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    t->n_cols++;
    return PL_OK;
}

pl_status pl_result_table_add_row(pl_result_table *t, pl_error *err)
{
    size_t cap = t->cap_rows;
    if (grow((void **)&t->cells, &cap, (t->n_rows + 1) * (t->n_cols ? t->n_cols : 1), sizeof *t->cells))
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    t->cap_rows = cap;
    cell *row = t->cells + t->n_rows * t->n_cols;
    for (size_t c = 0; c < t->n_cols; c++) row[c] = (cell){(double)NAN, NULL};
    t->n_rows++;
    return PL_OK;
}

static cell *last(pl_result_table *t, size_t col)
{
    return t->n_rows && col < t->n_cols ? &t->cells[(t->n_rows - 1) * t->n_cols + col] : NULL;
}

void pl_result_set_real(pl_result_table *t, size_t col, double v)
{
    cell *c = last(t, col);
    if (c) c->x = isfinite(v) ? v : (double)NAN;
}

void pl_result_set_int(pl_result_table *t, size_t col, long long v) { pl_result_set_real(t, col, (double)v); }

pl_status pl_result_set_text(pl_result_table *t, size_t col, const char *v, pl_error *err)
{
    cell *c = last(t, col);
    if (!c) return PL_OK;
    pl_free(c->text);
    c->text = NULL;
    if (v && !(c->text = dup(v))) return pl_error_set(err, PL_ENOMEM, "out of memory");
    return PL_OK;
}

long pl_result_table_find_column(const pl_result_table *t, const char *name)
{
    for (size_t c = 0; c < t->n_cols; c++)
        if (strcmp(t->col[c].name, name) == 0) return (long)c;
    return -1;
}

const char *pl_result_table_name(const pl_result_table *t) { return t->name; }
size_t pl_result_table_n_rows(const pl_result_table *t) { return t->n_rows; }
size_t pl_result_table_n_columns(const pl_result_table *t) { return t->n_cols; }
const char *pl_result_table_column_name(const pl_result_table *t, size_t col) { return col < t->n_cols ? t->col[col].name : NULL; }

static const cell *at(const pl_result_table *t, size_t row, size_t col)
{
    return row < t->n_rows && col < t->n_cols ? &t->cells[row * t->n_cols + col] : NULL;
}

double pl_result_table_real(const pl_result_table *t, size_t row, size_t col)
{
    const cell *c = at(t, row, col);
    return c && t->col[col].type != PL_COL_TEXT ? c->x : (double)NAN;
}

const char *pl_result_table_text(const pl_result_table *t, size_t row, size_t col)
{
    const cell *c = at(t, row, col);
    return c && t->col[col].type == PL_COL_TEXT ? c->text : NULL;
}

pl_status pl_result_table_long(const pl_result_table *t, size_t n_id, pl_result_table **out, pl_error *err)
{
    *out = NULL;
    if (n_id > t->n_cols) n_id = t->n_cols;
    char name[256];
    snprintf(name, sizeof name, "%s_long", t->name);
    pl_result_table *l = pl_result_table_create(name, t->title);
    if (!l) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = PL_OK;
    for (size_t c = 0; !st && c < n_id; c++) st = pl_result_table_add_column(l, t->col[c].name, t->col[c].type, t->col[c].label, err);
    if (!st) st = pl_result_table_add_column(l, "variable", PL_COL_TEXT, NULL, err);
    if (!st) st = pl_result_table_add_column(l, "value", PL_COL_REAL, NULL, err);
    for (size_t r = 0; !st && r < t->n_rows; r++)
        for (size_t c = n_id; !st && c < t->n_cols; c++) {
            st = pl_result_table_add_row(l, err);
            for (size_t i = 0; !st && i < n_id; i++) {
                const cell *x = at(t, r, i);
                if (t->col[i].type == PL_COL_TEXT) st = pl_result_set_text(l, i, x->text, err);
                else pl_result_set_real(l, i, x->x);
            }
            if (!st) st = pl_result_set_text(l, n_id, t->col[c].name, err);
            if (!st) pl_result_set_real(l, n_id + 1, pl_result_table_real(t, r, c));
        }
    if (st) pl_result_table_free(l);
    else *out = l;
    return st;
}

/* ---- Writing one table -------------------------------------------------------------------- */

/* A cell as CSV or JSON-number text: "" when missing. */
static void cell_number(const pl_result_table *t, size_t c, const cell *x, char *buf, size_t size)
{
    if (!isfinite(x->x)) buf[0] = '\0';
    else if (t->col[c].type == PL_COL_INT && fabs(x->x) < 9e15 && x->x == floor(x->x)) snprintf(buf, size, "%.0f", x->x);
    else pl_format_double(x->x, buf, size);
}

/* A cell as a table shows it. */
static const char *cell_human(const pl_result_table *t, size_t c, const cell *x, char *buf, size_t size)
{
    if (t->col[c].type == PL_COL_TEXT) return x->text ? pl_table_text(x->text, buf, size) : "none";
    if (!isfinite(x->x)) return "none";
    switch (t->col[c].type) {
    case PL_COL_INT: snprintf(buf, size, "%.0f", x->x); break;
    case PL_COL_SHARE: snprintf(buf, size, "%.1f%%", 100 * x->x); break;
    default: snprintf(buf, size, "%.4g", x->x); break;
    }
    return buf;
}

/* One cell of a table for people: text left-aligned (the last column unpadded), numbers right. */
static void human_cell(const pl_result_table *t, size_t c, size_t w, const char *text, FILE *fp)
{
    if (c) fputs("  ", fp);
    if (t->col[c].type != PL_COL_TEXT) fprintf(fp, "%*s", (int)w, text);
    else if (c + 1 == t->n_cols) fputs(text, fp);
    else fprintf(fp, "%-*s", (int)w, text);
}

static pl_status write_human(const pl_result_table *t, FILE *fp, pl_error *err)
{
    size_t *w = pl_calloc(t->n_cols ? t->n_cols : 1, sizeof *w);
    if (!w) return pl_error_set(err, PL_ENOMEM, "out of memory");
    char buf[PL_TABLE_TEXT_MAX];
    for (size_t c = 0; c < t->n_cols; c++) {
        w[c] = strlen(t->col[c].label);
        for (size_t r = 0; r < t->n_rows; r++) {
            size_t n = strlen(cell_human(t, c, at(t, r, c), buf, sizeof buf));
            if (n > w[c]) w[c] = n;
        }
    }
    if (t->title) fprintf(fp, "%s\n", pl_table_text(t->title, buf, sizeof buf));
    for (size_t c = 0; c < t->n_cols; c++) human_cell(t, c, w[c], t->col[c].label, fp);
    fputc('\n', fp);
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cols; c++) human_cell(t, c, w[c], cell_human(t, c, at(t, r, c), buf, sizeof buf), fp);
        fputc('\n', fp);
    }
    pl_free(w);
    return PL_OK;
}

static void write_csv(const pl_result_table *t, FILE *fp)
{
    char buf[40];
    for (size_t c = 0; c < t->n_cols; c++) {
        if (c) fputc(',', fp);
        pl_csv_write_field(fp, t->col[c].name);
    }
    fputc('\n', fp);
    for (size_t r = 0; r < t->n_rows; r++) {
        for (size_t c = 0; c < t->n_cols; c++) {
            const cell *x = at(t, r, c);
            if (c) fputc(',', fp);
            if (t->col[c].type == PL_COL_TEXT) {
                if (x->text) pl_csv_write_field(fp, x->text);
            } else {
                cell_number(t, c, x, buf, sizeof buf);
                fputs(buf, fp);
            }
        }
        fputc('\n', fp);
    }
}

/* A JSON string, escaped by jansson (ASCII only, as pl_json_dump writes). */
static void json_text(FILE *fp, const char *s)
{
    json_t *j = json_string(s);
    char *d = j ? json_dumps(j, JSON_ENCODE_ANY | JSON_ENSURE_ASCII) : NULL;
    fputs(d ? d : "null", fp);
    free(d);
    json_decref(j);
}

static void json_rows(const pl_result_table *t, FILE *fp, const char *indent)
{
    char buf[40];
    fputc('[', fp);
    for (size_t r = 0; r < t->n_rows; r++) {
        fprintf(fp, "%s\n%s  {", r ? "," : "", indent);
        for (size_t c = 0; c < t->n_cols; c++) {
            const cell *x = at(t, r, c);
            if (c) fputs(", ", fp);
            json_text(fp, t->col[c].name);
            fputs(": ", fp);
            if (t->col[c].type == PL_COL_TEXT) {
                if (x->text) json_text(fp, x->text);
                else fputs("null", fp);
            } else {
                cell_number(t, c, x, buf, sizeof buf);
                fputs(buf[0] ? buf : "null", fp);
            }
        }
        fputc('}', fp);
    }
    if (t->n_rows) fprintf(fp, "\n%s", indent);
    fputc(']', fp);
}

pl_status pl_result_table_write(const pl_result_table *t, pl_result_format fmt, FILE *fp, pl_error *err)
{
    pl_status st = PL_OK;
    switch (fmt) {
    case PL_RESULT_TABLE: st = write_human(t, fp, err); break;
    case PL_RESULT_CSV: write_csv(t, fp); break;
    case PL_RESULT_JSON:
        json_rows(t, fp, "");
        fputc('\n', fp);
        break;
    default: return pl_error_set(err, PL_EINVAL, "a single table is written as a table, CSV or JSON, not SQLite");
    }
    return st ? st : pl_write_status(fp, err);
}

/* ---- Documents ---------------------------------------------------------------------------- */

pl_result_doc *pl_result_doc_create(void) { return pl_calloc(1, sizeof(pl_result_doc)); }

void pl_result_doc_free(pl_result_doc *d)
{
    if (!d) return;
    for (size_t k = 0; k < d->n_meta; k++) {
        pl_free(d->meta[k].key);
        pl_free(d->meta[k].text);
    }
    for (size_t k = 0; k < d->n_tables; k++) pl_result_table_free(d->table[k]);
    pl_free(d->meta);
    pl_free(d->table);
    pl_free(d);
}

static pl_status meta_slot(pl_result_doc *d, const char *key, meta **out, pl_error *err)
{
    for (size_t k = 0; k < d->n_meta; k++)
        if (strcmp(d->meta[k].key, key) == 0) {
            pl_free(d->meta[k].text);
            d->meta[k].text = NULL;
            *out = &d->meta[k];
            return PL_OK;
        }
    if (grow((void **)&d->meta, &d->cap_meta, d->n_meta + 1, sizeof *d->meta)) return pl_error_set(err, PL_ENOMEM, "out of memory");
    meta *m = &d->meta[d->n_meta];
    *m = (meta){dup(key), NULL, 0, 0};
    if (!m->key) return pl_error_set(err, PL_ENOMEM, "out of memory");
    d->n_meta++;
    *out = m;
    return PL_OK;
}

pl_status pl_result_doc_meta_text(pl_result_doc *d, const char *key, const char *value, pl_error *err)
{
    meta *m;
    pl_status st = meta_slot(d, key, &m, err);
    if (!st && !(m->text = dup(value ? value : ""))) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    return st;
}

pl_status pl_result_doc_meta_real(pl_result_doc *d, const char *key, double value, pl_error *err)
{
    meta *m;
    pl_status st = meta_slot(d, key, &m, err);
    if (!st) m->x = value, m->is_int = 0;
    return st;
}

pl_status pl_result_doc_meta_int(pl_result_doc *d, const char *key, long long value, pl_error *err)
{
    meta *m;
    pl_status st = meta_slot(d, key, &m, err);
    if (!st) m->x = (double)value, m->is_int = 1;
    return st;
}

pl_status pl_result_doc_add_table(pl_result_doc *d, pl_result_table *t, pl_error *err)
{
    if (!t) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_status st = PL_OK;
    if (pl_result_doc_find(d, t->name))
        st = pl_error_set(err, PL_EINVAL, "found table '%s' twice in one result, expected each once", t->name);
    else if (grow((void **)&d->table, &d->cap_tables, d->n_tables + 1, sizeof *d->table))
        st = pl_error_set(err, PL_ENOMEM, "out of memory");
    if (st) {
        pl_result_table_free(t);
        return st;
    }
    d->table[d->n_tables++] = t;
    return PL_OK;
}

size_t pl_result_doc_n_tables(const pl_result_doc *d) { return d->n_tables; }
pl_result_table *pl_result_doc_table(const pl_result_doc *d, size_t k) { return k < d->n_tables ? d->table[k] : NULL; }

pl_result_table *pl_result_doc_find(const pl_result_doc *d, const char *name)
{
    for (size_t k = 0; k < d->n_tables; k++)
        if (strcmp(d->table[k]->name, name) == 0) return d->table[k];
    return NULL;
}

static void meta_value(const meta *m, char *buf, size_t size)
{
    if (m->text) snprintf(buf, size, "%s", m->text);
    else if (m->is_int) snprintf(buf, size, "%.0f", m->x);
    else pl_format_double(m->x, buf, size);
}

static void write_doc_json(const pl_result_doc *d, FILE *fp)
{
    char buf[64];
    fputs("{\n  \"meta\": {", fp);
    for (size_t k = 0; k < d->n_meta; k++) {
        const meta *m = &d->meta[k];
        fprintf(fp, "%s\n    ", k ? "," : "");
        json_text(fp, m->key);
        fputs(": ", fp);
        if (m->text) json_text(fp, m->text);
        else {
            meta_value(m, buf, sizeof buf);
            fputs(buf[0] ? buf : "null", fp);
        }
    }
    fprintf(fp, "%s}", d->n_meta ? "\n  " : "");
    for (size_t k = 0; k < d->n_tables; k++) {
        fputs(",\n  ", fp);
        json_text(fp, d->table[k]->name);
        fputs(": ", fp);
        json_rows(d->table[k], fp, "  ");
    }
    fputs("\n}\n", fp);
}

static pl_status no_table(const pl_result_doc *d, const char *table, pl_error *err)
{
    char names[512] = "";
    size_t n = 0;
    for (size_t k = 0; k < d->n_tables && n < sizeof names; k++)
        n += (size_t)snprintf(names + n, sizeof names - n, "%s%s", k ? ", " : "", d->table[k]->name);
    return pl_error_set(err, PL_EINVAL, "found table '%s', expected one of: %s", table, names[0] ? names : "(none)");
}

pl_status pl_result_doc_write(const pl_result_doc *d, pl_result_format fmt, const char *table, FILE *fp, pl_error *err)
{
    const pl_result_table *one = table ? pl_result_doc_find(d, table) : pl_result_doc_table(d, 0);
    if (table && !one) return no_table(d, table, err);
    pl_status st = PL_OK;
    char buf[PL_TABLE_TEXT_MAX], val[PL_TABLE_TEXT_MAX];
    switch (fmt) {
    case PL_RESULT_CSV:
        if (!one) return pl_error_set(err, PL_EINVAL, "the result has no table to write as CSV");
        write_csv(one, fp);
        break;
    case PL_RESULT_JSON: write_doc_json(d, fp); break;
    case PL_RESULT_TABLE:
        for (size_t k = 0; k < d->n_meta; k++) {
            meta_value(&d->meta[k], val, sizeof val);
            fprintf(fp, "%s: %s\n", d->meta[k].key, pl_table_text(val, buf, sizeof buf));
        }
        for (size_t k = 0; !st && k < d->n_tables; k++) {
            if (k || d->n_meta) fputc('\n', fp);
            if (!table || d->table[k] == one) st = write_human(d->table[k], fp, err);
        }
        break;
    default: return pl_error_set(err, PL_EINVAL, "SQLite results are written to a file (pl_result_doc_write_sqlite)");
    }
    return st ? st : pl_write_status(fp, err);
}

void pl_result_csv_path(const char *path, const char *table, char *buf, size_t size)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');
    if (dot && (!slash || dot > slash) && dot != path && strcmp(dot, ".csv") == 0)
        snprintf(buf, size, "%.*s.%s.csv", (int)(dot - path), path, table);
    else snprintf(buf, size, "%s.%s.csv", path, table);
}
