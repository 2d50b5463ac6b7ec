/*
** war_series.c — the named series of a war run (stocks, flows and per-day means per side), a
** recorder that tabulates them every k days, and CSV / JSON writers for the table.
** Layer: simulation.
*/
#include "parley/war.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <jansson.h>

#include "parley/json.h"
#include "parley/memory.h"
#include "parley/outfile.h"

enum {
    C_TERRITORY, C_TERRITORY_GAIN, C_LINE, C_RESERVE, C_TRAINING, C_FATIGUE, C_MORALE, C_EFFECTIVENESS,
    C_SPENDING, C_EXHAUSTION, C_LOSSES, C_KILLED, C_RECRUITS, C_CONTRACT, C_PRISON, C_LEVY, C_MOBILIZED,
    C_CALLED, C_EVADED, C_BRIBED, C_BRIBES_USD, C_AWOL_DEPARTURES, C_AWOL, C_DRONES, C_MISSILES, C_INCOMING,
    C_ALERTS, C_OUTAGES, C_GRID, C_GROUND, C_AID, C_BONUS, C_HITS, N_COLS
};

static const pl_war_series_desc columns[N_COLS] = {
    {"territory_km2", "km2", PL_WAR_STOCK, 0, "net ground the attacker has taken since day 0"},
    {"territory_gain_km2", "km2", PL_WAR_FLOW, 0, "the attacker's net gain over the period"},
    {"forces_line", "persons", PL_WAR_STOCK, 1, "troops in the line"},
    {"forces_reserve", "persons", PL_WAR_STOCK, 1, "troops in reserve"},
    {"forces_training", "persons", PL_WAR_STOCK, 1, "recruits in training"},
    {"fatigue", "index", PL_WAR_STOCK, 1, "mean fatigue of the line, 0 to 1"},
    {"morale", "index", PL_WAR_STOCK, 1, "morale index, 0 to 1"},
    {"effectiveness", "index", PL_WAR_STOCK, 1, "per-soldier combat effectiveness"},
    {"spending_index", "index", PL_WAR_STOCK, 1, "funds available over the war's need"},
    {"exhaustion", "index", PL_WAR_STOCK, 1, "war weariness, 0 to 1"},
    {"losses", "persons", PL_WAR_FLOW, 1, "casualties (killed and wounded)"},
    {"killed", "persons", PL_WAR_FLOW, 1, "killed or missing for good"},
    {"recruits", "persons", PL_WAR_FLOW, 1, "recruits of all channels"},
    {"recruits_contract", "persons", PL_WAR_FLOW, 1, "contract volunteers"},
    {"recruits_prison", "persons", PL_WAR_FLOW, 1, "prison recruits"},
    {"recruits_levy", "persons", PL_WAR_FLOW, 1, "regional levies"},
    {"recruits_mobilized", "persons", PL_WAR_FLOW, 1, "called up and reporting"},
    {"called", "persons", PL_WAR_FLOW, 1, "call-up notices served"},
    {"evaded", "persons", PL_WAR_FLOW, 1, "called and evading"},
    {"bribed", "persons", PL_WAR_FLOW, 1, "called and buying removal from the lists"},
    {"bribes_usd", "US$", PL_WAR_FLOW, 1, "money paid for removal"},
    {"awol_departures", "persons", PL_WAR_FLOW, 1, "soldiers going absent without leave"},
    {"awol", "persons", PL_WAR_STOCK, 1, "soldiers absent without leave"},
    {"drones_launched", "drones", PL_WAR_FLOW, 1, "long-range drones this side launched"},
    {"missiles_launched", "missiles", PL_WAR_FLOW, 1, "missiles this side launched"},
    {"incoming", "launches", PL_WAR_STOCK, 1, "drones and missiles launched at this side that day"},
    {"alert_hours", "hours/day", PL_WAR_PER_DAY, 1, "air-raid alert hours per day"},
    {"outage_hours", "hours/day", PL_WAR_PER_DAY, 1, "power outage hours per day"},
    {"grid_damage_gw", "GW", PL_WAR_STOCK, 1, "generation out of service"},
    {"ground_taken_km2", "km2", PL_WAR_FLOW, 1, "ground this side took (gross)"},
    {"aid_bn", "US$ bn/year", PL_WAR_STOCK, 1, "aid arriving, annual rate"},
    {"bonus", "local currency", PL_WAR_STOCK, 1, "current contract sign-on bonus"},
    {"energy_hits", "hits", PL_WAR_FLOW, 1, "strikes landing on this side's energy system (a missile counts missile_hit_weight)"},
};

