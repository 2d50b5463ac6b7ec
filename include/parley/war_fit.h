/*
** war_fit.h — the Bayesian calibration of a war scenario on an observed record (data/war/ CSV files)
** and its out-of-sample evaluation against naive forecasts.
** Layer: simulation. Public API. Method: docs/models/war.md §8; results: docs/validation.md.
**
** Parameters: the scenario's calibration.free, each with a uniform prior on its range: (the support
** of its distribution), searched in logit space; per observed series a log measurement sd σ
** (log-uniform on [0.05, 1]) and, where the manifest gives a bias interval, a multiplicative source
** bias b (log-uniform on it) and, for a monthly series, the AR(1) coefficient φ of its log residual
** (uniform on [0, 0.95]). Likelihood: r = ln y − ln(b·m) (ln(y + c) − ln(b·m + c) for a series with
** an offset c > 0), with m the model's aggregate on the mean-field
** path, follows a stationary Gaussian AR(1) with marginal sd σ (pl_war_fit_error_step). MAP by NLopt
** (Sbplx), then adaptive Metropolis (parley/mcmc.h) from the MAP. The predictive distribution of an
** observation gap months after the last point fitted at its origin, with residual r₀ there, is
** b·m·exp(φ^gap·r₀ + σ√(1 − φ^{2·gap})·z) over posterior draws and z ~ N(0, 1).
**
** Out of sample: a rolling origin (fit on observations whose period ends by month m and that were
** published by the as-of date, forecast months m+1..m+h, move m on) and a fixed split (fit to the
** end of the fit window, forecast the test window). Every monthly series is scored for the model and
** for persistence, seasonal naive and drift: MAE, MASE (scaled by persistence's one-step MAE over the
** series' points up to the end of the fit window; Hyndman & Koehler 2006), coverage of the central
** 50 % and 90 % predictive intervals and CRPS (the model's ensemble; a point forecast's CRPS is its
** absolute error).
*/
#ifndef PARLEY_WAR_FIT_H
#define PARLEY_WAR_FIT_H

#include <stddef.h>
#include <stdio.h>

#include "parley/error.h"
#include "parley/scenario.h"

/* One observation of the record. */
typedef struct pl_war_datum {
    int series;            /* index into the record's series */
    int month;             /* first month of the period, as year·12 + month − 1 */
    double value;
    long published;        /* days since 1970-01-01 */
    char *source;
    int line;              /* in its data file */
} pl_war_datum;

typedef struct pl_war_record_series {
    char *name, *side, *measure, *units, *file;
    int aggregate;         /* pl_obs_aggregate */
    int period_months;
    double bias_lo, bias_hi;
    double offset;         /* c ≥ 0 of the started log ln(y + c) (Box & Cox 1964); 0: plain ln y */
    int line, file_col;    /* its row in the manifest, and the column of its file */
} pl_war_record_series;

typedef struct pl_war_record {
    char *path;            /* the manifest */
    pl_war_record_series *series;
    size_t n_series;
    pl_war_datum *datum;   /* sorted by series, then month */
    size_t n_data;
} pl_war_record;

/* Reads a manifest (data/war/series.csv: series,side,measure,aggregate,period_months,units,bias_lo,
** bias_hi,file,... and an optional offset, empty or absent = 0) and every data file it names (columns
** series,month,value,source,published), relative to the manifest's folder (or absolute). A value
** must be > 0, or >= 0 for a series with an offset > 0, and at most 1e15; it may not be published
** before its period began. Refused too: a row not as wide as its header, a repeated column, series
** or (series, month), a series without values, a row of a series the manifest reads from another
** file, a bias interval outside [0.001, 1000], a file that is not a regular file (a device or a
** pipe). Errors at file:line:col, PL_EINPUT. */
pl_status pl_war_record_read(const char *manifest, pl_war_record **out, pl_error *err);
void pl_war_record_free(pl_war_record *r);

/* Refuses (PL_EINPUT, at the datum's line) an observation whose period ends after the run of sc
** (its start plus horizon_years): the model would have to be run that far to compare it. */
pl_status pl_war_record_check_span(const pl_war_record *r, const pl_scenario *sc, pl_error *err);

/* The index of the series called name, or −1. */
int pl_war_record_find(const pl_war_record *r, const char *name);

/* Parses a month as the record writes it, "YYYY-MM", into year·12 + month − 1. 0 on success. */
int pl_war_record_month_parse(const char *text, int *month);

/* The last month of the period d covers (year·12 + month − 1). */
int pl_war_record_month_end(const pl_war_record *r, const pl_war_datum *d);

/* The first month the scenario simulates whole (a run starting mid-month skips that month): the
** first a point of the record can be compared with. */
int pl_war_record_start_month(const pl_scenario *sc);

/* The data file of series s as errors name it: the manifest's folder joined to its file (or the file,
** named absolutely). */
void pl_war_record_data_path(const pl_war_record *r, size_t s, char *buf, size_t size);

/* The points of series s whose periods lie inside months from..to (each period's first month ≥ from,
** its last ≤ to; to = INT_MAX: no end): r->datum[*begin .. *end), contiguous because the record is
** sorted by series and month; *begin == *end where there are none. */
void pl_war_record_span(const pl_war_record *r, size_t s, int from, int to, size_t *begin, size_t *end);

