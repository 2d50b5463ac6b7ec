/*
** _parley.c — the CPython binding of libparley: thin calls of the public pl_ API that return
** plain Python objects (dicts, lists, and numbers packed as bytes of C doubles that the Python
** layer views as numpy arrays). Everything the user sees (DataFrames, names, defaults) is shaped
** in parley/__init__.py; this file only crosses the boundary. Long calls release the GIL.
** Layer: none (a client of the library, like the command; it includes public headers only).
*/
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "parley/analysis.h"
#include "parley/bargain.h"
#include "parley/ensemble.h"
#include "parley/error.h"
#include "parley/experiments.h"
#include "parley/memory.h"
#include "parley/readers.h"
#include "parley/result.h"
#include "parley/rng.h"
#include "parley/scenario.h"
#include "parley/score.h"
#include "parley/settle_sim.h"
#include "parley/store.h"
#include "parley/summary.h"
#include "parley/war.h"

static PyObject *ParleyError;

static const char *status_name(pl_status code)
{
    static const char *const names[] = {"ok",     "invalid argument", "input", "io",   "no memory",
                                        "domain", "max iterations",   "model", "store"};
    return (unsigned)code < sizeof names / sizeof names[0] ? names[code] : "unknown";
}

/* Sets obj.name = value and drops the reference; nonzero on failure (value NULL included). */
static int set_attr(PyObject *obj, const char *name, PyObject *value)
{
    if (!value) return -1;
    int rc = PyObject_SetAttrString(obj, name, value);
    Py_DECREF(value);
    return rc;
}

/* Raises parley.ParleyError for err: the message as "file:line:col: error: ..." and the parts as
** attributes (file, line, column, message, code, exit_code). Returns NULL. */
static PyObject *raise_error(const pl_error *err)
{
    char text[PL_ERROR_MSG_MAX + PL_ERROR_FILE_MAX + 64];
    pl_error_format(err, text, sizeof text);
    PyObject *exc = PyObject_CallFunction(ParleyError, "s", text);
    if (!exc) return NULL;
    int bad = set_attr(exc, "file", err->file[0] ? PyUnicode_DecodeFSDefault(err->file) : Py_NewRef(Py_None)) ||
              set_attr(exc, "line", err->line ? PyLong_FromLong(err->line) : Py_NewRef(Py_None)) ||
              set_attr(exc, "column", err->col ? PyLong_FromLong(err->col) : Py_NewRef(Py_None)) ||
              set_attr(exc, "message", PyUnicode_DecodeUTF8(err->msg, (Py_ssize_t)strlen(err->msg), "replace")) ||
              set_attr(exc, "code", PyUnicode_FromString(status_name(err->code))) ||
              set_attr(exc, "exit_code", PyLong_FromLong(pl_status_exit_code(err->code)));
    if (!bad) PyErr_SetObject(ParleyError, exc);
    Py_DECREF(exc);
    return NULL;
}

static PyObject *no_memory(void)
{
    pl_error err;
    pl_error_set(&err, PL_ENOMEM, "out of memory");
    return raise_error(&err);
}

/* n doubles as bytes (the Python side views them with numpy.frombuffer). */
static PyObject *doubles(const double *x, size_t n)
{
    return PyBytes_FromStringAndSize(n ? (const char *)x : "", (Py_ssize_t)(n * sizeof(double)));
}

static PyObject *bytes_of(const unsigned char *x, size_t n)
{
    return PyBytes_FromStringAndSize(n ? (const char *)x : "", (Py_ssize_t)n);
}

static PyObject *strings(char *const *s, size_t n)
{
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t k = 0; list && k < n; k++) {
        PyObject *v = PyUnicode_FromString(s[k] ? s[k] : "");
        if (!v) return Py_DECREF(list), NULL;
        PyList_SET_ITEM(list, (Py_ssize_t)k, v);
    }
    return list;
}

/* Sets d[key] = value and drops the reference; 0 on success (value NULL: failure). */
static int put(PyObject *d, const char *key, PyObject *value)
{
    if (!value) return -1;
    int rc = PyDict_SetItemString(d, key, value);
    Py_DECREF(value);
    return rc;
}

/* Appends item to list and drops the reference; nonzero on failure (item NULL included). */
static int append(PyObject *list, PyObject *item)
{
    if (!item) return -1;
    int rc = PyList_Append(list, item);
    Py_DECREF(item);
    return rc;
}

/* ---- Model options ------------------------------------------------------------------------ */

static const pl_bargain_type *find_model(const char *name, pl_error *err)
{
    const pl_bargain_type *t = pl_bargain_find(name);
    if (!t) pl_error_set(err, PL_EINVAL, "found model '%s', expected one of parley.models()", name);
    return t;
}

/* Binds set to type's options and sets each (name, text) pair of the list items; text None is a
** flag given. */
static pl_status set_options(pl_optset *set, const pl_bargain_type *t, PyObject *items, pl_error *err)
{
    pl_optset_init(set, t->options, t->n_options);
    Py_ssize_t n = items ? PyList_Size(items) : 0;
    for (Py_ssize_t k = 0; k < n; k++) {
        const char *name, *text;
        PyObject *item = PyList_GetItem(items, k);
        if (!PyArg_ParseTuple(item, "sz", &name, &text)) return pl_error_set(err, PL_EINVAL, "bad model option");
        pl_status st = pl_optset_set(set, name, text, err);
        if (st) return st;
    }
    return PL_OK;
}

static PyObject *py_models(PyObject *self, PyObject *args)
{
    (void)self, (void)args;
    size_t n;
    const pl_bargain_type *const *types = pl_bargain_types(&n);
    PyObject *list = PyList_New(0);
    for (size_t k = 0; list && k < n; k++) {
        const pl_bargain_type *t = types[k];
        PyObject *opts = PyList_New(0);
        for (size_t j = 0; opts && j < t->n_options; j++) {
            const pl_option_desc *d = &t->options[j];
            PyObject *o = Py_BuildValue("{s:s, s:i, s:s, s:d, s:d, s:z, s:s}", "name", d->name, "kind", (int)d->kind,
                                        "default", d->deflt, "lo", d->lo, "hi", d->hi, "choices", d->choices, "help", d->help);
            if (!o || PyList_Append(opts, o) < 0) Py_CLEAR(opts);
            Py_XDECREF(o);
        }
        PyObject *m = opts ? Py_BuildValue("{s:s, s:s, s:s, s:I, s:N}", "name", t->name, "summary", t->summary, "citation",
                                           t->citation, "flags", t->flags, "options", opts)
                           : NULL;
        if (!m || PyList_Append(list, m) < 0) Py_CLEAR(list);
        Py_XDECREF(m);
    }
    return list;
}

