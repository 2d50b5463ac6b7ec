/*
** vega_spec.c — charts as Vega v5 specifications: points with interval rules
** per grid point, a band with a line, histograms, and horizontal bars (signed for a tornado).
** Layer: formats.
*/
#include "parley/vega.h"

#include <string.h>

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

/* A mark of type over the rows, encoded by enter (consumed). */
static json_t *mark(const char *type, json_t *enter)
{
    return json_pack("{s:s, s:{s:s}, s:{s:o}}", "type", type, "from", "data", "rows", "encode", "enter", enter);
}

static json_t *field(const char *scale, const char *name) { return json_pack("{s:s, s:s}", "scale", scale, "field", name); }

json_t *pl_vega_spec_points(const char *x_title, const char *y_title, json_t *rows, double y_max)
{
    json_t *spec = spec_base(WIDTH + 200, HEIGHT + 40, rows);
    json_t *xs = json_pack("{s:s, s:s, s:s, s:f, s:{s:s, s:s}}", "name", "x", "type", "point", "range", "width",
                           "padding", 0.4, "domain", "data", "rows", "field", "label");
    json_t *ys = json_pack("{s:s, s:s, s:s, s:[f, f], s:b}", "name", "y", "type", "linear", "range", "height", "domain",
                           0.0, y_max, "nice", 1);
    json_t *cs = json_pack("{s:s, s:s, s:s, s:{s:s, s:s}}", "name", "c", "type", "ordinal", "range", "category",
                           "domain", "data", "rows", "field", "group");
    /* Each group is nudged sideways so that intervals at one point do not hide each other. */
    json_t *dx = json_pack("{s:s}", "signal", "(indexof(domain('c'), datum.group) - (length(domain('c')) - 1) / 2) * 9");
    json_t *x = json_pack("{s:s, s:s, s:O}", "scale", "x", "field", "label", "offset", dx);
    json_t *rule = mark("rule", json_pack("{s:O, s:o, s:o, s:{s:s, s:s}, s:{s:i}}", "x", x, "y", field("y", "lo"), "y2",
                                          field("y", "hi"), "stroke", "scale", "c", "field", "group", "strokeWidth", "value", 2));
    json_t *dot = mark("symbol", json_pack("{s:O, s:o, s:{s:s, s:s}, s:{s:i}, s:{s:s}}", "x", x, "y", field("y", "mid"),
                                           "fill", "scale", "c", "field", "group", "size", "value", 60, "tooltip", "signal",
                                           "{'outcome': datum.group, 'at': datum.label, 'p': format(datum.mid, '.1%'), "
                                           "'90% interval': format(datum.lo, '.1%') + '–' + format(datum.hi, '.1%'), "
                                           "'runs': datum.k + ' of ' + datum.n}"));
    json_decref(x);
    json_decref(dx);
    json_t *xa = axis("bottom", "x", x_title);
    json_object_set_new(xa, "labelLimit", json_integer(220));
    json_object_set_new(xa, "labelOverlap", json_false());
    json_object_set_new(xa, "labelAngle", json_integer(-20));
    json_object_set_new(xa, "labelAlign", json_string("right"));
    json_t *ya = axis("left", "y", y_title);
    json_object_set_new(ya, "format", json_string(".0%"));
    json_object_set_new(spec, "scales", json_pack("[o, o, o]", xs, ys, cs));
    json_object_set_new(spec, "axes", json_pack("[o, o]", xa, ya));
    json_object_set_new(spec, "marks", json_pack("[o, o]", rule, dot));
    json_object_set_new(spec, "legends", json_pack("[{s:s, s:s, s:s, s:i, s:i}]", "fill", "c", "orient", "bottom",
                                                   "direction", "vertical", "labelLimit", WIDTH + 200, "columns", 1));
    return spec;
}

