/*
** posterior.c — reading a calibration posterior (posterior.h): the metadata lines, the header of
** parameter paths and the rows of joint draws, each problem reported at its file:line:col.
** Layer: formats.
*/
#include "parley/posterior.h"

#include <math.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/names.h"
#include "parley/options.h"
#include "parley/scenario.h"
#include "parley/text.h"

static const char MAGIC[] = "# parley posterior v1";

typedef struct post_reader {
    const pl_text *t;
    pl_posterior *p;
    pl_error *err;
    size_t cap_rows;
    int have_as_of;
    int method_line;
} post_reader;

/* The end of the line starting at pos (its '\n' or the end of the text). */
static size_t line_end(const pl_text *t, size_t pos)
{
    const char *nl = memchr(t->data + pos, '\n', t->size - pos);
    return nl ? (size_t)(nl - t->data) : t->size;
}

/* One `# key: value` line (the text between pos and end, '#' included). */
static pl_status read_meta(post_reader *r, size_t pos, size_t end, int line)
{
    char buf[512];
    size_t len = end - pos;
    if (len && r->t->data[end - 1] == '\r') len--;
    if (len >= sizeof buf) len = sizeof buf - 1;
    memcpy(buf, r->t->data + pos, len);
    buf[len] = '\0';
    char *colon = strchr(buf, ':');
    if (strncmp(buf, "# ", 2) != 0 || !colon)
        return pl_error_at(r->err, PL_EINPUT, r->t->path, line, 1, "found '%.60s', expected a '# key: value' line", buf);
    *colon = '\0';
    const char *key = buf + 2, *value = colon + 1 + (colon[1] == ' ');
    /* A second as_of would replace the first without a word (the one a reader saw first). */
    int first = strcmp(key, "as_of") == 0 ? r->p->as_of_line : strcmp(key, "method") == 0 ? r->method_line : 0;
    if (first)
        return pl_error_at(r->err, PL_EINPUT, r->t->path, line, 3, "found '# %s:' a second time (first on line %d), "
                           "expected each key once", key, first);
    if (strcmp(key, "method") == 0) r->method_line = line;
    if (strcmp(key, "as_of") == 0) {
        int y, m, d;
        if (strlen(value) != 10 || pl_date_parse(value, &y, &m, &d))
            return pl_error_at(r->err, PL_EINPUT, r->t->path, line, (int)(value - buf) + 1,
                               "found as_of '%.40s', expected a date YYYY-MM-DD", value);
        r->p->as_of = pl_date_days(y, m, d);
        r->p->as_of_line = line;
        r->have_as_of = 1;
    } else if (strcmp(key, "method") == 0 && !(r->p->method = pl_strdup(value))) {
        return pl_error_set(r->err, PL_ENOMEM, "out of memory");
    }
    return PL_OK;
}

/* The magic line and the metadata; *pos and *line end on the first line that is not '#'. */
static pl_status read_head(post_reader *r, size_t *pos, int *line)
{
    const pl_text *t = r->t;
    size_t end = line_end(t, 0), len = end && t->data[end - 1] == '\r' ? end - 1 : end;
    if (len != sizeof MAGIC - 1 || memcmp(t->data, MAGIC, len) != 0)
        return pl_error_at(r->err, PL_EINPUT, t->path, 1, 1, "found %s, expected the first line '%s'",
                           t->size ? "another first line" : "an empty file", MAGIC);
    *pos = end < t->size ? end + 1 : end;
    *line = 2;
    while (*pos < t->size && t->data[*pos] == '#') {
        end = line_end(t, *pos);
        pl_status st = read_meta(r, *pos, end, *line);
        if (st) return st;
        *pos = end < t->size ? end + 1 : end;
        ++*line;
    }
    if (!r->have_as_of)
        return pl_error_at(r->err, PL_EINPUT, t->path, *line, 1,
                           "found no '# as_of: YYYY-MM-DD' line, expected one before the header (the latest publication "
                           "date of the observations the fit used)");
    return PL_OK;
}

static pl_status read_header(post_reader *r, const pl_record *h)
{
    pl_posterior *p = r->p;
    const char *path = r->t->path;
    if (h->n < 3 || strcmp(h->field[0], "draw") != 0 || strcmp(h->field[1], "log_posterior") != 0)
        return pl_error_at(r->err, PL_EINPUT, path, h->line, 1,
                           "found a header of %zu columns starting '%.40s', expected draw,log_posterior,<parameter "
                           "path>,...", h->n, h->n ? h->field[0] : "");
    if (h->n - 2 > PL_POSTERIOR_MAX_COLS)
        return pl_error_at(r->err, PL_EINPUT, path, h->line, h->col[PL_POSTERIOR_MAX_COLS + 2],
                           "found %zu parameter columns, expected at most %d", h->n - 2, PL_POSTERIOR_MAX_COLS);
    p->n_cols = h->n - 2;
    p->header_line = h->line;
    p->name = pl_calloc(p->n_cols, sizeof *p->name);
    p->name_col = pl_calloc(p->n_cols, sizeof *p->name_col);
    if (!p->name || !p->name_col) return pl_error_set(r->err, PL_ENOMEM, "out of memory");
    pl_name_index seen; /* repeated columns found as every reader finds repeated names */
    pl_name_index_init(&seen);
    pl_status st = PL_OK;
    for (size_t k = 0; !st && k < p->n_cols; k++) {
        const char *name = h->field[k + 2];
        long earlier = -1;
        if (!name[0] || strchr(name, ' '))
            st = pl_error_at(r->err, PL_EINPUT, path, h->line, h->col[k + 2],
                             "found column name '%.60s', expected a parameter path such as sides.russia.front.gain_coeff",
                             name);
        else if (!(st = pl_name_index_add(&seen, name, k, &earlier, r->err)) && earlier >= 0)
            st = pl_error_at(r->err, PL_EINPUT, path, h->line, h->col[k + 2],
                             "found column '%.80s' a second time, expected each parameter once", name);
        else if (!st && !(p->name[k] = pl_strdup(name)))
            st = pl_error_set(r->err, PL_ENOMEM, "out of memory");
        p->name_col[k] = h->col[k + 2];
    }
    pl_name_index_free(&seen);
    return st;
}