/* ---- Stakeholder tables ------------------------------------------------------------------- */

static const char *TABLE = "parley.Table";

static void table_free(PyObject *cap) { pl_stakeholders_free(PyCapsule_GetPointer(cap, TABLE)); }

static pl_stakeholders *table_of(PyObject *cap) { return PyCapsule_GetPointer(cap, TABLE); }

static PyObject *py_read_table(PyObject *self, PyObject *args)
{
    (void)self;
    const char *path, *format, *scale;
    if (!PyArg_ParseTuple(args, "sss", &path, &format, &scale)) return NULL;
    pl_read_options ro = {PL_FORMAT_AUTO, PL_SALIENCE_AUTO};
    pl_error err;
    pl_error_clear(&err);
    if (strcmp(format, "auto") != 0 && pl_input_format_parse(format, &ro.format) != 0) {
        pl_error_set(&err, PL_EINVAL, "found format '%s', expected auto, analyst, ktab-csv, ktab-xml, deu or decide", format);
        return raise_error(&err);
    }
    int sc = pl_choice_index("auto|unit|percent", scale);
    if (sc < 0) {
        pl_error_set(&err, PL_EINVAL, "found salience scale '%s', expected auto, unit or percent", scale);
        return raise_error(&err);
    }
    ro.salience = (pl_salience_scale)sc;
    pl_stakeholders *s = NULL;
    if (pl_read_stakeholders(path, &ro, &s, &err)) return raise_error(&err);
    PyObject *cap = PyCapsule_New(s, TABLE, table_free);
    if (!cap) pl_stakeholders_free(s);
    return cap;
}

static PyObject *py_table_info(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *cap;
    if (!PyArg_ParseTuple(args, "O", &cap)) return NULL;
    const pl_stakeholders *s = table_of(cap);
    if (!s) return NULL;
    size_t cells = s->n_actors * s->n_dims;
    PyObject *d = PyDict_New();
    if (!d) return NULL;
    int bad = put(d, "name", PyUnicode_FromString(s->name ? s->name : "")) ||
              put(d, "description", PyUnicode_FromString(s->description ? s->description : "")) ||
              put(d, "source", PyUnicode_FromString(s->source ? s->source : "")) ||
              put(d, "actors", strings(s->actor, s->n_actors)) || put(d, "dimensions", strings(s->dim, s->n_dims)) ||
              put(d, "lo", doubles(s->dim_lo, s->n_dims)) || put(d, "hi", doubles(s->dim_hi, s->n_dims)) ||
              put(d, "capability", doubles(s->capability, cells)) || put(d, "position", doubles(s->position, cells)) ||
              put(d, "salience", doubles(s->salience, cells)) || put(d, "present", bytes_of(s->present, cells)) ||
              put(d, "seed", s->has_seed ? PyLong_FromUnsignedLongLong(s->seed) : Py_NewRef(Py_None));
    if (!bad && s->outcome)
        bad = put(d, "outcome", doubles(s->outcome, s->n_dims)) || put(d, "has_outcome", bytes_of(s->has_outcome, s->n_dims));
    if (bad) Py_CLEAR(d);
    return d;
}

static PyObject *forecast_dict(const pl_forecast *f)
{
    size_t cells = f->n_actors * f->n_dims;
    double *pos = PyMem_Malloc((f->n_rounds * cells + 1) * sizeof *pos);
    double *med = PyMem_Malloc((f->n_rounds * f->n_dims + 1) * sizeof *med);
    double *mean = PyMem_Malloc((f->n_rounds * f->n_dims + 1) * sizeof *mean);
    PyObject *d = pos && med && mean ? PyDict_New() : NULL, *series = PyList_New(0), *events = PyList_New(0),
             *info = PyDict_New();
    int bad = !d || !series || !events || !info;
    for (size_t r = 0; !bad && r < f->n_rounds; r++) {
        memcpy(pos + r * cells, f->round[r].position, cells * sizeof *pos);
        memcpy(med + r * f->n_dims, f->round[r].median, f->n_dims * sizeof *med);
        memcpy(mean + r * f->n_dims, f->round[r].mean, f->n_dims * sizeof *mean);
    }
    for (size_t k = 0; !bad && k < f->n_series; k++)
        bad = append(series, Py_BuildValue("(snN)", f->series[k].name, (Py_ssize_t)f->series[k].round,
                                                  doubles(f->series[k].value, f->n_actors))) < 0;
    for (size_t k = 0; !bad && k < f->n_events; k++) {
        const pl_forecast_event *e = &f->event[k];
        bad = append(events, Py_BuildValue("(nsiiidddd)", (Py_ssize_t)e->round, e->kind, e->actor, e->other,
                                                  e->dim, e->from, e->to, e->a, e->b)) < 0;
    }
    for (size_t k = 0; !bad && k < f->n_info; k++) {
        const pl_forecast_info *in = &f->info[k];
        bad = put(info, in->key, in->text ? PyUnicode_FromString(in->text) : PyFloat_FromDouble(in->value));
    }
    if (!bad)
        bad = put(d, "model", PyUnicode_FromString(f->model)) || put(d, "actors", strings(f->actor, f->n_actors)) ||
              put(d, "dimensions", strings(f->dim, f->n_dims)) || put(d, "n_rounds", PyLong_FromSize_t(f->n_rounds)) ||
              put(d, "position", doubles(pos, f->n_rounds * cells)) || put(d, "median", doubles(med, f->n_rounds * f->n_dims)) ||
              put(d, "mean", doubles(mean, f->n_rounds * f->n_dims)) || put(d, "present", bytes_of(f->present, cells)) ||
              put(d, "forecast", doubles(f->forecast, f->forecast ? f->n_dims : 0)) ||
              put(d, "rule", PyUnicode_FromString(f->forecast_rule ? f->forecast_rule : "")) ||
              PyDict_SetItemString(d, "series", series) || PyDict_SetItemString(d, "events", events) ||
              PyDict_SetItemString(d, "info", info);
    Py_XDECREF(series), Py_XDECREF(events), Py_XDECREF(info);
    PyMem_Free(pos), PyMem_Free(med), PyMem_Free(mean);
    if (bad) Py_CLEAR(d);
    return d;
}

