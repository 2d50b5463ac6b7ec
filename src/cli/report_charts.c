/*
** report_charts.c — the report's charts as Vega v5 specifications (bands with a line, histograms,
** horizontal bars with intervals) and the time-series fans computed from the store.
** Layer: interfaces.
*/
#include "cli/report.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <sqlite3.h>

#include "parley/memory.h"

enum { WIDTH = 560, HEIGHT = 260 };

static json_t *spec_base(int width, int height, json_t *rows)
{
    return json_pack("{s:s, s:i, s:i, s:i, s:{s:s, s:b}, s:[{s:s, s:o}]}", "$schema",
                     "https://vega.github.io/schema/vega/v5.json", "width", width, "height", height, "padding", 5,
                     "autosize", "type", "fit", "resize", 0, "data", "name", "rows", "values", rows);
}

static json_t *linear_scale(const char *name, const char *range, const char *f1, const char *f2, int zero)
{
    json_t *fields = f2 ? json_pack("[s, s]", f1, f2) : json_pack("[s]", f1);
    return json_pack("{s:s, s:s, s:s, s:b, s:b, s:{s:s, s:o}}", "name", name, "type", "linear", "range", range, "nice", 1,
                     "zero", zero, "domain", "data", "rows", "fields", fields);
}

static json_t *axis(const char *orient, const char *scale, const char *title)
{
    return json_pack("{s:s, s:s, s:s, s:b, s:i, s:b, s:i}", "orient", orient, "scale", scale, "title", title, "grid",
                     strcmp(orient, "left") == 0, "tickCount", 6, "labelOverlap", 1, "titleLimit", 400);
}

/* An area between fields lo and hi. */
static json_t *area(const char *lo, const char *hi, double opacity, int grouped)
{
    json_t *enter = json_pack("{s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:s}, s:{s:f}}", "x", "scale", "x", "field", "x",
                              "y", "scale", "y", "field", lo, "y2", "scale", "y", "field", hi, "fillOpacity", "value", opacity);
    json_object_set_new(enter, "fill", grouped ? json_pack("{s:s, s:s}", "scale", "color", "field", "group")
                                                : json_pack("{s:s}", "value", "#4c78a8"));
    return json_pack("{s:s, s:{s:s}, s:{s:o}}", "type", "area", "from", "data", "rows", "encode", "enter", enter);
}

static json_t *line_and_points(int grouped, json_t **points)
{
    json_t *stroke = grouped ? json_pack("{s:s, s:s}", "scale", "color", "field", "group") : json_pack("{s:s}", "value", "#1f4e79");
    json_t *enter = json_pack("{s:{s:s, s:s}, s:{s:s, s:s}, s:O, s:{s:i}}", "x", "scale", "x", "field", "x", "y", "scale",
                              "y", "field", "mid", "stroke", stroke, "strokeWidth", "value", 2);
    *points = json_pack("{s:s, s:{s:s}, s:{s:{s:{s:s, s:s}, s:{s:s, s:s}, s:O, s:{s:i}, s:{s:s}}}}", "type", "symbol",
                        "from", "data", "rows", "encode", "enter", "x", "scale", "x", "field", "x", "y", "scale", "y",
                        "field", "mid", "fill", stroke, "size", "value", 18, "tooltip", "signal", "datum");
    json_decref(stroke);
    return json_pack("{s:s, s:{s:s}, s:{s:o}}", "type", "line", "from", "data", "rows", "encode", "enter", enter);
}

/* Groups (lines of a 2-D grid) become facets so that each draws its own area and line. */
static json_t *group_marks(json_t *marks)
{
    return json_pack("[{s:s, s:{s:{s:s, s:s, s:[s]}}, s:o}]", "type", "group", "from", "facet", "name", "rows",
                     "data", "all", "groupby", "group", "marks", marks);
}

