/*
** forecast_write.c — a pl_forecast as JSON (the documented contract), CSV and a human table.
** Layer: formats.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "parley/forecast.h"
#include "parley/json.h"
#include "parley/outfile.h"
#include "parley/store.h"

/* {====================================================================== JSON */

static json_t *vector_json(const double *x, size_t n, size_t stride, const unsigned char *present)
{
    json_t *a = json_array();
    for (size_t k = 0; a && k < n; k++) {
        json_t *v = (!present || present[k * stride]) ? json_real(x[k * stride]) : json_null();
        if (json_array_append_new(a, v)) {
            json_decref(a);
            return NULL;
        }
    }
    return a;
}

static json_t *positions_json(const pl_forecast *f, const double *pos)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < f->n_actors; i++) {
        const size_t at = i * f->n_dims;
        if (json_object_set_new(o, f->actor[i], vector_json(pos + at, f->n_dims, 1, f->present + at))) {
            json_decref(o);
            return NULL;
        }
    }
    return o;
}

static json_t *series_json(const pl_forecast *f, const pl_forecast_series *s)
{
    json_t *o = json_object();
    for (size_t i = 0; o && i < f->n_actors; i++)
        if (json_object_set_new(o, f->actor[i], json_real(s->value[i]))) {
            json_decref(o);
            return NULL;
        }
    return o;
}