/* forecast(table, model, options, seed or None) */
static PyObject *py_forecast(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *cap, *items, *seed_obj;
    const char *model;
    if (!PyArg_ParseTuple(args, "OsO!O", &cap, &model, &PyList_Type, &items, &seed_obj)) return NULL;
    const pl_stakeholders *s = table_of(cap);
    if (!s) return NULL;
    pl_error err;
    pl_error_clear(&err);
    pl_optset opts;
    const pl_bargain_type *t = find_model(model, &err);
    if (!t || set_options(&opts, t, items, &err)) return PyErr_Occurred() ? NULL : raise_error(&err);
    uint64_t seed = seed_obj == Py_None ? (s->has_seed ? s->seed : 1) : PyLong_AsUnsignedLongLong(seed_obj);
    if (PyErr_Occurred()) return NULL;
    gsl_rng *rng = (t->flags & PL_BARGAIN_STOCHASTIC) ? pl_rng_alloc(seed, 0) : NULL;
    if ((t->flags & PL_BARGAIN_STOCHASTIC) && !rng) return no_memory();
    pl_forecast *f = NULL;
    pl_status st;
    Py_BEGIN_ALLOW_THREADS st = pl_bargain_run(t, s, &opts, rng, &f, &err);
    Py_END_ALLOW_THREADS
    if (rng) gsl_rng_free(rng);
    if (st) return raise_error(&err);
    PyObject *d = forecast_dict(f);
    if (d && put(d, "seed", PyLong_FromUnsignedLongLong(seed))) Py_CLEAR(d);
    pl_forecast_free(f);
    return d;
}

/* score(path, model, options, capability rule, ignore_salience, seed) */
static PyObject *py_score(PyObject *self, PyObject *args)
{
    (void)self;
    const char *path, *model, *cap_rule;
    PyObject *items;
    int ignore_salience;
    unsigned long long seed;
    if (!PyArg_ParseTuple(args, "ssO!spK", &path, &model, &PyList_Type, &items, &cap_rule, &ignore_salience, &seed))
        return NULL;
    pl_error err;
    pl_error_clear(&err);
    pl_optset opts;
    const pl_bargain_type *t = find_model(model, &err);
    if (!t || set_options(&opts, t, items, &err)) return PyErr_Occurred() ? NULL : raise_error(&err);
    int rule = pl_choice_index("gdp|votes|equal", cap_rule);
    if (rule < 0) {
        pl_error_set(&err, PL_EINVAL, "found capability '%s', expected gdp, votes or equal", cap_rule);
        return raise_error(&err);
    }
    pl_read_options ro = {PL_FORMAT_AUTO, PL_SALIENCE_AUTO};
    pl_stakeholders *s = NULL;
    pl_score *sc = NULL;
    pl_status st;
    Py_BEGIN_ALLOW_THREADS st = pl_read_stakeholders(path, &ro, &s, &err);
    if (!st) st = pl_capability_apply(s, (pl_capability_rule)rule, &err);
    if (!st) st = pl_score_run(t, s, &opts, ignore_salience, seed, &sc, &err);
    Py_END_ALLOW_THREADS
    pl_stakeholders_free(s);
    if (st) return raise_error(&err);
    PyObject *d = Py_BuildValue("{s:s, s:n, s:d, s:d, s:N, s:N, s:N}", "model", sc->model, "n", (Py_ssize_t)sc->n, "mae",
                                sc->mae, "rmse", sc->rmse, "issues", strings(sc->issue, sc->n), "prediction",
                                doubles(sc->prediction, sc->n), "outcome", doubles(sc->outcome, sc->n));
    pl_score_free(sc);
    return d;
}

/* ---- Scenarios ---------------------------------------------------------------------------- */

/* Reads path with the settle schema when it has a settle: section, else the war schema. */
static pl_status read_scenario(const char *path, int *is_settle, pl_scenario **sc, pl_error *err)
{
    *is_settle = pl_scenario_is_settle(path);
    return *is_settle ? pl_scenario_read(path, pl_settle_schema(), sc, err) : pl_war_scenario_read(path, sc, err);
}

/* Applies overrides, a list of (path, value) where value is a float (a fixed value) or a str (a
** distribution as parley run --vary writes it: "uniform(1, 2)", "±10%", a bare number). */
static pl_status apply_overrides(pl_scenario *sc, PyObject *items, pl_error *err)
{
    Py_ssize_t n = PyList_Size(items);
    for (Py_ssize_t k = 0; k < n; k++) {
        const char *path;
        PyObject *value;
        if (!PyArg_ParseTuple(PyList_GetItem(items, k), "sO", &path, &value)) return PL_EINVAL;
        pl_status st;
        if (PyUnicode_Check(value)) {
            int i = pl_scenario_find_param(sc, path), clipped = 0;
            if (i < 0) return pl_error_set(err, PL_EINVAL, "found parameter '%s', expected one of the scenario's", path);
            const pl_param *p = &sc->param[i];
            pl_dist d;
            st = pl_ens_parse_dist(PyUnicode_AsUTF8(value), p->nominal, p->desc->lo, p->desc->hi, &d, &clipped, err);
            if (!st) st = d.kind == PL_DIST_FIXED ? pl_scenario_set_value(sc, path, d.a, err) : pl_scenario_set_dist(sc, path, &d, err);
        } else {
            double v = PyFloat_AsDouble(value);
            if (PyErr_Occurred()) return PL_EINVAL;
            st = pl_scenario_set_value(sc, path, v, err);
        }
        if (st) return st;
    }
    return PL_OK;
}

static PyObject *params_dict(const pl_scenario *sc)
{
    PyObject *rows = PyList_New(0);
    for (size_t k = 0; rows && k < sc->n_params; k++) {
        const pl_param *p = &sc->param[k];
        char dist[128];
        pl_dist_format(&p->dist, dist, sizeof dist);
        PyObject *r = Py_BuildValue("(sdsddszzii)", p->path, p->nominal, dist, p->desc->lo, p->desc->hi,
                                    p->desc->units ? p->desc->units : "", p->source, p->assumed, p->given, p->line);
        if (!r || PyList_Append(rows, r) < 0) Py_CLEAR(rows);
        Py_XDECREF(r);
    }
    return rows;
}

