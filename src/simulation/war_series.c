/*
** war_series.c — the named series of a war run (stocks, flows and per-day means per side), a
** recorder that tabulates them every k days, and CSV / JSON writers for the table.
** Layer: simulation.
*/
#include "parley/war.h"

#include <math.h>
#include <string.h>

#include <jansson.h>

#include "parley/json.h"
#include "parley/memory.h"

enum {
    C_TERRITORY, C_TERRITORY_GAIN, C_LINE, C_RESERVE, C_TRAINING, C_FATIGUE, C_MORALE, C_EFFECTIVENESS,
    C_SPENDING, C_EXHAUSTION, C_LOSSES, C_KILLED, C_RECRUITS, C_CONTRACT, C_PRISON, C_LEVY, C_MOBILIZED,
    C_CALLED, C_EVADED, C_BRIBED, C_BRIBES_USD, C_AWOL_DEPARTURES, C_AWOL, C_DRONES, C_MISSILES, C_INCOMING,
    C_ALERTS, C_OUTAGES, C_GRID, C_GROUND, C_AID, C_BONUS, N_COLS
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
};

const pl_war_series_desc *pl_war_series_columns(size_t *n)
{
    *n = N_COLS;
    return columns;
}

double pl_war_series_raw(const pl_war_state *s, size_t k, int side)
{
    const pl_war_side_state *x = &s->side[side >= 0 && side < PL_WAR_SIDES ? side : 0];
    switch (k) {
    case C_TERRITORY:
    case C_TERRITORY_GAIN: return s->territory_km2;
    case C_LINE: return x->line;
    case C_RESERVE: return x->reserve;
    case C_TRAINING: return x->training;
    case C_FATIGUE: return x->fatigue;
    case C_MORALE: return x->morale;
    case C_EFFECTIVENESS: return x->effectiveness;
    case C_SPENDING: return x->spending_index;
    case C_EXHAUSTION: return x->exhaustion;
    case C_LOSSES: return x->cum_losses;
    case C_KILLED: return x->cum_killed;
    case C_RECRUITS: return x->cum_contract + x->cum_prison + x->cum_levy + x->cum_mobilized;
    case C_CONTRACT: return x->cum_contract;
    case C_PRISON: return x->cum_prison;
    case C_LEVY: return x->cum_levy;
    case C_MOBILIZED: return x->cum_mobilized;
    case C_CALLED: return x->cum_called;
    case C_EVADED: return x->cum_evaded;
    case C_BRIBED: return x->cum_bribed;
    case C_BRIBES_USD: return x->cum_bribe_usd;
    case C_AWOL_DEPARTURES: return x->cum_awol;
    case C_AWOL: return x->awol;
    case C_DRONES: return x->cum_drones;
    case C_MISSILES: return x->cum_missiles;
    case C_INCOMING: return x->incoming;
    case C_ALERTS: return x->cum_alert_hours;
    case C_OUTAGES: return x->cum_outage_hours;
    case C_GRID: return x->grid_damage_gw;
    case C_GROUND: return x->cum_gain;
    case C_AID: return x->aid_bn;
    case C_BONUS: return x->bonus;
    default: return (double)NAN;
    }
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
        ser->day = pl_calloc(rows, sizeof *ser->day);
        ser->value = pl_calloc(rows * cols, sizeof *ser->value);
        ser->col_name = pl_calloc(cols, sizeof *ser->col_name);
        ser->col_desc = pl_calloc(cols, sizeof *ser->col_desc);
        ser->col_side = pl_calloc(cols, sizeof *ser->col_side);
        ser->prev_raw = pl_calloc(cols, sizeof *ser->prev_raw);
    }
    if (!ser || !ser->day || !ser->value || !ser->col_name || !ser->col_desc || !ser->col_side || !ser->prev_raw) {
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
        const pl_war_series_desc *d = ser->col_desc[c];
        size_t k = (size_t)(d - columns);
        double raw = pl_war_series_raw(s, k, ser->col_side[c]);
        double flow = ser->n_rows ? raw - ser->prev_raw[c] : 0;
        row[c] = d->kind == PL_WAR_STOCK ? raw : d->kind == PL_WAR_FLOW ? flow : span > 0 ? flow / (double)span : 0;
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
    return ferror(out) ? pl_error_set(err, PL_EIO, "writing the series failed") : PL_OK;
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