json_t *report_spec_band(const char *title, const char *x_title, const char *y_title, json_t *rows, int has_inner,
                         int grouped)
{
    json_t *spec = spec_base(WIDTH, HEIGHT, rows);
    if (!spec) return NULL;
    if (grouped) json_object_set_new(json_array_get(json_object_get(spec, "data"), 0), "name", json_string("all"));
    const char *source = grouped ? "all" : "rows";
    json_t *xs = linear_scale("x", "width", "x", NULL, 0), *ys = linear_scale("y", "height", "lo", "hi", 0);
    json_object_set_new(json_object_get(xs, "domain"), "data", json_string(source));
    json_object_set_new(json_object_get(ys, "domain"), "data", json_string(source));
    json_t *scales = json_pack("[o, o]", xs, ys);
    if (grouped)
        json_array_append_new(scales, json_pack("{s:s, s:s, s:s, s:{s:s, s:s}}", "name", "color", "type", "ordinal", "range",
                                                "category", "domain", "data", "all", "field", "group"));
    json_t *points, *marks = json_pack("[o]", area("lo", "hi", 0.18, grouped));
    if (has_inner) json_array_append_new(marks, area("lo2", "hi2", 0.3, grouped));
    json_array_append_new(marks, line_and_points(grouped, &points));
    json_array_append_new(marks, points);
    json_object_set_new(spec, "scales", scales);
    json_object_set_new(spec, "axes", json_pack("[o, o]", axis("bottom", "x", x_title), axis("left", "y", y_title)));
    json_object_set_new(spec, "marks", grouped ? group_marks(marks) : marks);
    if (grouped)
        json_object_set_new(spec, "legends", json_pack("[{s:s, s:s, s:s}]", "stroke", "color", "title", title, "orient", "right"));
    return spec;
}

json_t *report_spec_histogram(const char *x_title, json_t *rows)
{
    json_t *spec = spec_base(WIDTH / 2 - 20, HEIGHT * 2 / 3, rows);
    if (!spec) return NULL;
    json_t *xs = linear_scale("x", "width", "x0", "x1", 0), *ys = linear_scale("y", "height", "count", NULL, 1);
    json_t *rect = json_pack("{s:s, s:{s:s}, s:{s:{s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:i}, s:{s:s}, s:{s:s}}}}",
                             "type", "rect", "from", "data", "rows", "encode", "enter", "x", "scale", "x", "field", "x0",
                             "x2", "scale", "x", "field", "x1", "y", "scale", "y", "field", "count", "y2", "scale", "y",
                             "value", 0, "fill", "value", "#4c78a8", "tooltip", "signal", "datum");
    json_object_set_new(spec, "scales", json_pack("[o, o]", xs, ys));
    json_object_set_new(spec, "axes", json_pack("[o, o]", axis("bottom", "x", x_title), axis("left", "y", "runs")));
    json_object_set_new(spec, "marks", json_pack("[o]", rect));
    return spec;
}

json_t *report_spec_bars(const char *x_title, json_t *rows, double domain_max)
{
    size_t n = json_array_size(rows);
    json_t *spec = spec_base(WIDTH, (int)(n * 22 + 10), rows);
    if (!spec) return NULL;
    json_t *xs = json_pack("{s:s, s:s, s:s, s:[f, f], s:b}", "name", "x", "type", "linear", "range", "width", "domain", 0.0,
                           domain_max, "clamp", 1);
    json_t *ys = json_pack("{s:s, s:s, s:s, s:f, s:{s:s, s:s}}", "name", "y", "type", "band", "range", "height", "padding",
                           0.2, "domain", "data", "rows", "field", "label");
    json_t *bar = json_pack("{s:s, s:{s:s}, s:{s:{s:{s:s, s:i}, s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:i}, s:{s:s}, s:{s:s}}}}",
                            "type", "rect", "from", "data", "rows", "encode", "enter", "x", "scale", "x", "value", 0, "x2",
                            "scale", "x", "field", "value", "y", "scale", "y", "field", "label", "height", "scale", "y",
                            "band", 1, "fill", "value", "#4c78a8", "tooltip", "signal", "datum");
    json_t *rule = json_pack("{s:s, s:{s:s}, s:{s:{s:{s:s, s:s}, s:{s:s, s:s}, s:{s:s, s:s, s:f}, s:{s:s}, s:{s:i}}}}",
                             "type", "rule", "from", "data", "rows", "encode", "enter", "x", "scale", "x", "field", "lo",
                             "x2", "scale", "x", "field", "hi", "y", "scale", "y", "field", "label", "band", 0.5, "stroke",
                             "value", "#222", "strokeWidth", "value", 2);
    json_object_set_new(spec, "scales", json_pack("[o, o]", xs, ys));
    json_object_set_new(spec, "axes", json_pack("[o, {s:s, s:s, s:i}]", axis("bottom", "x", x_title), "orient", "left",
                                                "scale", "y", "labelLimit", 260));
    json_object_set_new(spec, "marks", json_pack("[o, o]", bar, rule));
    return spec;
}