static PyObject *py_scenario_info(PyObject *self, PyObject *args)
{
    (void)self;
    const char *path;
    if (!PyArg_ParseTuple(args, "s", &path)) return NULL;
    pl_error err;
    pl_error_clear(&err);
    pl_scenario *sc = NULL;
    int is_settle;
    if (read_scenario(path, &is_settle, &sc, &err)) return raise_error(&err);
    PyObject *d = Py_BuildValue("{s:s, s:s, s:s, s:N, s:d, s:N}", "name", sc->name ? sc->name : "", "description",
                                sc->description ? sc->description : "", "kind", is_settle ? "settle" : "war", "seed",
                                sc->seed >= 0 ? PyLong_FromLong(sc->seed) : Py_NewRef(Py_None), "horizon_years",
                                sc->horizon_years, "parameters", params_dict(sc));
    pl_scenario_free(sc);
    return d;
}

/* ---- simulate ----------------------------------------------------------------------------- */

typedef struct sim_job {
    const pl_scenario *sc;
    uint64_t seed;
    int nominal, mean_field;
    long days, step;
    double *values;
    pl_war_params p;
    pl_war_state end;
    pl_war_series *ser;
} sim_job;

/* One run of the war model, as parley simulate does it (stream 0 of the seed). */
static pl_status simulate_run(sim_job *j, pl_error *err)
{
    gsl_rng *rng = pl_rng_alloc(j->seed, 0);
    if (!rng) return pl_error_set(err, PL_ENOMEM, "out of memory");
    if (j->nominal) pl_scenario_nominals(j->sc, j->values);
    else pl_scenario_draw(j->sc, rng, j->values);
    pl_status st = pl_war_params_from_scenario(j->sc, j->values, &j->p, err);
    if (!st) {
        j->p.stochastic = !j->mean_field;
        if (j->days <= 0) j->days = j->p.horizon_days;
        st = pl_war_series_create(&j->p, j->step > 0 ? j->step : j->sc->step_days, j->days, &j->ser, err);
    }
    if (!st) {
        pl_war_init(&j->end, &j->p);
        pl_war_recorder rec = pl_war_series_recorder(j->ser);
        st = pl_war_run(&j->end, &j->p, rng, j->days, &rec, err);
    }
    gsl_rng_free(rng);
    return st;
}

static PyObject *outcomes_dict(const sim_job *j)
{
    double out[PL_WAR_MAX_OUTCOMES];
    size_t n = pl_war_outcomes(&j->end, &j->p, out), nd;
    const pl_war_outcome_desc *desc = pl_war_outcome_descs(&nd);
    PyObject *d = PyDict_New();
    for (size_t k = 0; d && k < n; k++) {
        char name[96];
        pl_war_outcome_name(&j->p, k, name, sizeof name);
        const char *dot = strrchr(name, '.'), *key = dot ? dot + 1 : name;
        double v = out[k];
        for (size_t q = 0; q < nd; q++)
            if (strcmp(desc[q].key, key) == 0) v = pl_outcome_mark_undefined(v, desc[q].help);
        if (put(d, name, isnan(v) ? Py_NewRef(Py_None) : PyFloat_FromDouble(v))) Py_CLEAR(d);
    }
    return d;
}

static PyObject *series_dict(const pl_war_series *ser, const pl_war_params *p)
{
    PyObject *cols = PyList_New(0), *entity = PyList_New(0), *quantity = PyList_New(0);
    for (size_t c = 0; cols && entity && quantity && c < ser->n_cols; c++) {
        const char *side = ser->col_side[c] >= 0 ? p->side[ser->col_side[c]].id : "";
        if (append(cols, PyUnicode_FromString(ser->col_name[c])) < 0 ||
            append(entity, PyUnicode_FromString(side)) < 0 ||
            append(quantity, PyUnicode_FromString(ser->col_desc[c]->name)) < 0)
            Py_CLEAR(cols);
    }
    long *day = ser->day;
    double *d = PyMem_Malloc((ser->n_rows + 1) * sizeof *d);
    for (size_t r = 0; d && r < ser->n_rows; r++) d[r] = (double)day[r];
    PyObject *out = cols && entity && quantity && d
                        ? Py_BuildValue("{s:O, s:O, s:O, s:N, s:N, s:l}", "columns", cols, "entity", entity, "quantity",
                                        quantity, "day", doubles(d, ser->n_rows), "value",
                                        doubles(ser->value, ser->n_rows * ser->n_cols), "start_days", ser->start_days)
                        : NULL;
    PyMem_Free(d);
    Py_XDECREF(cols), Py_XDECREF(entity), Py_XDECREF(quantity);
    return out;
}

/* simulate(path, seed or None, nominal, mean_field, days, step, overrides) */
static PyObject *py_simulate(PyObject *self, PyObject *args)
{
    (void)self;
    const char *path;
    PyObject *seed_obj, *items;
    sim_job j;
    memset(&j, 0, sizeof j);
    if (!PyArg_ParseTuple(args, "sOppllO!", &path, &seed_obj, &j.nominal, &j.mean_field, &j.days, &j.step, &PyList_Type,
                          &items))
        return NULL;
    pl_error err;
    pl_error_clear(&err);
    pl_scenario *sc = NULL;
    pl_status st = pl_war_scenario_read(path, &sc, &err);
    if (!st) st = apply_overrides(sc, items, &err);
    if (PyErr_Occurred()) return pl_scenario_free(sc), NULL;
    if (st) return pl_scenario_free(sc), raise_error(&err);
    j.sc = sc;
    j.seed = seed_obj == Py_None ? (sc->seed >= 0 ? (uint64_t)sc->seed : 1) : PyLong_AsUnsignedLongLong(seed_obj);
    j.values = pl_malloc((sc->n_params + 1) * sizeof *j.values);
    if (PyErr_Occurred() || !j.values) {
        pl_free(j.values), pl_scenario_free(sc);
        return PyErr_Occurred() ? NULL : no_memory();
    }
    Py_BEGIN_ALLOW_THREADS st = simulate_run(&j, &err);
    Py_END_ALLOW_THREADS
    PyObject *d = NULL;
    if (st) raise_error(&err);
    else {
        PyObject *names = PyList_New((Py_ssize_t)sc->n_params);
        for (size_t k = 0; names && k < sc->n_params; k++) PyList_SET_ITEM(names, (Py_ssize_t)k, PyUnicode_FromString(sc->param[k].path));
        d = Py_BuildValue("{s:s, s:K, s:l, s:N, s:N, s:N, s:N}", "scenario", sc->name, "seed", (unsigned long long)j.seed,
                          "days", j.days, "parameter_names", names, "parameters", doubles(j.values, sc->n_params), "outcomes",
                          outcomes_dict(&j), "series", series_dict(j.ser, &j.p));
    }
    pl_war_series_free(j.ser);
    pl_free(j.values);
    pl_scenario_free(sc);
    return d;
}