static pl_status read_row(post_reader *r, const pl_record *rec)
{
    pl_posterior *p = r->p;
    const char *path = r->t->path;
    if (rec->n != p->n_cols + 2)
        return pl_error_at(r->err, PL_EINPUT, path, rec->line, rec->n > p->n_cols + 2 ? rec->col[p->n_cols + 2] : 1,
                           "found %zu fields, expected %zu (as many as the header)", rec->n, p->n_cols + 2);
    if (p->n_rows >= PL_POSTERIOR_MAX_ROWS)
        return pl_error_at(r->err, PL_EINPUT, path, rec->line, 1, "found more than %d draws, expected at most that many",
                           PL_POSTERIOR_MAX_ROWS);
    long draw;
    if (pl_parse_long(rec->field[0], &draw) || draw != (long)p->n_rows)
        return pl_error_at(r->err, PL_EINPUT, path, rec->line, rec->col[0], "found draw '%.40s', expected %zu (draws "
                           "numbered from 0 in order)", rec->field[0], p->n_rows);
    double *log_post;
    int *row_line;
    if (pl_grow((void **)&p->value, &r->cap_rows, (p->n_rows + 1) * p->n_cols, sizeof *p->value))
        return pl_error_set(r->err, PL_ENOMEM, "out of memory");
    if (!(log_post = pl_realloc(p->log_post, (p->n_rows + 1) * sizeof *p->log_post)))
        return pl_error_set(r->err, PL_ENOMEM, "out of memory");
    p->log_post = log_post;
    if (!(row_line = pl_realloc(p->row_line, (p->n_rows + 1) * sizeof *p->row_line)))
        return pl_error_set(r->err, PL_ENOMEM, "out of memory");
    p->row_line = row_line;
    p->row_line[p->n_rows] = rec->line;
    pl_status st = pl_record_number(rec, 1, path, "a log posterior density", &p->log_post[p->n_rows], r->err);
    for (size_t k = 0; !st && k < p->n_cols; k++)
        st = pl_record_number(rec, k + 2, path, p->name[k], &p->value[p->n_rows * p->n_cols + k], r->err);
    if (!st) p->n_rows++;
    return st;
}

static pl_status read_table(post_reader *r, size_t pos, int line)
{
    pl_delim d;
    pl_delim_init(&d, r->t, ',', '"');
    d.pos = pos, d.line = line;
    pl_record rec;
    memset(&rec, 0, sizeof rec);
    pl_status st = pl_delim_next(&d, &rec, r->err);
    if (!st && rec.n == 0)
        st = pl_error_at(r->err, PL_EINPUT, r->t->path, line, 1, "found the end of the file, expected the header row");
    if (!st) st = read_header(r, &rec);
    while (!st && !(st = pl_delim_next(&d, &rec, r->err)) && rec.n > 0) st = read_row(r, &rec);
    if (!st && r->p->n_rows == 0)
        st = pl_error_at(r->err, PL_EINPUT, r->t->path, d.line, 1, "found no draws, expected at least one row");
    pl_record_free(&rec);
    return st;
}

static pl_status parse_text(const pl_text *t, pl_posterior **out, pl_error *err)
{
    pl_posterior *p = pl_calloc(1, sizeof *p);
    post_reader r = {t, p, err, 0, 0, 0};
    if (!p || !(p->path = pl_strdup(t->path))) {
        pl_posterior_free(p);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    size_t pos = 0;
    int line = 1;
    pl_status st = read_head(&r, &pos, &line);
    if (!st) st = read_table(&r, pos, line);
    if (st) {
        pl_posterior_free(p);
        return st;
    }
    *out = p;
    return PL_OK;
}

pl_status pl_posterior_read(const char *path, pl_posterior **out, pl_error *err)
{
    pl_text t;
    *out = NULL;
    pl_status st = pl_text_read(&t, path, err);
    if (st) return st;
    st = parse_text(&t, out, err);
    pl_text_free(&t);
    return st;
}

pl_status pl_posterior_parse(const char *path, const char *text, size_t size, pl_posterior **out, pl_error *err)
{
    pl_text t;
    *out = NULL;
    pl_status st = pl_text_from_memory(&t, path, text, size, err);
    if (st) return st;
    st = parse_text(&t, out, err);
    pl_text_free(&t);
    return st;
}

void pl_posterior_free(pl_posterior *p)
{
    if (!p) return;
    for (size_t k = 0; p->name && k < p->n_cols; k++) pl_free(p->name[k]);
    pl_free(p->name);
    pl_free(p->name_col);
    pl_free(p->value);
    pl_free(p->log_post);
    pl_free(p->row_line);
    pl_free(p->method);
    pl_free(p->path);
    pl_free(p);
}

int pl_posterior_find(const pl_posterior *p, const char *name)
{
    for (size_t k = 0; k < p->n_cols; k++)
        if (strcmp(p->name[k], name) == 0) return (int)k;
    return -1;
}