/* Series s of the record inside months from..to (as pl_war_record_span) as the series the model is
** compared with (pl_war_observe): one value per period from the first point's month, NaN for a
** period the record lacks, so that a gap in the record stays a gap in the comparison rather than
** shifting the later points; with the series' side, measure, units, aggregate and period, weight 1.
** Both the calibration (pl_war_fit_run, from the scenario's start) and the conditioning on the
** record (condition: window) read the record through it, so the two compare the model with the
** same points. o->name, entity, measure and units point into r (copy them to outlive it); o->values
** is the caller's to free; o->n is 0 and o->values NULL where no point lies inside; the caller sets
** o->file, line and col. PL_EINPUT at the data file's line where a point's month is not a whole
** number of periods after the first's; PL_ENOMEM. On error *o is zeroed. */
pl_status pl_war_record_series_points(const pl_war_record *r, size_t s, int from, int to, pl_obs_series *o,
                                      pl_error *err);

typedef struct pl_war_fit_options {
    long as_of;            /* days since 1970-01-01: observations published later are not fitted */
    int fit_to;            /* last month of the fixed split's fit window (year·12 + month − 1) */
    int test_from, test_to;
    int origin_from, origin_to; /* rolling origins (months); origin_from > origin_to: none */
    int horizon;           /* months ahead from each rolling origin */
    int real_time;         /* 1: an origin knows only what was published by the end of its month */
    size_t iterations, burn_in; /* of each chain (the final fit runs 4 × as long) */
    size_t draws;          /* posterior draws kept for the predictive ensemble (the final fit: 10×) */
    int noise_per_draw;    /* measurement draws per posterior draw */
    unsigned long seed;
    const char *hold[16];  /* free parameters held at their nominal value (mechanism ablation) */
    size_t n_hold;
} pl_war_fit_options;

/* Scores of one method on one series over one protocol. */
typedef struct pl_war_score {
    size_t n;
    double mae, mase, crps;
    double cover50, cover90; /* shares; NaN for point forecasts */
} pl_war_score;

enum { PL_WAR_METHOD_MODEL, PL_WAR_METHOD_START, PL_WAR_METHOD_PERSISTENCE, PL_WAR_METHOD_SEASONAL,
       PL_WAR_METHOD_DRIFT, PL_WAR_METHODS };
enum { PL_WAR_SPLIT_FIXED, PL_WAR_SPLIT_ROLLING, PL_WAR_SPLITS };

/* One held-back observation and what each method forecast for it. */
typedef struct pl_war_forecast {
    int split, series, month, origin;
    double observed, median, lo50, hi50, lo90, hi90; /* the model's predictive quantiles */
    double start, persistence, seasonal, drift;      /* point forecasts (NaN where undefined) */
} pl_war_forecast;

enum { PL_WAR_FIT_PHI = -2 }; /* a series' error AR(1) coefficient φ (natural scale) */

typedef struct pl_war_fit_param {
    char *path;            /* scenario path, or "sigma.<series>" / "bias.<series>" */
    int scenario_param;    /* index into sc->param, −1 for σ and b (log scale), PL_WAR_FIT_PHI for φ */
    double lo, hi;         /* prior support (σ and b: of the logarithm) */
    double nominal, mean, sd, prior_sd, q05, q95;
} pl_war_fit_param;

typedef struct pl_war_fit {
    size_t n_param;
    pl_war_fit_param *param;       /* the final fit's posterior summaries */
    size_t n_draws;
    double *draw;                  /* n_draws × n_param, natural scale (σ and b as values) */
    double *log_post;
    double acceptance;
    size_t n_fitted;               /* observations in the final fit */
    int fit_first, fit_last;       /* their months */
    long as_of_used;               /* the latest publication date among them */
    size_t n_series;
    pl_war_score score[PL_WAR_SPLITS][PL_WAR_METHODS][64]; /* per split, method, series (≤ 64) */
    double scale[64];              /* MASE scale per series (NaN: not scored) */
    int origins;
    pl_war_forecast *forecast;     /* every scored observation of both splits */
    size_t n_forecasts;
} pl_war_fit;

/* Runs the whole protocol: the splits (each origin refitted) and the final fit on everything
** published by as_of. PL_EINPUT for a scenario without calibration.free or a series the model
** cannot read (unknown measure or side). */
pl_status pl_war_fit_run(const pl_scenario *sc, const pl_war_record *rec, const pl_war_fit_options *opt,
                         pl_war_fit **out, pl_error *err);
void pl_war_fit_free(pl_war_fit *f);

/* The AR(1) error model's step: given the log residual r of a series' point, its residual gap months
** later is N(φ^gap·r, σ²(1 − φ^{2·gap})) with σ the residual's stationary sd. Writes the mean and sd.
** The likelihood conditions each fitted point on the one before it; a forecast conditions on the last
** point fitted at its origin. */
/* A series with offset c > 0 (a started log, Box & Cox 1964) is fitted on ln(y + c): its residual is
** ln(y + c) − ln(bm + c) for the biased model value bm ≥ 0, and a predictive value with log error e is
** (bm + c)·exp(e) − c, floored at 0. */
double pl_war_fit_offset_residual(double y, double bm, double offset);
double pl_war_fit_offset_predict(double bm, double offset, double e);

void pl_war_fit_error_step(double phi, double sigma, double r, int gap, double *mean, double *sd);

pl_status pl_war_fit_write_table(const pl_war_fit *f, const pl_scenario *sc, const pl_war_record *rec,
                                 const pl_war_fit_options *opt, FILE *out, pl_error *err);
pl_status pl_war_fit_write_json(const pl_war_fit *f, const pl_scenario *sc, const pl_war_record *rec,
                                const pl_war_fit_options *opt, FILE *out, pl_error *err);
/* The posterior file of docs/formats.md (WAR-CONTRACT): the scenario parameters of every draw. */
pl_status pl_war_fit_write_posterior(const pl_war_fit *f, const pl_scenario *sc, const pl_war_fit_options *opt,
                                     FILE *out, pl_error *err);

#endif