/* ---- settle ------------------------------------------------------------------------------- */

typedef struct settle_job {
    pl_scenario *sc;          /* owned until the experiment takes it over (e), then borrowed */
    pl_settle_setup *su;
    pl_experiment *e;
    pl_ens_result *r;
    pl_result_table *stats;
    uint64_t seed;
    size_t runs;
    int nominal;
    double *outcomes, *values, *terms;
} settle_job;

static void settle_job_free(settle_job *j)
{
    pl_free(j->outcomes), pl_free(j->values), pl_free(j->terms);
    pl_result_table_free(j->stats);
    pl_ens_result_free(j->r);
    if (j->e) pl_experiment_free(j->e);
    else {
        pl_settle_setup_free(j->su);
        pl_scenario_free(j->sc);
    }
}

/* The runs of parley settle, on the ensemble engine as the command runs them: the outcomes (NaN where
** an event did not happen), each run's drawn parameters and first-round terms, and the statistics
** table (outcome, statistic, value, lo, hi, level, k, n) the command prints. */
static pl_status settle_engine(settle_job *j, pl_error *err)
{
    pl_status st = pl_experiment_settle_own(j->sc, j->su, j->sc->path, &j->e, err);
    if (st) {
        j->sc = NULL, j->su = NULL; /* freed by the failed call */
        return st;
    }
    pl_ens_config cfg;
    pl_ens_config_init(&cfg);
    cfg.seed = j->seed;
    cfg.runs = (long)j->runs;
    cfg.series_runs = 0;
    for (size_t k = 0; !st && j->nominal && k < j->e->n_inputs; k++)
        if (strncmp(j->e->input[k].name, "draw:", 5) == 0) st = pl_experiment_fix(j->e, j->e->input[k].name, err);
    if (!st) st = pl_ensemble_run(j->e, &cfg, NULL, 0, &j->r, err);
    if (!st) st = pl_ens_stats_table(j->e, &cfg, j->r, NULL, 0, PL_STAT_LEVEL, 0, "outcomes", &j->stats, err);
    size_t np = j->sc->n_params, nt = j->su->fw->n_points, no = j->r ? j->r->n_outcomes : 0;
    double *x = st ? NULL : pl_malloc((j->e->n_inputs + 1) * sizeof *x);
    if (!st && !x) st = pl_error_set(err, PL_ENOMEM, "out of memory");
    for (size_t i = 0; !st && i < j->runs; i++) {
        memcpy(j->outcomes + i * PL_SO_COUNT, j->r->y + i * no, PL_SO_COUNT * sizeof(double));
        memcpy(j->terms + i * nt, j->r->y + i * no + PL_SO_COUNT, nt * sizeof(double));
        pl_ens_result_inputs(j->e, j->r, (long)i, x);
        st = pl_experiment_settle_values(j->e, x, j->values + i * np, err);
    }
    pl_free(x);
    if (!st && j->r->n_failed) st = pl_error_set(err, PL_EMODEL, "%ld runs failed; the first: %s", j->r->n_failed, j->r->failure);
    return st;
}

/* The statistics table as a list of (outcome, statistic, value, lo, hi, level, k, n); None where missing. */
static PyObject *stats_list(const pl_result_table *t)
{
    size_t n = pl_result_table_n_rows(t);
    PyObject *list = PyList_New((Py_ssize_t)n);
    for (size_t i = 0; list && i < n; i++) {
        PyObject *row = PyTuple_New(8);
        if (!row) return Py_DECREF(list), NULL;
        for (size_t c = 0; c < 8; c++) {
            PyObject *v;
            if (c < 2) v = PyUnicode_FromString(pl_result_table_text(t, i, c));
            else {
                double x = pl_result_table_real(t, i, c);
                v = isnan(x) ? (Py_INCREF(Py_None), Py_None) : c >= 6 ? PyLong_FromDouble(x) : PyFloat_FromDouble(x);
            }
            PyTuple_SET_ITEM(row, (Py_ssize_t)c, v);
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, row);
    }
    return list;
}

/* Narrowing as parley settle's --drop/--defer/--propose take it: a list of (point, op, value). */
static pl_status narrow(settle_job *j, PyObject *items, pl_error *err)
{
    Py_ssize_t n = PyList_Size(items);
    for (Py_ssize_t k = 0; k < n; k++) {
        const char *id;
        int op;
        double v;
        if (!PyArg_ParseTuple(PyList_GetItem(items, k), "sid", &id, &op, &v)) return PL_EINVAL;
        pl_status st = pl_framework_narrow(j->su->fw, id, (pl_narrow_op)op, v, err);
        if (st) return st;
    }
    return PL_OK;
}

/* The scenario with the options of parley settle applied (settle_cli_load's order: another
** framework, terms, model, narrowing, then parameters). */
static pl_status settle_load(const char *path, const char *framework, int terms, const char *model, PyObject *narrowing,
                             PyObject *overrides, settle_job *j, pl_error *err)
{
    pl_status st = pl_scenario_read(path, pl_settle_schema(), &j->sc, err);
    if (!st) st = pl_settle_setup_create(j->sc, &j->su, err);
    if (!st && framework[0]) {
        pl_framework *fw;
        st = pl_framework_read(framework, &fw, err);
        if (!st) {
            pl_framework_free(j->su->fw);
            j->su->fw = fw;
            st = pl_settle_setup_refresh(j->sc, j->su, err);
        }
    }
    if (!st && terms > 0) j->su->terms_proposal = terms == 2;
    if (!st && model[0]) {
        const pl_bargain_type *t = find_model(model, err);
        if (!t) return PL_EINVAL;
        j->su->model = t;
        pl_optset_init(&j->su->model_opts, t->options, t->n_options);
    }
    if (!st) st = narrow(j, narrowing, err);
    if (!st) st = apply_overrides(j->sc, overrides, err);
    return st;
}