json_t *pl_vega_spec_band(const char *x_title, const char *y_title, json_t *rows, int has_inner, int width)
{
    json_t *spec = spec_base(width, HEIGHT, rows);
    json_t *marks = json_array();
    for (int inner = 0; inner <= has_inner; inner++)
        json_array_append_new(marks, mark("area", json_pack("{s:o, s:o, s:o, s:{s:f}, s:{s:s}}", "x", field("x", "x"), "y",
                                                              field("y", inner ? "lo2" : "lo"), "y2", field("y", inner ? "hi2" : "hi"),
                                                              "fillOpacity", "value", inner ? 0.3 : 0.18, "fill", "value", "#4c78a8")));
    json_array_append_new(marks, mark("line", json_pack("{s:o, s:o, s:{s:s}, s:{s:i}}", "x", field("x", "x"), "y",
                                                        field("y", "mid"), "stroke", "value", "#1f4e79", "strokeWidth", "value", 2)));
    json_array_append_new(marks, mark("symbol", json_pack("{s:o, s:o, s:{s:s}, s:{s:i}, s:{s:s}}", "x", field("x", "x"), "y",
                                                          field("y", "mid"), "fill", "value", "#1f4e79", "size", "value", 18,
                                                          "tooltip", "signal", "datum")));
    json_object_set_new(spec, "scales", json_pack("[o, o]", linear_scale("x", "width", "x", NULL, 0),
                                                  linear_scale("y", "height", "lo", "hi", 0)));
    json_object_set_new(spec, "axes", json_pack("[o, o]", axis("bottom", "x", x_title), axis("left", "y", y_title)));
    json_object_set_new(spec, "marks", marks);
    return spec;
}

json_t *pl_vega_spec_histogram(const char *x_title, json_t *rows)
{
    json_t *spec = spec_base(WIDTH / 2 - 20, HEIGHT * 2 / 3, rows);
    json_t *rect = mark("rect", json_pack("{s:o, s:o, s:o, s:{s:s, s:i}, s:{s:s}, s:{s:s}}", "x", field("x", "x0"), "x2",
                                          field("x", "x1"), "y", field("y", "count"), "y2", "scale", "y", "value", 0, "fill",
                                          "value", "#4c78a8", "tooltip", "signal", "datum"));
    json_object_set_new(spec, "scales", json_pack("[o, o]", linear_scale("x", "width", "x0", "x1", 0),
                                                  linear_scale("y", "height", "count", NULL, 1)));
    json_object_set_new(spec, "axes", json_pack("[o, o]", axis("bottom", "x", x_title), axis("left", "y", "runs")));
    json_object_set_new(spec, "marks", json_pack("[o]", rect));
    return spec;
}

json_t *pl_vega_spec_bars(const char *x_title, json_t *rows, double domain_max, int is_signed, const char *format)
{
    size_t n = json_array_size(rows);
    json_t *spec = spec_base(is_signed ? WIDTH - 100 : WIDTH, (int)(n * 22 + 10), rows);
    json_t *xs = json_pack("{s:s, s:s, s:s, s:[f, f], s:b}", "name", "x", "type", "linear", "range", "width", "domain",
                           is_signed ? -domain_max : 0.0, domain_max, "clamp", 1);
    json_t *ys = json_pack("{s:s, s:s, s:s, s:f, s:{s:s, s:s}}", "name", "y", "type", "band", "range", "height",
                           "padding", 0.2, "domain", "data", "rows", "field", "label");
    json_t *fill = is_signed ? json_pack("{s:s}", "signal", "datum.value >= 0 ? '#c0392b' : '#2e6da4'")
                             : json_pack("{s:s}", "value", "#4c78a8");
    json_t *bar = mark("rect", json_pack("{s:{s:s, s:i}, s:o, s:o, s:{s:s, s:i}, s:o, s:{s:s}}", "x", "scale", "x", "value",
                                         0, "x2", field("x", "value"), "y", field("y", "label"), "height", "scale", "y",
                                         "band", 1, "fill", fill, "tooltip", "signal", "datum"));
    json_t *rule = mark("rule", json_pack("{s:o, s:o, s:{s:s, s:s, s:f}, s:{s:s}, s:{s:i}}", "x", field("x", "lo"), "x2",
                                          field("x", "hi"), "y", "scale", "y", "field", "label", "band", 0.5, "stroke",
                                          "value", "#222", "strokeWidth", "value", 2));
    json_t *xa = axis("bottom", "x", x_title);
    if (format) json_object_set_new(xa, "format", json_string(format));
    json_object_set_new(spec, "scales", json_pack("[o, o]", xs, ys));
    json_object_set_new(spec, "axes", json_pack("[o, {s:s, s:s, s:i}]", xa, "orient", "left", "scale", "y", "labelLimit", 300));
    json_object_set_new(spec, "marks", json_pack("[o, o]", bar, rule));
    return spec;
}