static json_t *round_json(const pl_forecast *f, size_t r)
{
    const pl_forecast_round *rd = &f->round[r];
    json_t *o = json_object();
    if (!o) return NULL;
    int bad = json_object_set_new(o, "round", json_integer((json_int_t)r)) ||
              json_object_set_new(o, "positions", positions_json(f, rd->position)) ||
              json_object_set_new(o, "median", vector_json(rd->median, f->n_dims, 1, NULL)) ||
              json_object_set_new(o, "mean", vector_json(rd->mean, f->n_dims, 1, NULL));
    for (size_t k = 0; !bad && k < f->n_series; k++)
        if (f->series[k].round == r) bad = json_object_set_new(o, f->series[k].name, series_json(f, &f->series[k]));
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *event_json(const pl_forecast *f, const pl_forecast_event *e)
{
    return json_pack("{s:I, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o}", "round", (json_int_t)e->round, "kind",
                     e->kind, "actor", f->actor[e->actor], "other",
                     e->other >= 0 ? json_string(f->actor[e->other]) : json_null(), "dim",
                     e->dim >= 0 ? json_string(f->dim[e->dim]) : json_null(), "from", json_real(e->from), "to",
                     json_real(e->to), "a", json_real(e->a), "b", json_real(e->b));
}

static json_t *names_json(char *const *names, size_t n)
{
    json_t *a = json_array();
    for (size_t k = 0; a && k < n; k++)
        if (json_array_append_new(a, json_string(names[k]))) {
            json_decref(a);
            return NULL;
        }
    return a;
}

static json_t *forecast_json(const pl_forecast *f)
{
    json_t *root = json_object(), *rounds = json_array(), *events = json_array(), *info = json_object();
    int bad = !root || !rounds || !events || !info;
    for (size_t r = 0; !bad && r < f->n_rounds; r++) bad = json_array_append_new(rounds, round_json(f, r));
    for (size_t k = 0; !bad && k < f->n_events; k++) bad = json_array_append_new(events, event_json(f, &f->event[k]));
    for (size_t k = 0; !bad && k < f->n_info; k++) {
        const pl_forecast_info *in = &f->info[k];
        bad = json_object_set_new(info, in->key, in->text ? json_string(in->text) : json_real(in->value));
    }
    if (!bad)
        bad = json_object_set_new(root, "model", json_string(f->model)) ||
              json_object_set_new(root, "actors", names_json(f->actor, f->n_actors)) ||
              json_object_set_new(root, "dimensions", names_json(f->dim, f->n_dims)) ||
              json_object_set(root, "rounds", rounds) ||
              json_object_set_new(root, "forecast", vector_json(f->forecast, f->n_dims, 1, NULL)) ||
              json_object_set_new(root, "forecast_rule", json_string(f->forecast_rule)) ||
              json_object_set(root, "events", events) || json_object_set(root, "info", info);
    json_decref(rounds);
    json_decref(events);
    json_decref(info);
    if (bad) {
        json_decref(root);
        return NULL;
    }
    return root;
}

pl_status pl_forecast_write_json(const pl_forecast *f, FILE *out, pl_error *err)
{
    return pl_json_dump(forecast_json(f), out, err);
}

/* {====================================================================== CSV */

pl_status pl_forecast_write_csv(const pl_forecast *f, FILE *out, pl_error *err)
{
    fputs("round,dimension,median,mean", out);
    for (size_t i = 0; i < f->n_actors; i++) {
        fputc(',', out);
        pl_csv_write_field(out, f->actor[i]);
    }
    fputc('\n', out);
    for (size_t r = 0; r < f->n_rounds; r++)
        for (size_t d = 0; d < f->n_dims; d++) {
            const pl_forecast_round *rd = &f->round[r];
            fprintf(out, "%zu,", r);
            pl_csv_write_field(out, f->dim[d]);
            fprintf(out, ",%.17g,%.17g", rd->median[d], rd->mean[d]);
            for (size_t i = 0; i < f->n_actors; i++) {
                size_t at = i * f->n_dims + d;
                if (f->present[at])
                    fprintf(out, ",%.17g", rd->position[at]);
                else
                    fputc(',', out);
            }
            fputc('\n', out);
        }
    return pl_write_status(out, err);
}

/* {====================================================================== Table */

/* Characters (UTF-8 code points) in s: a column holds characters, not bytes. */
static int utf8_length(const char *s)
{
    int n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Writes s in a column of width characters, cut to width and padded with blanks (on the left when
** right). Cutting counts characters, never splitting one: printf's %.*s counts bytes, so a name
** cut there ended in half a character and the table was no longer UTF-8 (and padding by bytes
** misaligned every row holding an accented name). */
static void put_cell(FILE *out, const char *text, int width, int right)
{
    char buf[PL_TABLE_TEXT_MAX];
    const char *s = pl_table_text(text, buf, sizeof buf);
    size_t bytes = 0;
    int chars = 0;
    while (s[bytes]) {
        size_t next = bytes + 1;
        while (((unsigned char)s[next] & 0xC0) == 0x80) next++;
        if (chars == width) break;
        bytes = next;
        chars++;
    }
    if (right) fprintf(out, "%*s", width - chars, "");
    fwrite(s, 1, bytes, out);
    if (!right) fprintf(out, "%*s", width - chars, "");
}

static int name_width(char *const *names, size_t n, int min)
{
    int w = min;
    for (size_t k = 0; k < n; k++)
        if (utf8_length(names[k]) > w) w = utf8_length(names[k]);
    return w > 40 ? 40 : w;
}

static void table_summary(const pl_forecast *f, FILE *out)
{
    const pl_forecast_round *last = pl_forecast_last(f);
    int wd = name_width(f->dim, f->n_dims, 9);
    fprintf(out, "Forecast (%s):\n", f->forecast_rule);
    fprintf(out, "  %-*s %12s %12s %12s\n", wd, "dimension", "forecast", "w.median", "w.mean");
    for (size_t d = 0; d < f->n_dims; d++)
    {
        fputs("  ", out);
        put_cell(out, f->dim[d], wd, 0);
        fprintf(out, " %12.6g %12.6g %12.6g\n", f->forecast[d], last ? last->median[d] : 0.0, last ? last->mean[d] : 0.0);
    }
    fprintf(out, "  (w. = weighted by capability x salience, %s round)\n", f->n_rounds > 1 ? "final" : "input");
}

static void table_rounds(const pl_forecast *f, FILE *out)
{
    if (f->n_rounds < 2) return;
    fprintf(out, "\nWeighted median and mean by round:\n  %5s", "");
    for (size_t d = 0; d < f->n_dims; d++) {
        fputs("  ", out);
        put_cell(out, f->dim[d], 21, 0);
    }
    fprintf(out, "\n  %5s", "round");
    for (size_t d = 0; d < f->n_dims; d++) fprintf(out, "  %10s %10s", "median", "mean");
    fputc('\n', out);
    for (size_t r = 0; r < f->n_rounds; r++) {
        fprintf(out, "  %5zu", r);
        for (size_t d = 0; d < f->n_dims; d++)
            fprintf(out, "  %10.6g %10.6g", f->round[r].median[d], f->round[r].mean[d]);
        fputc('\n', out);
    }
}

static const pl_forecast_series *last_series(const pl_forecast *f, size_t round)
{
    for (size_t k = f->n_series; k-- > 0;)
        if (f->series[k].round == round) return &f->series[k];
    return NULL;
}

static void table_actors(const pl_forecast *f, FILE *out)
{
    const pl_forecast_round *first = &f->round[0], *last = pl_forecast_last(f);
    const pl_forecast_series *s = last_series(f, f->n_rounds - 1);
    int both = f->n_rounds > 1, wa = name_width(f->actor, f->n_actors, 5);
    if (both)
        fprintf(out, "\nActor positions, round 0 and round %zu:\n  %-*s", f->n_rounds - 1, wa, "actor");
    else
        fprintf(out, "\nActor positions:\n  %-*s", wa, "actor");
    for (size_t d = 0; d < f->n_dims; d++) {
        fputc(' ', out);
        put_cell(out, f->dim[d], 10, 1);
        if (both) fprintf(out, " %10s", "final");
    }
    if (s) {
        fputc(' ', out);
        put_cell(out, s->name, 12, 1);
    }
    fputc('\n', out);
    for (size_t i = 0; i < f->n_actors; i++) {
        fputs("  ", out);
        put_cell(out, f->actor[i], wa, 0);
        for (size_t d = 0; d < f->n_dims; d++) {
            size_t at = i * f->n_dims + d;
            if (!f->present[at]) fprintf(out, both ? " %10s %10s" : " %10s", "-", "-");
            else if (both) fprintf(out, " %10.6g %10.6g", first->position[at], last->position[at]);
            else fprintf(out, " %10.6g", first->position[at]);
        }
        if (s) fprintf(out, " %12.6g", s->value[i]);
        fputc('\n', out);
    }
}

static void table_events(const pl_forecast *f, FILE *out)
{
    if (!f->n_events) return;
    size_t r = f->event[f->n_events - 1].round;
    fprintf(out, "\nEvents of round %zu:\n", r);
    for (size_t k = 0; k < f->n_events; k++) {
        const pl_forecast_event *e = &f->event[k];
        if (e->round != r) continue;
        char a[PL_TABLE_TEXT_MAX], b[PL_TABLE_TEXT_MAX];
        fprintf(out, "  %-16s %-14s %-16s %10.6g -> %-10.6g (%.4g, %.4g)\n", pl_table_text(f->actor[e->actor], a, sizeof a),
                e->kind, e->other >= 0 ? pl_table_text(f->actor[e->other], b, sizeof b) : "-", e->from, e->to, e->a, e->b);
    }
}

pl_status pl_forecast_write_table(const pl_forecast *f, FILE *out, pl_error *err)
{
    size_t rounds = f->n_rounds ? f->n_rounds - 1 : 0;
    fprintf(out, "Model: %s - %zu actors x %zu dimension%s", f->model, f->n_actors, f->n_dims, f->n_dims == 1 ? "" : "s");
    if (rounds) fprintf(out, ", %zu round%s after the input", rounds, rounds == 1 ? "" : "s");
    fputs("\n\n", out);
    table_summary(f, out);
    if (f->n_rounds) {
        table_rounds(f, out);
        table_actors(f, out);
    }
    table_events(f, out);
    for (size_t k = 0; k < f->n_info; k++) {
        if (k == 0) fputc('\n', out);
        const pl_forecast_info *in = &f->info[k];
        char buf[PL_TABLE_TEXT_MAX];
        if (in->text)
            fprintf(out, "%s: %s\n", in->key, pl_table_text(in->text, buf, sizeof buf));
        else
            fprintf(out, "%s: %.10g\n", in->key, in->value);
    }
    return pl_write_status(out, err);
}

/* {====================================================================== Store */

pl_status pl_forecast_write_store(const pl_forecast *f, struct pl_store *store, long long job, long run_index,
                                  pl_error *err)
{
    char name[300];
    pl_status st = PL_OK;
    for (size_t d = 0; !st && d < f->n_dims; d++) {
        snprintf(name, sizeof name, "position:%s", f->dim[d]);
        for (size_t r = 0; !st && r < f->n_rounds; r++)
            for (size_t i = 0; !st && i < f->n_actors; i++)
                if (f->present[i * f->n_dims + d])
                    st = pl_store_put_series(store, job, run_index, name, f->actor[i], (long)r,
                                             f->round[r].position[i * f->n_dims + d], err);
        snprintf(name, sizeof name, "forecast:%s", f->dim[d]);
        if (!st) st = pl_store_put_outcome(store, job, run_index, name, f->forecast[d], err);
    }
    if (!st) st = pl_store_put_run(store, job, run_index, "ok", err);
    return st;
}