/* settle(path, runs, seed or None, nominal, framework, terms (0 scenario, 1 negotiated, 2
** proposal), model, narrowing, overrides) */
static PyObject *py_settle(PyObject *self, PyObject *args)
{
    (void)self;
    const char *path, *framework, *model;
    Py_ssize_t runs;
    PyObject *seed_obj, *narrowing, *overrides;
    int nominal, terms;
    if (!PyArg_ParseTuple(args, "snOpsisO!O!", &path, &runs, &seed_obj, &nominal, &framework, &terms, &model, &PyList_Type,
                          &narrowing, &PyList_Type, &overrides))
        return NULL;
    pl_error err;
    pl_error_clear(&err);
    settle_job j;
    memset(&j, 0, sizeof j);
    pl_status st = runs >= 1 ? settle_load(path, framework, terms, model, narrowing, overrides, &j, &err)
                             : pl_error_set(&err, PL_EINVAL, "found runs %zd, expected at least 1", runs);
    if (PyErr_Occurred()) return settle_job_free(&j), NULL;
    if (st) return settle_job_free(&j), raise_error(&err);
    j.runs = (size_t)runs;
    j.nominal = nominal;
    j.seed = seed_obj == Py_None ? (j.sc->seed >= 0 ? (uint64_t)j.sc->seed : 1) : PyLong_AsUnsignedLongLong(seed_obj);
    if (PyErr_Occurred()) return settle_job_free(&j), NULL;
    size_t np = j.sc->n_params, nt = j.su->fw->n_points;
    j.outcomes = pl_malloc(j.runs * PL_SO_COUNT * sizeof(double));
    j.values = pl_malloc(j.runs * (np ? np : 1) * sizeof(double));
    j.terms = pl_malloc(j.runs * (nt ? nt : 1) * sizeof(double));
    if (!j.outcomes || !j.values || !j.terms) return settle_job_free(&j), no_memory();
    Py_BEGIN_ALLOW_THREADS st = settle_engine(&j, &err);
    Py_END_ALLOW_THREADS
    if (st) return settle_job_free(&j), raise_error(&err);
    size_t n_keys;
    const pl_settle_outcome_desc *desc = pl_settle_outcome_descs(&n_keys);
    PyObject *keys = PyList_New((Py_ssize_t)n_keys), *params = PyList_New((Py_ssize_t)np), *points = PyList_New((Py_ssize_t)nt);
    PyObject *kinds = PyList_New((Py_ssize_t)n_keys), *given = PyList_New((Py_ssize_t)n_keys);
    for (size_t k = 0; keys && k < n_keys; k++) PyList_SET_ITEM(keys, (Py_ssize_t)k, PyUnicode_FromString(desc[k].key));
    for (size_t k = 0; kinds && k < n_keys; k++)
        PyList_SET_ITEM(kinds, (Py_ssize_t)k, PyUnicode_FromString(pl_outcome_kind_name(desc[k].kind)));
    for (size_t k = 0; given && k < n_keys; k++)
        PyList_SET_ITEM(given, (Py_ssize_t)k, desc[k].given ? PyUnicode_FromString(desc[k].given) : (Py_INCREF(Py_None), Py_None));
    for (size_t k = 0; params && k < np; k++) PyList_SET_ITEM(params, (Py_ssize_t)k, PyUnicode_FromString(j.sc->param[k].path));
    for (size_t k = 0; points && k < nt; k++) PyList_SET_ITEM(points, (Py_ssize_t)k, PyUnicode_FromString(j.su->fw->point[k].id));
    const pl_framework *fw = j.su->fw;
    PyObject *d = Py_BuildValue(
        "{s:s, s:s, s:s, s:s, s:n, s:K, s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:N}", "scenario",
        j.sc->name, "framework", fw->name, "attacker", fw->actor_name[j.su->attacker], "defender",
        fw->actor_name[j.su->defender], "runs", (Py_ssize_t)j.runs, "seed", (unsigned long long)j.seed, "outcome_keys", keys,
        "outcome_kinds", kinds, "outcome_given", given, "parameter_names", params, "points", points, "outcomes",
        doubles(j.outcomes, j.runs * PL_SO_COUNT), "values", doubles(j.values, j.runs * np), "terms",
        doubles(j.terms, j.runs * nt), "statistics", stats_list(j.stats));
    settle_job_free(&j);
    return d;
}

/* ---- run and sensitivity (ensembles) ------------------------------------------------------ */

typedef struct progress_ctx {
    PyObject *fn;
    int failed; /* the callback raised: it is not called again, and the error surfaces at the end */
    PyObject *type, *value, *tb;
} progress_ctx;

/* Called from one of the ensemble's threads without the GIL. */
static void progress_call(void *ctx, long done, long total)
{
    progress_ctx *p = ctx;
    if (p->failed) return;
    PyGILState_STATE g = PyGILState_Ensure();
    PyObject *r = PyObject_CallFunction(p->fn, "ll", done, total);
    if (!r) {
        p->failed = 1;
        PyErr_Fetch(&p->type, &p->value, &p->tb);
    }
    Py_XDECREF(r);
    PyGILState_Release(g);
}

typedef struct ens_job {
    pl_experiment *e;
    pl_ens_config cfg;
    pl_store *store;
    int64_t job;
    pl_ens_result *r;
    pl_summary *sum, *grid_sum;
    long points;
    pl_sens_table sens;
    int has_sens;
} ens_job;

static void ens_job_free(ens_job *j)
{
    if (j->has_sens) pl_sens_table_free(&j->sens);
    pl_free(j->sum), pl_free(j->grid_sum);
    pl_ens_result_free(j->r);
    if (j->store) pl_store_close(j->store);
    pl_experiment_free(j->e);
}

static pl_status build_experiment(const char *path, PyObject *table, const char *model, PyObject *model_items,
                                  long record_every, long horizon_days, pl_experiment **e, pl_error *err)
{
    if (table != Py_None) {
        pl_optset opts;
        const pl_bargain_type *t = find_model(model, err);
        if (!t) return PL_EINVAL;
        pl_status st = set_options(&opts, t, model_items, err);
        return st ? st : pl_experiment_bargain(table_of(table), t, &opts, e, err);
    }
    if (pl_scenario_is_settle(path)) return pl_experiment_settle(path, e, err);
    return pl_experiment_war(path, record_every, horizon_days, e, err);
}