const pl_war_series_desc *pl_war_series_columns(size_t *n)
{
    *n = N_COLS;
    return columns;
}

/* Where each column's raw value lives: a byte offset into pl_war_side_state for per-side columns,
** into pl_war_state for global ones. The recruits column is a sum (RAW_RECRUITS below). */
#define SIDE_AT_(field) offsetof(pl_war_side_state, field)
static const size_t column_at[N_COLS] = {
    [C_TERRITORY] = offsetof(pl_war_state, territory_km2), [C_TERRITORY_GAIN] = offsetof(pl_war_state, territory_km2),
    [C_LINE] = SIDE_AT_(line), [C_RESERVE] = SIDE_AT_(reserve), [C_TRAINING] = SIDE_AT_(training),
    [C_FATIGUE] = SIDE_AT_(fatigue), [C_MORALE] = SIDE_AT_(morale), [C_EFFECTIVENESS] = SIDE_AT_(effectiveness),
    [C_SPENDING] = SIDE_AT_(spending_index), [C_EXHAUSTION] = SIDE_AT_(exhaustion), [C_LOSSES] = SIDE_AT_(cum_losses),
    [C_KILLED] = SIDE_AT_(cum_killed), [C_RECRUITS] = 0, [C_CONTRACT] = SIDE_AT_(cum_contract),
    [C_PRISON] = SIDE_AT_(cum_prison), [C_LEVY] = SIDE_AT_(cum_levy), [C_MOBILIZED] = SIDE_AT_(cum_mobilized),
    [C_CALLED] = SIDE_AT_(cum_called), [C_EVADED] = SIDE_AT_(cum_evaded), [C_BRIBED] = SIDE_AT_(cum_bribed),
    [C_BRIBES_USD] = SIDE_AT_(cum_bribe_usd), [C_AWOL_DEPARTURES] = SIDE_AT_(cum_awol), [C_AWOL] = SIDE_AT_(awol),
    [C_DRONES] = SIDE_AT_(cum_drones), [C_MISSILES] = SIDE_AT_(cum_missiles), [C_INCOMING] = SIDE_AT_(incoming),
    [C_ALERTS] = SIDE_AT_(cum_alert_hours), [C_OUTAGES] = SIDE_AT_(cum_outage_hours),
    [C_GRID] = SIDE_AT_(grid_damage_gw), [C_GROUND] = SIDE_AT_(cum_gain), [C_AID] = SIDE_AT_(aid_bn),
    [C_BONUS] = SIDE_AT_(bonus), [C_HITS] = SIDE_AT_(cum_hits),
};
#define RAW_RECRUITS SIZE_MAX

/* The byte offset in pl_war_state of column k's raw value for a side (clamped to a valid one),
** or RAW_RECRUITS. */
static size_t raw_offset(size_t k, int side)
{
    if (k == C_RECRUITS) return RAW_RECRUITS;
    if (!columns[k].per_side) return column_at[k];
    size_t x = side >= 0 && side < PL_WAR_SIDES ? (size_t)side : 0;
    return offsetof(pl_war_state, side) + x * sizeof(pl_war_side_state) + column_at[k];
}

