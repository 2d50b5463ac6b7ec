/*
** fuzz_options.c — libFuzzer harness for the parsers of option values. The first byte picks the
** parser, the rest is the value: a --vary distribution (pl_ens_parse_dist) and a whole --vary
** spec on an experiment; --grid's LO:HI:N (cli_parse_triple); --set PARAM=VALUE[,...] on a small
** war scenario; --propose POINT=VALUE / --drop / --defer on a small framework (its narrowing);
** dates (pl_date_parse); and a whole command line (cli_parse, values split at NUL bytes) against
** descriptors of every kind. Any value must be taken or refused with a message; never a crash,
** leak or sanitizer report.
*/
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cli/cli.h"
#include "parley/ensemble.h"
#include "parley/framework.h"
#include "parley/memory.h"
#include "parley/text.h"
#include "parley/war.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The scenario --set applies to: the fuzz corpus's minimal war scenario, read once. */
static pl_text war_text;
static const char framework_text[] =
    "framework: small\ntitle: t\nactors:\n  a: {name: A, role: attacker}\n  d: {name: D, role: defender}\n"
    "points:\n  - id: p1\n    title: one\n    content: c\n    source: s\n    scale: [0, 100]\n    lo_means: none\n"
    "    hi_means: all\n    proposal: 60\n    status_quo: 0\n    positions:\n"
    "      a: {ideal: 100, salience: 1, source: s}\n      d: {ideal: 0, salience: 0.5, assumed: s}\n"
    "  - id: p2\n    title: two\n    content: c\n    source: s\n    scale: [0, 10]\n    lo_means: none\n"
    "    hi_means: all\n    proposal: 5\n    status_quo: 10\n    positions:\n"
    "      a: {ideal: 0, salience: 0.5, source: s}\n      d: {ideal: 10, salience: 1, source: s}\n";

/* A failure must say why. */
static void check(pl_status st, const pl_error *err)
{
    if (st != PL_OK && !err->msg[0]) __builtin_trap();
}

static void vary(const char *text)
{
    pl_error err;
    pl_dist d;
    int clipped;
    check(pl_ens_parse_dist(text, 1.5, 0, 10, &d, &clipped, &err), &err);
    pl_experiment *e = pl_experiment_create("fuzz", "fuzz", "fuzz", NULL, NULL, &err);
    if (!e) return;
    pl_status st = pl_experiment_add_input(e, "front.gain", 5, 1, 10, "test", &err);
    if (!st) st = pl_experiment_add_input(e, "front.loss", 0.5, 0, 1, "test", &err);
    if (!st) st = pl_experiment_add_input(e, "aid", 40, 0, 1e9, "test", &err);
    if (!st) check(pl_experiment_vary(e, text, &err), &err);
    pl_experiment_free(e);
}

static void grid(const char *text)
{
    double v[3];
    if (cli_parse_triple(text, v) == 0 && !(isfinite(v[0]) && isfinite(v[1]) && isfinite(v[2]))) __builtin_trap();
}

/* Calls fn on each comma-separated item of text, as the commands split --set, --drop, ... */
static void each_item(char *text, void (*fn)(void *, char *), void *ctx)
{
    for (char *p = text; p;) {
        char *comma = strchr(p, ',');
        if (comma) *comma = '\0';
        if (*p) fn(ctx, p);
        p = comma ? comma + 1 : NULL;
    }
}

static void set_one(void *ctx, char *item)
{
    char *eq = strchr(item, '=');
    double v;
    if (!eq || pl_parse_double(eq + 1, &v)) return;
    *eq = '\0';
    pl_error err;
    check(pl_scenario_set_value(ctx, item, v, &err), &err);
}

static void set(char *text)
{
    pl_scenario *sc;
    pl_error err;
    if (!war_text.data && pl_text_read(&war_text, PL_FUZZ_ROOT "/tests/fuzz/corpus/scenario/minimal.yaml", &err))
        __builtin_trap();
    if (pl_scenario_parse("fuzz.yaml", war_text.data, war_text.size, pl_war_schema(), &sc, &err)) __builtin_trap();
    each_item(text, set_one, sc);
    pl_scenario_free(sc);
}

static void narrow_one(void *ctx, char *item)
{
    pl_error err;
    char *eq = strchr(item, '=');
    double v = 0;
    pl_narrow_op op = PL_NARROW_DROP;
    if (eq) { /* POINT=VALUE: --propose; OP:POINT: another operation */
        if (pl_parse_double(eq + 1, &v)) return;
        *eq = '\0';
        op = PL_NARROW_SET;
    } else {
        char *colon = strchr(item, ':');
        if (colon) {
            *colon = '\0';
            if (pl_narrow_op_parse(item, &op)) return;
            item = colon + 1;
        }
    }
    check(pl_framework_narrow(ctx, item, op, v, &err), &err);
}

static void narrow(char *text)
{
    pl_framework *fw;
    pl_error err;
    if (pl_framework_parse("fuzz.yaml", framework_text, sizeof framework_text - 1, &fw, &err)) __builtin_trap();
    each_item(text, narrow_one, fw);
    pl_framework_free(fw);
}

static void date(const char *text)
{
    int y, m, d;
    if (pl_date_parse(text, &y, &m, &d) == 0 && (m < 1 || m > 12 || d < 1 || d > 31)) __builtin_trap();
}

static const pl_option_desc descs[] = {
    {"runs", PL_OPT_INT, "10", 1, 1e9, NULL, "runs"},
    {"q", PL_OPT_DOUBLE, "0.5", 0, 1, NULL, "q"},
    {"rule", PL_OPT_ENUM, "a", 0, 0, "a|b|c", "rule"},
    {"flag", PL_OPT_FLAG, "0", 0, 0, NULL, "flag"},
    {"out", PL_OPT_STRING, "", 0, 0, NULL, "out"},
    {"vary", PL_OPT_STRING, "", 0, 0, NULL, "vary [,...]"},
};

/* argv from the NUL-separated words of text[0..size). */
static void command_line(char *text, size_t size)
{
    char *argv[64];
    int argc = 0;
    argv[argc++] = "parley";
    for (size_t k = 0; k < size && argc < 63; k += strlen(text + k) + 1) argv[argc++] = text + k;
    argv[argc] = NULL;
    pl_optset set;
    pl_optset_init(&set, descs, sizeof descs / sizeof descs[0]);
    pl_optset *sets[] = {&set};
    const char *pos[4];
    size_t n_pos;
    pl_error err;
    check(cli_parse(argc, argv, sets, 1, pos, 4, &n_pos, &err), &err);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gsl_set_error_handler_off();
    if (size < 1) return 0;
    char *text = pl_malloc(size);
    if (!text) return 0;
    memcpy(text, data + 1, size - 1);
    text[size - 1] = '\0';
    switch (data[0] % 7) {
    case 0: vary(text); break;
    case 1: grid(text); break;
    case 2: set(text); break;
    case 3: narrow(text); break;
    case 4: date(text); break;
    case 5: command_line(text, size - 1); break;
    default: {
        pl_dist d;
        int clipped;
        pl_error err;
        check(pl_ens_parse_dist(text, -3, -1e9, 1e9, &d, &clipped, &err), &err);
    }
    }
    pl_free(text);
    return 0;
}