/* "NAME=LO:HI:N" specs as --grid, here (name, lo, hi, n) tuples. */
static pl_status apply_design(ens_job *j, PyObject *vary, PyObject *grid, pl_error *err)
{
    for (Py_ssize_t k = 0; k < PyList_Size(vary); k++) {
        pl_status st = pl_experiment_vary(j->e, PyUnicode_AsUTF8(PyList_GetItem(vary, k)), err);
        if (st) return st;
    }
    Py_ssize_t n_axes = PyList_Size(grid);
    if (n_axes > PL_GRID_MAX_AXES)
        return pl_error_set(err, PL_EINVAL, "found %zd grid axes, expected at most %d", n_axes, PL_GRID_MAX_AXES);
    for (Py_ssize_t k = 0; k < n_axes; k++) {
        const char *name;
        pl_grid_axis *ax = &j->cfg.axis[k];
        if (!PyArg_ParseTuple(PyList_GetItem(grid, k), "sddl", &name, &ax->lo, &ax->hi, &ax->n)) return PL_EINVAL;
        long in = pl_experiment_find_input(j->e, name);
        if (in < 0) return pl_error_set(err, PL_EINVAL, "grid: no input is called '%s' (see parley.inputs())", name);
        ax->input = (size_t)in;
    }
    j->cfg.n_axes = (size_t)n_axes;
    if (n_axes) {
        if (j->cfg.design != PL_DESIGN_MC) return pl_error_set(err, PL_EINVAL, "a grid goes with method mc only");
        j->cfg.design = PL_DESIGN_GRID;
    }
    return PL_OK;
}

static pl_status open_store(ens_job *j, const char *path, int resume, pl_error *err)
{
    if (!path[0]) return resume ? pl_error_set(err, PL_EINVAL, "resume needs a store") : PL_OK;
    char *config = pl_ens_config_json(j->e, &j->cfg, "run", NULL);
    if (!config) return pl_error_set(err, PL_ENOMEM, "out of memory");
    int resumed;
    pl_status st = pl_store_open(path, &j->store, err);
    if (!st) st = pl_ens_job_open(j->store, j->e, &j->cfg, "run", config, resume, &j->job, &resumed, err);
    pl_free(config);
    return st;
}

/* The runs, their summaries (all runs, then each grid point) and the sensitivity table; with a
** store, the table and the job's facts land in it as parley run records them. */
static pl_status ens_execute(ens_job *j, int n_boot, pl_error *err)
{
    pl_status st = pl_ensemble_run(j->e, &j->cfg, j->store, j->job, &j->r, err);
    if (st) return st;
    if (j->r->n_failed == j->r->n_runs) return pl_error_set(err, PL_EMODEL, "every run failed; the first: %s", j->r->failure);
    size_t no = j->e->n_outcomes;
    j->points = j->cfg.design == PL_DESIGN_GRID ? j->r->n_runs / j->cfg.runs : 0;
    j->sum = pl_calloc(no + 1, sizeof *j->sum);
    j->grid_sum = pl_calloc((size_t)j->points * no + 1, sizeof *j->grid_sum);
    if (!j->sum || !j->grid_sum) return pl_error_set(err, PL_ENOMEM, "out of memory");
    st = pl_ens_summarise(j->e, &j->cfg, j->r, -1, j->sum, err);
    for (long p = 0; !st && p < j->points; p++) st = pl_ens_summarise(j->e, &j->cfg, j->r, p, j->grid_sum + p * (long)no, err);
    if (!st) st = pl_ens_sensitivity(j->e, &j->cfg, j->r, n_boot, &j->sens, err);
    j->has_sens = !st;
    if (!st && j->store) st = pl_ens_store_sensitivity(j->store, j->job, j->e, &j->sens, err);
    if (!st && j->store) st = pl_store_put_job_info(j->store, j->job, "command_line", "python: parley.run", err);
    return st;
}

static PyObject *summary_tuple(const pl_summary *s)
{
    return Py_BuildValue("(lldddddddddddiddd)", s->n, s->n_missing, s->mean, s->sd, s->mean_lo, s->mean_hi, s->min, s->max,
                         s->q[0], s->q[1], s->q[2], s->q[3], s->q[4], s->binary, s->p, s->p_lo, s->p_hi);
}

static PyObject *ens_dict(const ens_job *j)
{
    const pl_experiment *e = j->e;
    const pl_ens_result *r = j->r;
    size_t no = e->n_outcomes;
    PyObject *inputs = PyList_New(0), *outcomes = PyList_New(0), *columns = PyList_New(0), *sums = PyList_New(0),
             *sens = PyList_New(0), *grid = PyList_New(0);
    int bad = !inputs || !outcomes || !columns || !sums || !sens || !grid;
    for (size_t k = 0; !bad && k < e->n_inputs; k++) {
        char dist[128];
        pl_dist_format(&e->input[k].dist, dist, sizeof dist);
        bad = append(inputs, Py_BuildValue("(sdddsz)", e->input[k].name, e->input[k].nominal, e->input[k].lo,
                                                  e->input[k].hi, dist, e->input[k].source)) < 0;
    }
    for (size_t k = 0; !bad && k < no; k++)
        bad = append(outcomes, Py_BuildValue("(ssz)", e->outcome[k].name,
                                                    e->outcome[k].kind == PL_OUTCOME_BINARY ? "binary" : "real",
                                                    e->outcome[k].description)) < 0 ||
              append(sums, summary_tuple(&j->sum[k])) < 0;
    for (size_t c = 0; !bad && c < r->n_columns; c++) bad = append(columns, PyLong_FromSize_t(r->column[c])) < 0;
    for (size_t k = 0; !bad && k < j->sens.n; k++) {
        const pl_sens_entry *s = &j->sens.row[k];
        bad = append(sens, Py_BuildValue("(nnddddddd)", (Py_ssize_t)s->outcome, (Py_ssize_t)s->input, s->value, s->lo,
                                                s->hi, s->value2, s->lo2, s->hi2, s->value3)) < 0;
    }
    for (long p = 0; !bad && p < j->points * (long)no; p++) bad = append(grid, summary_tuple(&j->grid_sum[p])) < 0;
    PyObject *state = bad ? NULL : bytes_of(r->state, (size_t)r->n_runs);
    if (!state) {
        Py_XDECREF(inputs), Py_XDECREF(outcomes), Py_XDECREF(columns), Py_XDECREF(sums), Py_XDECREF(sens), Py_XDECREF(grid);
        return NULL;
    }
    PyObject *d = Py_BuildValue("{s:s, s:K, s:l, s:l, s:l, s:s, s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:N, s:N, "
                                "s:l, s:n, s:s, s:z, s:z, s:z, s:L}",
                                "kind", e->kind, "seed", (unsigned long long)j->cfg.seed, "n_runs", r->n_runs, "n_failed",
                                r->n_failed, "n_resumed", r->n_resumed, "failure", r->failure, "inputs", inputs, "outcomes",
                                outcomes, "columns", columns, "x", doubles(r->x, (size_t)r->n_runs * r->n_columns), "y",
                                doubles(r->y, (size_t)r->n_runs * no), "state", state, "summaries", sums, "sensitivity",
                                sens, "grid", grid, "points", j->points, "n_axes", (Py_ssize_t)j->cfg.n_axes, "method",
                                j->sens.method ? j->sens.method : "", "measure", j->sens.measure, "measure2",
                                j->sens.measure2, "measure3", j->sens.measure3, "job", (long long)j->job);
    return d;
}

