/*
** war_schema.c — the war model's part of the scenario schema (sides with their five module
** sections, third parties), and filling pl_war_params from a parsed scenario.
** Layer: models.
**
** The descriptor tables are generated from the X-macro lists of war_model.h, and each
** descriptor's tag is the byte offset of its field, so filling the parameters is one pass over
** the scenario's flat parameter list with no string matching per parameter.
*/
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "parley/war_model.h"

#define SIDE_DESC_(block, name, units, lo, hi, deflt, req, help)                                              \
    {#name, units, lo, hi, deflt, req, offsetof(pl_war_side_params, block.name), help},
#define FRONT_DESC_(...) SIDE_DESC_(front, __VA_ARGS__)
#define MANPOWER_DESC_(...) SIDE_DESC_(manpower, __VA_ARGS__)
#define HOME_DESC_(...) SIDE_DESC_(home, __VA_ARGS__)
#define ECONOMY_DESC_(...) SIDE_DESC_(economy, __VA_ARGS__)
#define WEARINESS_DESC_(...) SIDE_DESC_(weariness, __VA_ARGS__)
#define THIRD_DESC_(name, units, lo, hi, deflt, req, help)                                                    \
    {#name, units, lo, hi, deflt, req, offsetof(pl_war_third_values, name), help},

static const pl_param_desc front_params[] = {PL_WAR_FRONT_PARAMS(FRONT_DESC_)};
static const pl_param_desc manpower_params[] = {PL_WAR_MANPOWER_PARAMS(MANPOWER_DESC_)};
static const pl_param_desc home_params[] = {PL_WAR_HOMEFRONT_PARAMS(HOME_DESC_)};
static const pl_param_desc economy_params[] = {PL_WAR_ECONOMY_PARAMS(ECONOMY_DESC_)};
static const pl_param_desc weariness_params[] = {PL_WAR_WEARINESS_PARAMS(WEARINESS_DESC_)};
static const pl_param_desc third_params[] = {PL_WAR_THIRD_PARAMS(THIRD_DESC_)};

#define COUNT_(a) (sizeof(a) / sizeof((a)[0]))
#define MODULE_(key, params, help) {key, PL_SECTION_SINGLE, params, COUNT_(params), NULL, 0, NULL, 0, 1, 0, 1, help}

static const pl_section_schema front_section =
    MODULE_("front", front_params, "forces, rotation, fatigue, effectiveness, attrition and ground");
static const pl_section_schema manpower_section =
    MODULE_("manpower", manpower_params, "recruitment channels, evasion, bribes, desertion, full mobilisation");
static const pl_section_schema home_section =
    MODULE_("homefront", home_params, "strikes launched and suffered, alerts, the grid, outages, morale");
static const pl_section_schema economy_section =
    MODULE_("economy", economy_params, "revenue, sanctions, borrowing and aid against the war's needs");
static const pl_section_schema weariness_section = {
    "weariness", PL_SECTION_SINGLE, weariness_params, COUNT_(weariness_params), NULL, 0, NULL, 0, 0, 0, 1,
    "weights of the exhaustion index"};

/* The modules in the order of their PL_WAR_* bits. */
static const pl_section_schema *const side_modules[] = {&front_section, &manpower_section, &home_section,
                                                        &economy_section, &weariness_section};

static const pl_field_desc side_fields[] = {
    {"name", PL_FIELD_STRING, NULL, 0, 0, 0, "", "the side's display name"},
    {"role", PL_FIELD_ENUM, "attacker|defender", 0, 0, 1, NULL, "attacker (side 0) or defender (side 1)"},
};

const pl_section_schema pl_war_sides_section = {
    "sides", PL_SECTION_KEYED, NULL, 0, side_fields, COUNT_(side_fields), side_modules, COUNT_(side_modules), 0, 1, 1,
    "the two belligerents, keyed by id"};

static const pl_field_desc third_fields[] = {
    {"name", PL_FIELD_STRING, NULL, 0, 0, 0, "", "the party's display name"},
    {"supports", PL_FIELD_STRING, NULL, 0, 0, 1, NULL, "the id of the side it aids"},
};

const pl_section_schema pl_war_third_parties_section = {
    "third_parties", PL_SECTION_KEYED, third_params, COUNT_(third_params), third_fields, COUNT_(third_fields), NULL, 0,
    1, 0, 1, "outside powers: aid, attention, guarantees"};

static const pl_section_schema *const war_sections[] = {&pl_war_sides_section, &pl_war_third_parties_section};
static const pl_scenario_schema war_schema = {war_sections, COUNT_(war_sections)};

const pl_scenario_schema *pl_war_schema(void) { return &war_schema; }

/* ---- Filling the parameters --------------------------------------------------------------- */

static const pl_field *entry_field(const pl_scenario *sc, const pl_entry *e, const char *key)
{
    char path[256];
    snprintf(path, sizeof path, "%s.%s", e->path, key);
    return pl_scenario_find_field(sc, path);
}

static void copy_text(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

/* Maps each entry of the scenario to a side slot (0 attacker, 1 defender) or a third-party
** slot; -1 for entries that are neither. */
static pl_status map_sides(const pl_scenario *sc, pl_war_params *p, int *slot, pl_error *err)
{
    int seen[PL_WAR_SIDES] = {-1, -1};
    for (size_t k = 0; k < sc->n_entries; k++) {
        const pl_entry *e = &sc->entry[k];
        slot[k] = -1;
        if (e->schema != &pl_war_sides_section) continue;
        int role = (int)entry_field(sc, e, "role")->number;
        if (seen[role] >= 0)
            return pl_error_at(err, PL_EINPUT, e->file, e->line, e->col,
                               "found a second %s '%s' (after '%s'), expected one attacker and one defender",
                               role ? "defender" : "attacker", e->id, sc->entry[seen[role]].id);
        seen[role] = (int)k;
        slot[k] = role;
        copy_text(p->side[role].id, PL_WAR_ID_MAX, e->id);
        copy_text(p->side[role].name, PL_WAR_NAME_MAX, entry_field(sc, e, "name")->text);
        if (!p->side[role].name[0]) copy_text(p->side[role].name, PL_WAR_NAME_MAX, e->id);
    }
    for (int r = 0; r < PL_WAR_SIDES; r++)
        if (seen[r] < 0)
            return pl_error_at(err, PL_EINPUT, sc->path, 1, 1, "found no %s under sides:, expected one attacker and "
                               "one defender", r ? "defender" : "attacker");
    return PL_OK;
}

static int side_by_id(const pl_war_params *p, const char *id)
{
    for (int s = 0; s < PL_WAR_SIDES; s++)
        if (strcmp(p->side[s].id, id) == 0) return s;
    return -1;
}

static pl_status map_third(const pl_scenario *sc, pl_war_params *p, int *slot, pl_error *err)
{
    for (size_t k = 0; k < sc->n_entries; k++) {
        const pl_entry *e = &sc->entry[k];
        if (e->schema != &pl_war_third_parties_section) continue;
        if (p->n_third == PL_WAR_MAX_THIRD)
            return pl_error_at(err, PL_EINPUT, e->file, e->line, e->col, "found third party '%s', expected at most %d",
                               e->id, PL_WAR_MAX_THIRD);
        const pl_field *sup = entry_field(sc, e, "supports");
        pl_war_third_params *t = &p->third[p->n_third];
        if ((t->supports = side_by_id(p, sup->text)) < 0)
            return pl_error_at(err, PL_EINPUT, sup->file, sup->line, sup->col,
                               "found supports: '%s' for %s, expected the id of a side ('%s' or '%s')", sup->text,
                               e->path, p->side[0].id, p->side[1].id);
        copy_text(t->id, PL_WAR_ID_MAX, e->id);
        copy_text(t->name, PL_WAR_NAME_MAX, entry_field(sc, e, "name")->text);
        if (!t->name[0]) copy_text(t->name, PL_WAR_NAME_MAX, e->id);
        t->enabled = pl_scenario_enabled(sc, e->path) == 1;
        slot[k] = p->n_third++;
    }
    return PL_OK;
}

/* The module bit of a section schema, or 0 for weariness (always on). */
static unsigned module_bit(const pl_section_schema *s)
{
    for (unsigned b = 0; b < 4; b++)
        if (s == side_modules[b]) return 1u << b;
    return 0;
}

static pl_status put_value(const pl_scenario *sc, size_t i, double v, void *base, pl_error *err)
{
    const pl_param *prm = &sc->param[i];
    if (!isfinite(v) || v < prm->desc->lo || v > prm->desc->hi)
        return pl_error_at(err, PL_EINPUT, prm->file, prm->line, prm->col, "found %g for %s, expected a value in [%g, %g]",
                           v, prm->path, prm->desc->lo, prm->desc->hi);
    memcpy((char *)base + prm->desc->tag, &v, sizeof v);
    return PL_OK;
}

static pl_status fill_values(const pl_scenario *sc, const double *values, pl_war_params *p, const int *slot,
                             pl_error *err)
{
    for (size_t i = 0; i < sc->n_params; i++) {
        const pl_param *prm = &sc->param[i];
        if (prm->owner < 0 || slot[prm->owner] < 0) continue;
        const pl_entry *e = &sc->entry[prm->owner];
        void *base = e->schema == &pl_war_sides_section ? (void *)&p->side[slot[prm->owner]]
                     : e->schema == &pl_war_third_parties_section ? (void *)&p->third[slot[prm->owner]].v
                                                                  : NULL;
        if (!base) continue;
        pl_status st = put_value(sc, i, values[i], base, err);
        if (st) return st;
    }
    for (size_t k = 0; k < sc->n_sections; k++) {
        const pl_section *sec = &sc->section[k];
        if (sec->owner < 0 || sc->entry[sec->owner].schema != &pl_war_sides_section) continue;
        unsigned bit = module_bit(sec->schema);
        if (bit && !sec->enabled) p->side[slot[sec->owner]].modules &= ~bit;
    }
    return PL_OK;
}

/* The sum of side id's weariness weights as the file writes them. */
static double nominal_weight_sum(const pl_scenario *sc, const char *id)
{
    static const char *const keys[] = {"w_morale", "w_fatigue", "w_manpower", "w_economy"};
    double sum = 0;
    for (size_t k = 0; k < 4; k++) {
        char path[128];
        snprintf(path, sizeof path, "sides.%s.weariness.%s", id, keys[k]);
        int i = pl_scenario_find_param(sc, path);
        sum += i >= 0 ? sc->param[i].nominal : 0;
    }
    return sum;
}

/* The file's weights must sum to 1; drawn ones (each from its range) are scaled back to 1. */
static pl_status check_weights(const pl_scenario *sc, pl_war_params *p, pl_error *err)
{
    for (int s = 0; s < PL_WAR_SIDES; s++) {
        pl_war_weariness_params *w = &p->side[s].weariness;
        double nominal = nominal_weight_sum(sc, p->side[s].id), sum = w->w_morale + w->w_fatigue + w->w_manpower + w->w_economy;
        if (fabs(nominal - 1) > 1e-9)
            return pl_error_at(err, PL_EINPUT, sc->path, 1, 1, "found weariness weights of %s summing to %g, expected 1",
                               p->side[s].id, nominal);
        if (!(sum > 0)) return pl_error_set(err, PL_EINPUT, "found weariness weights of %s summing to %g, expected 1", p->side[s].id, sum);
        w->w_morale /= sum, w->w_fatigue /= sum, w->w_manpower /= sum, w->w_economy /= sum;
    }
    return PL_OK;
}

pl_status pl_war_params_from_scenario(const pl_scenario *sc, const double *values, pl_war_params *p, pl_error *err)
{
    memset(p, 0, sizeof *p);
    int slot_buf[256], *slot = slot_buf;
    if (sc->n_entries > 256) return pl_error_set(err, PL_EINPUT, "%s: more than 256 entries", sc->path);
    for (int s = 0; s < PL_WAR_SIDES; s++) p->side[s].modules = PL_WAR_ALL_MODULES;
    pl_status st = map_sides(sc, p, slot, err);
    if (!st) st = map_third(sc, p, slot, err);
    if (!st) st = fill_values(sc, values, p, slot, err);
    if (!st) st = check_weights(sc, p, err);
    if (st) return st;
    p->stochastic = 1;
    p->start_days = pl_date_days(sc->start_year, sc->start_month, sc->start_day);
    p->start_doy = (double)(p->start_days - pl_date_days(sc->start_year, 1, 1));
    p->horizon_days = pl_war_horizon_days(sc);
    pl_war_params_prepare(p);
    return PL_OK;
}

long pl_war_horizon_days(const pl_scenario *sc) { return lround(sc->horizon_years * 365.25); }