static double raw_at(const pl_war_state *s, size_t at, int side)
{
    if (at == RAW_RECRUITS) {
        const pl_war_side_state *x = &s->side[side >= 0 && side < PL_WAR_SIDES ? side : 0];
        return x->cum_contract + x->cum_prison + x->cum_levy + x->cum_mobilized;
    }
    double v;
    memcpy(&v, (const char *)s + at, sizeof v);
    return v;
}

double pl_war_series_raw(const pl_war_state *s, size_t k, int side)
{
    return k < N_COLS ? raw_at(s, raw_offset(k, side), side) : (double)NAN;
}

/* ---- The table ---------------------------------------------------------------------------- */

static size_t count_columns(void)
{
    size_t n = 0;
    for (size_t k = 0; k < N_COLS; k++) n += columns[k].per_side ? PL_WAR_SIDES : 1;
    return n;
}

static void name_columns(pl_war_series *ser, const pl_war_params *p)
{
    size_t c = 0;
    for (size_t k = 0; k < N_COLS; k++) {
        int sides = columns[k].per_side ? PL_WAR_SIDES : 1;
        for (int x = 0; x < sides; x++, c++) {
            ser->col_desc[c] = &columns[k];
            ser->col_side[c] = columns[k].per_side ? x : -1;
            ser->col_at[c] = raw_offset(k, ser->col_side[c]);
            if (columns[k].per_side) snprintf(ser->col_name[c], sizeof ser->col_name[c], "%s.%s", p->side[x].id, columns[k].name);
            else snprintf(ser->col_name[c], sizeof ser->col_name[c], "%s", columns[k].name);
        }
    }
}

pl_status pl_war_series_create(const pl_war_params *p, long every, long days, pl_war_series **out, pl_error *err)
{
    *out = NULL;
    if (every < 1) return pl_error_set(err, PL_EINVAL, "found series step %ld, expected >= 1", every);
    pl_war_series *ser = pl_calloc(1, sizeof *ser);
    size_t cols = count_columns(), rows = (size_t)(days > 0 ? days : 0) / (size_t)every + 2;
    if (ser) {
        ser->n_cols = cols;
        ser->every = every;
        ser->start_days = p->start_days;
        ser->cap_rows = rows;
        /* Rows are read only once recorded, so the (large) table need not be zeroed. */
        ser->day = pl_malloc(rows * sizeof *ser->day);
        ser->value = pl_malloc(rows * cols * sizeof *ser->value);
        ser->col_name = pl_calloc(cols, sizeof *ser->col_name);
        ser->col_desc = pl_calloc(cols, sizeof *ser->col_desc);
        ser->col_side = pl_calloc(cols, sizeof *ser->col_side);
        ser->prev_raw = pl_calloc(cols, sizeof *ser->prev_raw);
        ser->col_at = pl_calloc(cols, sizeof *ser->col_at);
    }
    if (!ser || !ser->day || !ser->value || !ser->col_name || !ser->col_desc || !ser->col_side || !ser->prev_raw ||
        !ser->col_at) {
        pl_war_series_free(ser);
        return pl_error_set(err, PL_ENOMEM, "out of memory for the war series");
    }
    name_columns(ser, p);
    *out = ser;
    return PL_OK;
}

void pl_war_series_free(pl_war_series *ser)
{
    if (!ser) return;
    pl_free(ser->day);
    pl_free(ser->value);
    pl_free(ser->col_name);
    pl_free(ser->col_desc);
    pl_free(ser->col_side);
    pl_free(ser->prev_raw);
    pl_free(ser->col_at);
    pl_free(ser);
}

static pl_status grow_rows(pl_war_series *ser, pl_error *err)
{
    if (ser->n_rows < ser->cap_rows) return PL_OK;
    size_t cap = 2 * ser->cap_rows + 8;
    long *day = pl_realloc(ser->day, cap * sizeof *day);
    if (day) ser->day = day;
    double *value = day ? pl_realloc(ser->value, cap * ser->n_cols * sizeof *value) : NULL;
    if (!value) return pl_error_set(err, PL_ENOMEM, "out of memory for the war series");
    ser->value = value;
    ser->cap_rows = cap;
    return PL_OK;
}