/* run(path, table or None, method, runs, seed or None, threads, vary, grid, levels, bootstrap,
** store, resume, progress or None, model, model options, record_every, horizon_days,
** series_runs) */
static PyObject *py_run(PyObject *self, PyObject *args)
{
    (void)self;
    const char *path, *method, *store_path, *model;
    PyObject *table, *seed_obj, *vary, *grid, *progress, *model_items;
    long runs, record_every, horizon_days, series_runs;
    int threads, levels, n_boot, resume;
    if (!PyArg_ParseTuple(args, "sOslOiO!O!iispOsO!lll", &path, &table, &method, &runs, &seed_obj, &threads, &PyList_Type,
                          &vary, &PyList_Type, &grid, &levels, &n_boot, &store_path, &resume, &progress, &model,
                          &PyList_Type, &model_items, &record_every, &horizon_days, &series_runs))
        return NULL;
    if (table != Py_None && !table_of(table)) return NULL;
    pl_error err;
    pl_error_clear(&err);
    ens_job j;
    memset(&j, 0, sizeof j);
    int design = pl_choice_index("mc|sobol|morris", method);
    pl_status st = design < 0 ? pl_error_set(&err, PL_EINVAL, "found method '%s', expected mc, sobol or morris", method)
                              : build_experiment(path, table, model, model_items, record_every, horizon_days, &j.e, &err);
    if (!st) {
        pl_ens_config_init(&j.cfg);
        j.cfg.seed = seed_obj != Py_None ? PyLong_AsUnsignedLongLong(seed_obj) : j.e->has_seed ? j.e->seed : 1;
        j.cfg.design = design == 0 ? PL_DESIGN_MC : design == 1 ? PL_DESIGN_SOBOL : PL_DESIGN_MORRIS;
        j.cfg.runs = runs;
        j.cfg.levels = levels;
        j.cfg.threads = threads;
        j.cfg.series_runs = series_runs;
        st = apply_design(&j, vary, grid, &err);
    }
    if (!st && !PyErr_Occurred()) st = pl_ens_config_check(j.e, &j.cfg, &err);
    if (!st && !PyErr_Occurred()) st = open_store(&j, store_path, resume, &err);
    if (PyErr_Occurred()) return ens_job_free(&j), NULL;
    if (st) return ens_job_free(&j), raise_error(&err);
    progress_ctx pc = {progress, 0, NULL, NULL, NULL};
    if (progress != Py_None) {
        j.cfg.progress = progress_call;
        j.cfg.progress_ctx = &pc;
    }
    Py_BEGIN_ALLOW_THREADS st = ens_execute(&j, n_boot, &err);
    Py_END_ALLOW_THREADS
    if (pc.failed) {
        PyErr_Restore(pc.type, pc.value, pc.tb);
        return ens_job_free(&j), NULL;
    }
    if (st) return ens_job_free(&j), raise_error(&err);
    PyObject *d = ens_dict(&j);
    ens_job_free(&j);
    return d;
}

static PyMethodDef methods[] = {
    {"models", py_models, METH_NOARGS, "The registered bargaining models with their options."},
    {"read_table", py_read_table, METH_VARARGS, "read_table(path, format, salience_scale) -> capsule"},
    {"table_info", py_table_info, METH_VARARGS, "table_info(capsule) -> dict"},
    {"forecast", py_forecast, METH_VARARGS, "forecast(table, model, options, seed) -> dict"},
    {"score", py_score, METH_VARARGS, "score(path, model, options, capability, ignore_salience, seed) -> dict"},
    {"scenario_info", py_scenario_info, METH_VARARGS, "scenario_info(path) -> dict"},
    {"simulate", py_simulate, METH_VARARGS, "simulate(path, seed, nominal, mean_field, days, step, overrides) -> dict"},
    {"settle", py_settle, METH_VARARGS, "settle(path, runs, seed, nominal, framework, terms, model, narrowing, overrides)"},
    {"run", py_run, METH_VARARGS, "run(...) -> dict: an ensemble"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "parley._parley", "libparley, bound.", -1, methods,
                                    NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__parley(void)
{
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    ParleyError = PyErr_NewExceptionWithDoc("parley.ParleyError",
                                            "A parley call failed: file, line, column (None when not known), message, "
                                            "code and the command's exit_code say why.",
                                            PyExc_Exception, NULL);
    if (!ParleyError || PyModule_AddObject(m, "ParleyError", ParleyError) < 0) {
        Py_XDECREF(ParleyError);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(ParleyError);
    PyModule_AddStringConstant(m, "version", PARLEY_VERSION);
    PyModule_AddIntConstant(m, "NARROW_DEFER", PL_NARROW_DEFER);
    PyModule_AddIntConstant(m, "NARROW_DROP", PL_NARROW_DROP);
    PyModule_AddIntConstant(m, "NARROW_SET", PL_NARROW_SET);
    return m;
}
