/*
** text.c — whole-file input with encoding checks, and a delimited-record splitter that keeps
** line and column numbers.
** Layer: formats.
**
** A small hand-written splitter rather than a CSV library: parley needs the exact column of
** every field for its error messages and two dialects (KTAB's and decide's) that libraries do
** not model: spaces around numbers, single-quoted fields, optional trailing separators.
*/
#include "parley/text.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "parley/memory.h"
#include "parley/options.h"

enum { TEXT_MAX_SIZE = 256u << 20 };

/* Position (line, col) of byte offset `at` in data: counted, since errors are rare. */
static void locate(const char *data, size_t at, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t k = 0; k < at; k++) {
        if (data[k] == '\n') {
            l++;
            c = 1;
        } else if (((unsigned char)data[k] & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

/* Length of the valid UTF-8 sequence at p (1–4), or 0 if invalid. */
static size_t utf8_sequence(const unsigned char *p, size_t left)
{
    if (p[0] < 0x80) return 1;
    size_t n = (p[0] & 0xE0) == 0xC0 ? 2 : (p[0] & 0xF0) == 0xE0 ? 3 : (p[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || n > left) return 0;
    for (size_t k = 1; k < n; k++)
        if ((p[k] & 0xC0) != 0x80) return 0;
    if (n == 2 && p[0] < 0xC2) return 0;                     /* overlong */
    if (n == 3 && p[0] == 0xE0 && p[1] < 0xA0) return 0;     /* overlong */
    if (n == 3 && p[0] == 0xED && p[1] >= 0xA0) return 0;    /* surrogate */
    if (n == 4 && (p[0] > 0xF4 || (p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] >= 0x90))) return 0;
    return n;
}

static pl_status check_encoding(const pl_text *t, pl_error *err)
{
    const unsigned char *p = (const unsigned char *)t->data;
    if (t->size >= 2 && ((p[0] == 0xFF && p[1] == 0xFE) || (p[0] == 0xFE && p[1] == 0xFF)))
        return pl_error_at(err, PL_EINPUT, t->path, 1, 1,
                           "found a UTF-16 byte-order mark, expected UTF-8 text (convert with iconv -f UTF-16)");
    for (size_t k = 0; k < t->size;) {
        int line, col;
        if (p[k] == 0) {
            locate(t->data, k, &line, &col);
            return pl_error_at(err, PL_EINPUT, t->path, line, col,
                               "found a NUL byte, expected UTF-8 text (is the file UTF-16 or binary?)");
        }
        size_t n = utf8_sequence(p + k, t->size - k);
        if (n == 0) {
            locate(t->data, k, &line, &col);
            return pl_error_at(err, PL_EINPUT, t->path, line, col,
                               "found byte 0x%02X that is not valid UTF-8, expected UTF-8 text "
                               "(is the file Latin-1? convert with iconv -f LATIN1 -t UTF-8)",
                               p[k]);
        }
        k += n;
    }
    return PL_OK;
}

static pl_status text_adopt(pl_text *t, const char *path, char *data, size_t size, pl_error *err)
{
    t->path = pl_strdup(path);
    t->data = data;
    t->size = size;
    if (!t->path) {
        pl_text_free(t);
        return pl_error_set(err, PL_ENOMEM, "out of memory");
    }
    if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { /* drop a UTF-8 BOM */
        memmove(data, data + 3, size - 3 + 1);
        t->size = size - 3;
    }
    pl_status st = PL_OK;
    size_t k = 0;
    while (k < t->size && (data[k] == ' ' || data[k] == '\t' || data[k] == '\r' || data[k] == '\n')) k++;
    if (k == t->size) { /* located at its end, as every input error is; YAML or a table alike */
        int line, col;
        locate(data, k, &line, &col);
        st = pl_error_at(err, PL_EINPUT, path, line, col, "found an empty file, expected its data (a table or a YAML document)");
    }
    if (!st) st = check_encoding(t, err);
    if (st) pl_text_free(t);
    return st;
}

pl_status pl_text_from_memory(pl_text *t, const char *path, const char *data, size_t size, pl_error *err)
{
    memset(t, 0, sizeof *t);
    char *copy = pl_malloc(size + 1);
    if (!copy) return pl_error_set(err, PL_ENOMEM, "out of memory");
    memcpy(copy, data, size);
    copy[size] = '\0';
    return text_adopt(t, path, copy, size, err);
}

pl_status pl_text_read(pl_text *t, const char *path, pl_error *err)
{
    memset(t, 0, sizeof *t);
    int is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f) return pl_error_at(err, PL_EIO, path, 0, 0, "cannot open: %s", strerror(errno));
    size_t cap = 1 << 16, size = 0;
    char *buf = pl_malloc(cap + 1);
    pl_status st = buf ? PL_OK : pl_error_set(err, PL_ENOMEM, "out of memory");
    while (!st) {
        size_t got = fread(buf + size, 1, cap - size, f);
        size += got;
        if (got == 0) break;
        if (size > TEXT_MAX_SIZE) {
            st = pl_error_at(err, PL_EINPUT, path, 0, 0, "the file is larger than 256 MiB, expected a table");
        } else if (size == cap) {
            char *nb = pl_realloc(buf, 2 * cap + 1);
            if (!nb) st = pl_error_set(err, PL_ENOMEM, "out of memory");
            else {
                buf = nb;
                cap *= 2;
            }
        }
    }
    if (!st && ferror(f)) st = pl_error_at(err, PL_EIO, path, 0, 0, "read failed: %s", strerror(errno));
    if (!is_stdin) fclose(f);
    if (st) {
        pl_free(buf);
        return st;
    }
    buf[size] = '\0';
    return text_adopt(t, is_stdin ? "<stdin>" : path, buf, size, err);
}

void pl_text_free(pl_text *t)
{
    pl_free(t->path);
    pl_free(t->data);
    memset(t, 0, sizeof *t);
}

char pl_text_guess_separator(const pl_text *t)
{
    for (const char *p = t->data; *p && *p != '\n'; p++)
        if (*p == '\t') return '\t';
    return ',';
}

/* {====================================================================== Records */

void pl_delim_init(pl_delim *d, const pl_text *text, char sep, char quote)
{
    memset(d, 0, sizeof *d);
    d->text = text;
    d->line = 1;
    d->sep = sep;
    d->quote = quote;
    d->trim = 1;
}

void pl_record_free(pl_record *rec)
{
    for (size_t k = 0; k < rec->cap; k++) pl_free(rec->field[k]);
    pl_free(rec->field);
    pl_free(rec->col);
    memset(rec, 0, sizeof *rec);
}

static pl_status record_push(pl_record *rec, const char *start, size_t len, int col, pl_error *err)
{
    if (rec->n >= PL_RECORD_MAX_FIELDS) return pl_error_set(err, PL_EINPUT, "more than %d fields on a line", PL_RECORD_MAX_FIELDS);
    if (rec->n == rec->cap) {
        size_t ncap = rec->cap ? rec->cap * 2 : 16;
        char **f = pl_realloc(rec->field, ncap * sizeof *f);
        if (!f) return pl_error_set(err, PL_ENOMEM, "out of memory");
        rec->field = f;
        for (size_t k = rec->cap; k < ncap; k++) f[k] = NULL;
        int *c = pl_realloc(rec->col, ncap * sizeof *c);
        if (!c) return pl_error_set(err, PL_ENOMEM, "out of memory");
        rec->col = c;
        rec->cap = ncap;
    }
    char *copy = pl_strndup(start, len);
    if (!copy) return pl_error_set(err, PL_ENOMEM, "out of memory");
    pl_free(rec->field[rec->n]);
    rec->field[rec->n] = copy;
    rec->col[rec->n] = col;
    rec->n++;
    return PL_OK;
}

static int is_blank(char c) { return c == ' ' || c == '\t'; }

/* Copies a quoted field starting after its opening quote into a fresh buffer (doubled quotes
** become one). Advances *p past the closing quote. */
static pl_status read_quoted(pl_delim *d, const char **p, char **out, size_t *len, pl_error *err)
{
    const char *s = *p;
    size_t cap = 32, n = 0;
    char *buf = pl_malloc(cap);
    if (!buf) return pl_error_set(err, PL_ENOMEM, "out of memory");
    int start_line = d->line;
    for (;;) {
        if (*s == '\0') {
            pl_free(buf);
            return pl_error_at(err, PL_EINPUT, d->text->path, start_line, 1,
                               "found an unterminated quoted field, expected a closing %c", d->quote);
        }
        if (*s == d->quote) {
            if (s[1] == d->quote) s++;
            else break;
        }
        if (*s == '\n') d->line++;
        if (n + 1 >= cap) {
            char *nb = pl_realloc(buf, cap *= 2);
            if (!nb) {
                pl_free(buf);
                return pl_error_set(err, PL_ENOMEM, "out of memory");
            }
            buf = nb;
        }
        buf[n++] = *s++;
    }
    *p = s + 1;
    *out = buf;
    *len = n;
    return PL_OK;
}

static pl_status read_field(pl_delim *d, const char **pp, const char *line_start, pl_record *rec, pl_error *err)
{
    const char *p = *pp;
    if (d->trim)
        while (is_blank(*p) && *p != d->sep) p++;
    int col = (int)(p - line_start) + 1;
    if (rec->n >= PL_RECORD_MAX_FIELDS) /* here, where the file and line are known */
        return pl_error_at(err, PL_EINPUT, d->text->path, rec->line, col, "found field %d, expected at most %d fields on a line",
                           PL_RECORD_MAX_FIELDS + 1, PL_RECORD_MAX_FIELDS);
    pl_status st;
    if (d->quote && *p == d->quote) {
        char *buf = NULL;
        size_t len = 0;
        p++;
        st = read_quoted(d, &p, &buf, &len, err);
        if (st) return st;
        st = record_push(rec, buf, len, col, err);
        pl_free(buf);
        while (is_blank(*p) && *p != d->sep) p++;
    } else {
        const char *start = p;
        while (*p && *p != d->sep && *p != '\n' && *p != '\r') p++;
        const char *end = p;
        if (d->trim)
            while (end > start && is_blank(end[-1]) && end[-1] != d->sep) end--;
        st = record_push(rec, start, (size_t)(end - start), col, err);
    }
    *pp = p;
    return st;
}

pl_status pl_delim_next(pl_delim *d, pl_record *rec, pl_error *err)
{
    rec->n = 0;
    const char *data = d->text->data;
    for (;;) {
        const char *p = data + d->pos;
        if (*p == '\0') return PL_OK;
        const char *line_start = p;
        const char *q = p;
        while (is_blank(*q) || *q == '\r') q++;
        if (*q == '\n') { /* blank line */
            d->pos = (size_t)(q + 1 - data);
            d->line++;
            continue;
        }
        if (*q == '\0') {
            d->pos = (size_t)(q - data);
            return PL_OK;
        }
        rec->line = d->line;
        for (;;) {
            pl_status st = read_field(d, &p, line_start, rec, err);
            if (st) return st;
            if (*p == d->sep) {
                p++;
                continue;
            }
            break;
        }
        if (*p && *p != '\n' && *p != '\r') {
            int line, col;
            locate(data, (size_t)(p - data), &line, &col);
            return pl_error_at(err, PL_EINPUT, d->text->path, line, col,
                               "found '%c' after a quoted field, expected a separator or the end of the line", *p);
        }
        while (*p == '\r') p++;
        if (*p == '\n') {
            p++;
            d->line++;
        }
        d->pos = (size_t)(p - data);
        return PL_OK;
    }
}

pl_status pl_record_number(const pl_record *rec, size_t k, const char *path, const char *what, double *out,
                           pl_error *err)
{
    if (k >= rec->n)
        return pl_error_at(err, PL_EINPUT, path, rec->line, 1, "the line ends early, expected %s in field %zu", what,
                           k + 1);
    if (pl_parse_double(rec->field[k], out) == 0) return PL_OK;
    const char *f = rec->field[k];
    if (*f == '\0')
        return pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[k], "found an empty field, expected %s", what);
    return pl_error_at(err, PL_EINPUT, path, rec->line, rec->col[k], "found '%.40s', expected %s (a finite number)",
                       f, what);
}