/* ---- Fans ---------------------------------------------------------------------------------- */

/* Appends one step's row {x, lo, hi, lo2, hi2, mid} from the values of the runs at that step. */
static void fan_row(json_t *rows, long step, double *v, size_t n)
{
    gsl_sort(v, 1, n);
    json_array_append_new(rows, json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:I}", "x", (json_int_t)step, "lo",
                                          gsl_stats_quantile_from_sorted_data(v, 1, n, 0.05), "hi",
                                          gsl_stats_quantile_from_sorted_data(v, 1, n, 0.95), "lo2",
                                          gsl_stats_quantile_from_sorted_data(v, 1, n, 0.25), "hi2",
                                          gsl_stats_quantile_from_sorted_data(v, 1, n, 0.75), "mid",
                                          gsl_stats_quantile_from_sorted_data(v, 1, n, 0.5), "runs", (json_int_t)n));
}

/* The fan of one series: quantiles over runs at every recorded step. */
static pl_status one_fan(pl_store *st, int64_t job, const rep_series *s, json_t **rows, pl_error *err)
{
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(pl_store_db(st), "SELECT step, value FROM series WHERE job_id = ?1 AND series = ?2 AND entity = ?3 "
                                            "ORDER BY step", -1, &q, NULL) != SQLITE_OK)
        return pl_error_at(err, PL_ESTORE, pl_store_path(st), 0, 0, "reading series: %s", sqlite3_errmsg(pl_store_db(st)));
    sqlite3_bind_int64(q, 1, job);
    sqlite3_bind_text(q, 2, s->name, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, s->entity, -1, SQLITE_STATIC);
    double *v = NULL;
    size_t n = 0, cap = 0;
    long step = -1;
    *rows = json_array();
    pl_status stt = PL_OK;
    int rc;
    while (!stt && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        long t = (long)sqlite3_column_int64(q, 0);
        if (t != step && n) fan_row(*rows, step, v, n), n = 0;
        step = t;
        if (pl_grow((void **)&v, &cap, n + 1, sizeof *v)) stt = pl_error_set(err, PL_ENOMEM, "out of memory");
        else v[n++] = sqlite3_column_double(q, 1);
    }
    if (!stt && n) fan_row(*rows, step, v, n);
    sqlite3_finalize(q);
    pl_free(v);
    return stt;
}

pl_status report_fans(pl_store *st, const report_data *d, size_t max_series, json_t **out, pl_error *err)
{
    *out = json_array();
    pl_status s = PL_OK;
    for (size_t k = 0; !s && k < d->n_series && json_array_size(*out) < max_series; k++) {
        json_t *rows = NULL;
        s = one_fan(st, d->job, &d->series[k], &rows, err);
        if (!s && json_array_size(rows) > 1)
            json_array_append_new(*out, json_pack("{s:s, s:s, s:s, s:o}", "series", d->series[k].name, "entity",
                                                  d->series[k].entity, "unit", d->series[k].unit, "rows", rows));
        else json_decref(rows);
    }
    if (s) { /* the caller gets nothing to free on failure (the array leaked when a series' query failed) */
        json_decref(*out);
        *out = NULL;
    }
    return s;
}