static pl_status record_row(void *ctx, const pl_war_state *s, const pl_war_params *p, pl_error *err)
{
    (void)p;
    pl_war_series *ser = ctx;
    pl_status st = grow_rows(ser, err);
    if (st) return st;
    long day = lround(s->day), span = ser->n_rows ? day - ser->prev_day : 0;
    double *row = &ser->value[ser->n_rows * ser->n_cols];
    for (size_t c = 0; c < ser->n_cols; c++) {
        pl_war_series_kind kind = ser->col_desc[c]->kind;
        double raw = raw_at(s, ser->col_at[c], ser->col_side[c]);
        double flow = ser->n_rows ? raw - ser->prev_raw[c] : 0;
        row[c] = kind == PL_WAR_STOCK ? raw : kind == PL_WAR_FLOW ? flow : span > 0 ? flow / (double)span : 0;
        ser->prev_raw[c] = raw;
    }
    ser->day[ser->n_rows++] = day;
    ser->prev_day = day;
    return PL_OK;
}

pl_war_recorder pl_war_series_recorder(pl_war_series *ser)
{
    pl_war_recorder rec = {ser->every, record_row, ser};
    return rec;
}

/* ---- Writers ------------------------------------------------------------------------------- */

static void format_date(const pl_war_series *ser, long day, char *buf, size_t size)
{
    int y, m, d;
    pl_date_from_days(ser->start_days + day, &y, &m, &d);
    snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
}

pl_status pl_war_series_write_csv(const pl_war_series *ser, FILE *out, pl_error *err)
{
    fputs("day,date", out);
    for (size_t c = 0; c < ser->n_cols; c++) {
        fputc(',', out);
        pl_csv_write_field(out, ser->col_name[c]);
    }
    fputc('\n', out);
    for (size_t r = 0; r < ser->n_rows; r++) {
        char date[16];
        format_date(ser, ser->day[r], date, sizeof date);
        fprintf(out, "%ld,%s", ser->day[r], date);
        for (size_t c = 0; c < ser->n_cols; c++) fprintf(out, ",%.9g", ser->value[r * ser->n_cols + c]);
        fputc('\n', out);
    }
    return pl_write_status(out, err);
}

json_t *pl_war_series_json(const pl_war_series *ser)
{
    json_t *doc = json_object(), *days = json_array(), *dates = json_array(), *cols = json_object();
    int bad = !doc || !days || !dates || !cols;
    for (size_t r = 0; r < ser->n_rows && !bad; r++) {
        char date[16];
        format_date(ser, ser->day[r], date, sizeof date);
        bad |= json_array_append_new(days, json_integer(ser->day[r])) | json_array_append_new(dates, json_string(date));
    }
    for (size_t c = 0; c < ser->n_cols && !bad; c++) {
        json_t *col = json_array();
        for (size_t r = 0; r < ser->n_rows && col; r++)
            bad |= json_array_append_new(col, json_real(ser->value[r * ser->n_cols + c]));
        bad |= !col || json_object_set_new(cols, ser->col_name[c], col);
    }
    if (bad) {
        json_decref(days), json_decref(dates), json_decref(cols), json_decref(doc);
        return NULL;
    }
    if (json_object_set_new(doc, "day", days) | json_object_set_new(doc, "date", dates) |
        json_object_set_new(doc, "series", cols)) {
        json_decref(doc);
        return NULL;
    }
    return doc;
}

pl_status pl_war_series_write_json(const pl_war_series *ser, FILE *out, pl_error *err)
{
    return pl_json_dump(pl_war_series_json(ser), out, err);
}
