/*
** war_model.h — the war-dynamics model's parameters and state: flat structs of doubles, one
** parameter block per mechanism (front, manpower, home front, economy, weariness) and per
** third party, and the scenario schema that fills them.
** Layer: models. Public API. Equations: docs/models/war.md. The driver is parley/war.h.
**
** Each parameter list below is an X-macro X(name, units, lo, hi, default, required, help): the
** same list makes the struct fields here and the YAML schema (src/models/war/war_schema.c), so
** the two cannot drift apart. Units: persons, days, months (30.4375 days), shares in [0, 1],
** money in US$ bn per year unless the name says otherwise.
**
** Side 0 is always the attacker (role: attacker in the file), side 1 the defender. A module
** switched off (`enabled: false`, or its bit cleared in modules) has no effect at all on the
** run: its state stays at its initial value and its outputs are neutral (see war.md §switches).
*/
#ifndef PARLEY_WAR_MODEL_H
#define PARLEY_WAR_MODEL_H

#include <stddef.h>

#include "parley/scenario.h"

/* Days per month: the mean Gregorian month, so 12 months make 365.25 days (every monthly rate of the
** model and its record converts with it). */
#define PL_WAR_MONTH_DAYS 30.4375

enum { PL_WAR_SIDES = 2, PL_WAR_MAX_THIRD = 4, PL_WAR_ID_MAX = 32, PL_WAR_NAME_MAX = 64 };
enum { PL_WAR_ATTACKER = 0, PL_WAR_DEFENDER = 1 };

/* Module switches (bits of pl_war_side_params.modules). */
enum {
    PL_WAR_FRONT = 1u << 0,
    PL_WAR_MANPOWER = 1u << 1,
    PL_WAR_HOMEFRONT = 1u << 2,
    PL_WAR_ECONOMY = 1u << 3,
    PL_WAR_ALL_MODULES = 0xfu
};

/* ---- Front and attrition --------------------------------------------------------------- */
#define PL_WAR_FRONT_PARAMS(X)                                                                                  \
    X(forces_line, "persons", 0, 1e8, 0, 1, "troops in the line at the start")                                   \
    X(forces_reserve, "persons", 0, 1e8, 0, 0, "rested troops in reserve at the start")                        \
    X(forces_training, "persons", 0, 1e8, 0, 0, "recruits in training at the start")                            \
    X(line_requirement, "persons", 0, 1e8, 0, 1, "troops the front needs in line; the reserve fills gaps toward it") \
    X(deploy_rate, "1/day", 0, 1, 0.05, 0, "share of the gap to the requirement the reserve fills per day")    \
    X(rotation_days, "days", 1, 3650, 60, 0, "rotation policy: days in line before relief")                     \
    X(rotation_capacity, "1/day", 0, 1, 0.02, 0, "most of the reserve that can go forward on relief per day")   \
    X(fatigue_rate, "1/day", 0, 1, 0.01, 0, "daily rise of line fatigue toward 1 at pressure 1")                \
    X(recovery_days, "days", 1, 3650, 30, 0, "time constant of fatigue recovery in reserve")                    \
    X(base_effectiveness, "index", 0, 10, 1, 0, "combat effectiveness of a rested, willing, supplied soldier")  \
    X(fatigue_weight, "share", 0, 1, 0.5, 0, "share of effectiveness lost at full fatigue")                     \
    X(morale_weight, "exponent", 0, 5, 0.5, 0, "effectiveness scales as morale^weight")                         \
    X(fire_support_weight, "exponent", 0, 5, 0.3, 0, "effectiveness scales as fire_support^weight")             \
    X(attrition_coeff, "persons/day", 0, 1e6, 0, 1, "own losses per day at the reference force, pressure 1")    \
    X(attrition_exp_enemy, "exponent", 0, 3, 1, 0, "p in L = c (E_enemy/N)^p (X_own/N)^q (1 square/linear, 0 log)") \
    X(attrition_exp_own, "exponent", 0, 3, 0, 0, "q in L = c (E_enemy/N)^p (X_own/N)^q (0 square, 1 linear/log)") \
    X(reference_force, "persons", 1, 1e8, 1e5, 0, "N, the force size at which attrition_coeff is stated")      \
    X(pressure, "x baseline", 0, 10, 1, 0, "offensive intensity this side chooses (1 = its baseline)")        \
    X(pressure_own_loss_exp, "exponent", 0, 5, 1, 0, "own losses scale as (own pressure)^exp")                 \
    X(pressure_enemy_loss_exp, "exponent", 0, 5, 0.5, 0, "own losses scale as (enemy pressure)^exp")           \
    X(killed_share, "share", 0, 1, 0.3, 0, "share of casualties killed or missing for good")                   \
    X(wounded_return_share, "share", 0, 1, 0.3, 0, "share of the wounded who return to the reserve")          \
    X(wounded_return_days, "days", 1, 3650, 60, 0, "mean time before a wounded soldier returns")              \
    X(gain_coeff, "km2/day", 0, 1e4, 0, 0, "ground taken per day at force ratio 1 and pressure 1")            \
    X(gain_pressure_exp, "exponent", 0, 5, 1, 0, "ground taken scales as pressure^exp")                        \
    X(gain_ratio_exp, "exponent", 0, 10, 1, 0, "ground taken scales as (E_own/E_enemy)^exp")                   \
    X(attrition_noise, "log-sd", 0, 2, 0.1, 0, "sd of the daily log-normal factor on losses")                 \
    X(gain_noise, "log-sd", 0, 3, 0.3, 0, "sd of the daily log-normal factor on ground taken")                 \
    X(season_gain_amplitude, "share", 0, 0.95, 0, 0, "annual cycle of ground taken: 1 + a cos(2pi (doy - peak)/365.25)") \
    X(season_gain_peak_doy, "day of year", 0, 366, 300, 0, "day of the year (0 = 1 Jan) when ground taken peaks") \
    X(season_loss_amplitude, "share", 0, 0.95, 0, 0, "annual cycle of own losses, the same form")                \
    X(season_loss_peak_doy, "day of year", -366, 366, 0, 0, "day of the year (0 = 1 Jan) when own losses peak") \
    X(pressure_trend_per_year, "1/year", -2, 2, 0, 0, "offensive cycles: pressure grows as exp(trend·t), t in years from day 0") \
    X(ground_room_km2, "km2", 0, 1e8, 0, 0, "area this side can still take at the start; its ground taken falls in proportion as the room is used up (0: unbounded)") \
    X(requirement_per_km2, "persons/km2", 0, 1000, 0, 0, "the line requirement grows by this per km2 of net ground the attacker has taken (a longer front to hold)")

/* ---- Manpower ---------------------------------------------------------------------------- */
#define PL_WAR_MANPOWER_PARAMS(X)                                                                               \
    X(training_days, "days", 1, 3650, 30, 0, "mean time from recruitment to the reserve")                      \
    X(contract_per_month, "persons/month", 0, 1e6, 0, 0, "contract volunteers per month at the reference bonus and distress") \
    X(bonus, "local currency", 0, 1e12, 0, 0, "sign-on bonus of a contract volunteer at the start")            \
    X(annual_wage, "local currency/year", 1, 1e12, 1, 0, "average annual wage the bonus competes with")        \
    X(bonus_ref_ratio, "years of wage", 1e-6, 100, 1, 0, "bonus/wage ratio at which contract_per_month holds")  \
    X(bonus_elasticity, "exponent", 0, 5, 0, 0, "volunteers scale as (bonus ratio / reference)^elasticity")    \
    X(bonus_change_per_year, "share/year", -1, 10, 0, 0, "relative change of the bonus per year (compounded daily)") \
    X(distress_share, "share", 0, 1, 0, 0, "share of households in debt or poverty")                           \
    X(distress_ref, "share", 1e-6, 1, 0.2, 0, "distress share at which contract_per_month holds")              \
    X(distress_elasticity, "exponent", 0, 5, 0, 0, "volunteers scale as (distress / reference)^elasticity")    \
    X(prison_pool, "persons", 0, 1e7, 0, 0, "prisoners eligible for recruitment at the start")                 \
    X(prison_rate, "1/month", 0, 1, 0, 0, "share of the eligible prison pool recruited per month")             \
    X(prison_inflow, "persons/month", 0, 1e6, 0, 0, "new eligible prisoners per month")                         \
    X(levy_quota_per_month, "persons/month", 0, 1e6, 0, 0, "regional levy quotas per month")                    \
    X(levy_fill, "share", 0, 1, 1, 0, "share of the levy quota the regions fill")                              \
    X(call_per_month, "persons/month", 0, 1e7, 0, 0, "call-up notices served per month (conscription, mobilisation)") \
    X(mobilization_pool, "persons", 0, 1e8, 0, 0, "men liable to call-up at the start")                        \
    X(compliance, "share", 0, 1, 0.5, 0, "share of those called (and not bribing) who report, at morale 1")    \
    X(compliance_morale_exp, "exponent", 0, 5, 1, 0, "compliance scales as morale^exp")                        \
    X(bribe_price, "US$", 0, 1e7, 5000, 0, "price of removal from the draft lists")                           \
    X(means_median, "US$", 1, 1e8, 3000, 0, "median liquid means of a called man's household")                \
    X(means_sigma, "log-sd", 0.01, 5, 1, 0, "log-normal spread of household means")                          \
    X(bribe_propensity, "share", 0, 1, 0, 0, "of the called who can afford the price, the share who pay it")  \
    X(awol_rate, "1/month", 0, 1, 0, 0, "share of the line absent without leave per month, rested, morale 1") \
    X(awol_fatigue_weight, "factor", 0, 100, 1, 0, "AWOL rate multiplies by 1 + weight * fatigue")             \
    X(awol_morale_weight, "factor", 0, 100, 1, 0, "AWOL rate multiplies by 1 + weight * (1 - morale)")         \
    X(awol_return_rate, "1/month", 0, 1, 0, 0, "share of the AWOL stock returning to the reserve per month")   \
    X(full_mob_allowed, "0/1", 0, 1, 0, 0, "1: the leadership may declare full mobilisation")                 \
    X(full_mob_trigger, "share", 0, 1, 0.8, 0, "declared when line / requirement falls below this")            \
    X(full_mob_call_multiplier, "x", 1, 100, 3, 0, "call-ups multiply by this after the declaration")          \
    X(full_mob_morale_cost, "morale", 0, 1, 0.1, 0, "one-off fall of morale at the declaration")

/* ---- Home front: strikes launched (as striker) and suffered (as target), morale ----------- */
#define PL_WAR_HOMEFRONT_PARAMS(X)                                                                              \
    X(drones_per_month, "drones/month", 0, 1e6, 0, 0, "long-range drones this side launches at the other")     \
    X(missiles_per_month, "missiles/month", 0, 1e5, 0, 0, "missiles this side launches at the other")          \
    X(strike_growth_per_year, "share/year", -1, 10, 0, 0, "relative growth of launches per year")             \
    X(strike_cap_per_month, "drones/month", 0, 1e7, 1e6, 0, "production ceiling on drone launches")           \
    X(decoy_ratio, "x", 0, 100, 0, 0, "decoys launched per attack drone once the decoy line runs (0: none)")   \
    X(decoy_start_days, "days", 0, 36500, 0, 0, "day of the run on which the first decoys fly")              \
    X(decoy_ramp_days, "days", 1, 3650, 30, 0, "days from the first decoys to the full decoy_ratio")          \
    X(missile_cap_per_month, "missiles/month", 0, 1e5, 1e5, 0, "production ceiling on missile launches")      \
    X(strike_noise, "log-sd", 0, 3, 0.5, 0, "sd of the daily log-normal factor on launches (raids come in waves)") \
    X(energy_share, "share", 0, 1, 0.3, 0, "share of launches aimed at the energy system")                    \
    X(drone_interception, "share", 0, 1, 0.8, 0, "share of incoming drones this side's defences stop")         \
    X(missile_interception, "share", 0, 1, 0.5, 0, "share of incoming missiles this side's defences stop")     \
    X(alert_base_hours, "hours/day", 0, 24, 0, 0, "air-raid alert hours per day with no launches")             \
    X(alert_hours_per_100, "hours/day", 0, 24, 1, 0, "extra alert hours per 100 incoming drones and missiles") \
    X(night_share, "share", 0, 1, 0.6, 0, "share of alert hours at night")                                    \
    X(night_weight, "factor", 1, 10, 2, 0, "a night alert hour weighs this many day hours")                   \
    X(grid_capacity_gw, "GW", 0, 1000, 0, 0, "available generation and imports at the start")                 \
    X(grid_demand_gw, "GW", 0, 1000, 0, 0, "mean demand")                                                     \
    X(demand_winter_amplitude, "share", 0, 1, 0.2, 0, "demand swings by +/- this share, peaking mid-January") \
    X(damage_gw_per_hit, "GW", 0, 10, 0.01, 0, "capacity one drone hit on energy takes out")                  \
    X(missile_hit_weight, "x", 0, 100, 5, 0, "a missile hit does this many drone hits' damage")              \
    X(repair_gw_per_day, "GW/day", 0, 10, 0.02, 0, "repair and new capacity brought back per day")            \
    X(repair_share_per_day, "1/day", 0, 1, 0, 0, "share of the damaged capacity restored per day (repair scales with damage)") \
    X(morale_initial, "index", 0, 1, 0.7, 0, "morale at the start (0 none, 1 full)")                          \
    X(morale_base, "index", 0, 1, 0.7, 0, "morale the population settles at with no war pressure")            \
    X(morale_days, "days", 1, 3650, 60, 0, "time constant of morale's adjustment")                           \
    X(alert_morale_weight, "per h/day", 0, 1, 0.01, 0, "morale lost per weighted alert hour per day")         \
    X(outage_morale_weight, "per h/day", 0, 1, 0.01, 0, "morale lost per outage hour per day")                \
    X(casualty_morale_weight, "per 1000/day", 0, 10, 0.05, 0, "morale lost per 1,000 own casualties per day") \
    X(prospects_weight, "index", 0, 1, 0.1, 0, "morale gained at fully favourable prospects")                 \
    X(prospects_scale, "km2/day", 1e-3, 1e4, 10, 0, "net ground per day that makes prospects tanh(1)")         \
    X(exposure, "share", 0, 1, 1, 0, "share of the population exposed to alerts and outages")                 \
    X(casualty_exposure, "share", 0, 1, 1, 0, "share of the population that feels the casualties")

/* ---- Economy and sanctions ---------------------------------------------------------------- */
#define PL_WAR_ECONOMY_PARAMS(X)                                                                                \
    X(revenue_bn, "US$ bn/year", 0, 1e5, 0, 0, "state revenue at the start")                                   \
    X(energy_revenue_share, "share", 0, 1, 0, 0, "share of revenue from oil and gas")                          \
    X(energy_revenue_trend_per_year, "share/year", -1, 10, 0, 0, "relative change of energy revenue per year")  \
    X(sanctions_loss, "share", 0, 1, 0, 0, "share of energy revenue sanctions take away at the start")        \
    X(sanctions_growth_per_year, "share/year", 0, 1, 0, 0, "yearly rise of that share (capped at 1)")         \
    X(borrowing_bn, "US$ bn/year", 0, 1e5, 0, 0, "deficit financing available per year")                      \
    X(war_spending_need_bn, "US$ bn/year", 0, 1e5, 0, 0, "spending the war effort needs; 0: always funded")   \
    X(non_war_spending_bn, "US$ bn/year", 0, 1e5, 0, 0, "spending that comes before the war effort")          \
    X(max_spending_index, "index", 1, 10, 1.5, 0, "ceiling on the spending index")                            \
    X(war_balance_share, "share", 0, 1, 1, 0, "share of a budget surplus or shortfall that falls on the war effort")  \
    X(bonus_spending_exp, "exponent", 0, 5, 1, 0, "contract volunteers scale as spending_index^exp")

/* ---- War weariness: the exhaustion index a termination model reads ------------------------ */
#define PL_WAR_WEARINESS_PARAMS(X)                                                                              \
    X(w_morale, "weight", 0, 1, 0.3, 0, "weight of (1 - morale)")                                              \
    X(w_fatigue, "weight", 0, 1, 0.25, 0, "weight of line fatigue")                                            \
    X(w_manpower, "weight", 0, 1, 0.25, 0, "weight of the manning gap (1 - line / requirement)+")            \
    X(w_economy, "weight", 0, 1, 0.2, 0, "weight of the funding gap (1 - spending index)+")

/* ---- Third parties ---------------------------------------------------------------------- */
#define PL_WAR_THIRD_PARAMS(X)                                                                                  \
    X(aid_bn_per_year, "US$ bn/year", 0, 1e4, 0, 0, "aid flow to the supported side at full attention")         \
    X(attention_initial, "index", 0, 1, 1, 0, "political attention at the start")                             \
    X(attention_half_life_days, "days", 1, 1e5, 365, 0, "half-life of attention without events")              \
    X(attention_floor, "index", 0, 1, 0, 0, "attention never decays below this")                              \
    X(event_rate_per_year, "1/year", 0, 365, 0, 0, "random attention-raising events per year")                \
    X(event_jump, "index", 0, 1, 0.2, 0, "attention added by an event (capped at 1)")                         \
    X(strike_event_threshold, "launches/day", 0, 1e5, 0, 0, "a day with this many launches at the supported side is an event (0: off)") \
    X(active_from_day, "day", 0, 1e6, 0, 0, "first day of the aid flow")                                      \
    X(active_until_day, "day", 0, 1e6, 1e6, 0, "last day of the aid flow")                                    \
    X(guarantee_commitment, "share", 0, 1, 0.5, 0, "strength of this party's commitment as guarantor (uncertain)")

#define PL_WAR_DECLARE_FIELD_(name, units, lo, hi, deflt, req, help) double name;

typedef struct pl_war_front_params { PL_WAR_FRONT_PARAMS(PL_WAR_DECLARE_FIELD_) } pl_war_front_params;
typedef struct pl_war_manpower_params { PL_WAR_MANPOWER_PARAMS(PL_WAR_DECLARE_FIELD_) } pl_war_manpower_params;
typedef struct pl_war_homefront_params { PL_WAR_HOMEFRONT_PARAMS(PL_WAR_DECLARE_FIELD_) } pl_war_homefront_params;
typedef struct pl_war_economy_params { PL_WAR_ECONOMY_PARAMS(PL_WAR_DECLARE_FIELD_) } pl_war_economy_params;
typedef struct pl_war_weariness_params { PL_WAR_WEARINESS_PARAMS(PL_WAR_DECLARE_FIELD_) } pl_war_weariness_params;
typedef struct pl_war_third_values { PL_WAR_THIRD_PARAMS(PL_WAR_DECLARE_FIELD_) } pl_war_third_values;

/* Constants derived from a side's parameters once per run (pl_war_params_prepare). */
typedef struct pl_war_side_derived {
    double inv_reference;       /* 1 / reference_force */
    double inv_rotation;        /* 1 / rotation_days */
    double recovery_keep;       /* exp(-1 / recovery_days) */
    double training_rate;       /* 1 / training_days */
    double wounded_rate;        /* 1 / wounded_return_days */
    double contract_per_day;    /* contract_per_month at reference conditions, per day, × distress factor */
    double bonus_growth;        /* daily factor (1 + bonus_change_per_year)^(1/365.25) */
    double bonus_ratio0;        /* bonus / annual_wage / bonus_ref_ratio at the start */
    double prison_rate_day;     /* prison_rate per day */
    double prison_inflow_day;
    double levy_per_day;        /* levy_quota_per_month × levy_fill per day */
    double call_per_day;
    double bribe_share;         /* bribe_propensity × P(means ≥ bribe_price) */
    double awol_rate_day;
    double awol_return_day;
    double drones_per_day;      /* launches of this side at the start, per day */
    double missiles_per_day;
    double strike_growth;       /* daily factor of launches */
    double strike_cap_day;
    double missile_cap_day;
    double morale_keep;         /* exp(-1 / morale_days) */
    double energy_trend;        /* daily factor of energy revenue */
    double sanctions_step;      /* daily rise of the sanctions loss share */
    double bonus_factor_growth; /* daily factor of bonus_factor: bonus_growth^elasticity */
    double bonus_factor0;       /* bonus_factor at day 0 */
    double pressure_loss;       /* own^κ_own × enemy^κ_enemy pressure factor on own losses */
    double pressure_gain;       /* own pressure^gain_pressure_exp */
    double intensity;           /* (own + enemy pressure) / 2, scaling fatigue */
    double night_factor;        /* 1 − night_share + night_share × night_weight */
    /* Hoisted out of the daily step: each is the expression the step used, so bit-identical. */
    double attrition_half_var;  /* 0.5 × attrition_noise², the mean-one correction of the log-normal */
    double gain_half_var;       /* 0.5 × gain_noise² */
    double strike_half_var;     /* 0.5 × strike_noise² */
    double fatigue_rise;        /* clamp(fatigue_rate × intensity, 0, 1) */
    double casualty_strain;     /* casualty_exposure × casualty_morale_weight */
    double non_energy_share;    /* 1 − energy_revenue_share */
    double drone_leak;          /* 1 − drone_interception */
    double missile_leak;        /* 1 − missile_interception */
    double demand_low;          /* bounds of the day's grid demand: grid_demand_gw × (1 ∓ amplitude) */
    double demand_high;
    /* How war_pow treats each per-run exponent (WAR_POW_* in src/models/war/war_util.h). */
    unsigned char morale_kind, fire_kind, enemy_kind, own_kind, ratio_kind, funding_kind, compliance_kind;
} pl_war_side_derived;

typedef struct pl_war_side_params {
    pl_war_front_params front;
    pl_war_manpower_params manpower;
    pl_war_homefront_params home;
    pl_war_economy_params economy;
    pl_war_weariness_params weariness;
    unsigned modules;           /* PL_WAR_* bits of the modules switched on */
    pl_war_side_derived k;      /* filled by pl_war_params_prepare */
    char id[PL_WAR_ID_MAX];     /* the key under `sides:` */
    char name[PL_WAR_NAME_MAX];
} pl_war_side_params;

typedef struct pl_war_third_params {
    pl_war_third_values v;
    int enabled;                /* the party's `enabled:` switch */
    int supports;               /* index of the side it aids */
    double attention_keep;      /* derived: 2^(-1 / half-life) */
    double event_prob;          /* derived: daily event probability */
    char id[PL_WAR_ID_MAX];
    char name[PL_WAR_NAME_MAX];
} pl_war_third_params;

/* Everything a run needs; plain data (copy with `=`), no pointers. */
typedef struct pl_war_params {
    pl_war_side_params side[PL_WAR_SIDES];
    pl_war_third_params third[PL_WAR_MAX_THIRD];
    int n_third;
    int stochastic;             /* 0: mean-field run (no draws even with a generator) */
    long start_days;            /* scenario start, days since 1970-01-01 */
    double start_doy;           /* day of the year of day 0 (0 = 1 January), for seasons */
    long horizon_days;          /* the scenario's horizon in days */
} pl_war_params;

/* One side's state. Stocks are persons unless noted; `cum_*` are totals since day 0. */
typedef struct pl_war_side_state {
    /* front */
    double line, reserve, training;
    double requirement;         /* troops the front needs in line today (grows with the front) */
    double fatigue;             /* mean fatigue of the line, [0, 1] */
    double reserve_fatigue;     /* mean fatigue of the reserve, [0, 1] */
    double effectiveness;       /* per-soldier effectiveness today */
    double wounded;             /* wounded who will return, in hospital */
    double cum_losses, cum_killed;
    double cum_disabled;        /* wounded who never return */
    double losses_today;        /* casualties today (persons) */
    double cum_gain;            /* km² this side has taken (gross) */
    /* manpower */
    double prison_pool, mobilization_pool;
    double cum_contract, cum_prison, cum_levy, cum_mobilized;
    double cum_called, cum_evaded, cum_bribed, cum_bribe_usd;
    double awol, cum_awol, cum_awol_returned;
    double full_mobilization;   /* day of the declaration, or -1 */
    double bonus;               /* current bonus, local currency */
    double bonus_factor;        /* (bonus ratio / reference)^elasticity, updated daily */
    /* home front (as target, except launches) */
    double cum_drones, cum_missiles; /* launched by this side */
    double strike_factor;       /* growth of this side's launches since day 0 */
    double incoming;            /* drones and missiles launched at this side today */
    double cum_hits;            /* hits on this side's energy system (drone equivalents) */
    double alert_hours;         /* today */
    double cum_alert_hours;
    double grid_damage_gw;
    double outage_hours;        /* today */
    double cum_outage_hours;
    double morale, morale_min;
    double prospects;           /* in [-1, 1] */
    double gain_trend;          /* 30-day mean of this side's net ground, km²/day */
    /* economy */
    double spending_index;      /* funds available / war need, capped */
    double sanctions_loss;      /* current share of energy revenue lost */
    double energy_revenue_factor;
    double aid_bn;              /* aid arriving now, US$ bn/year */
    /* weariness */
    double exhaustion;          /* in [0, 1]; docs/models/war.md §weariness */
} pl_war_side_state;

typedef struct pl_war_third_state {
    double attention;           /* [0, 1] */
    double aid_bn;              /* flowing now, US$ bn/year */
    double cum_aid_bn;          /* delivered so far, US$ bn */
    double events;              /* attention events so far */
} pl_war_third_state;

/* The whole state: plain doubles, so memcpy (or `=`) clones it, e.g. for a termination model
** that runs forward from a belief. */
typedef struct pl_war_state {
    double day;                 /* days since the start */
    double territory_km2;       /* net ground the attacker has taken since the start */
    double gain_today_km2;      /* the attacker's net gain today */
    pl_war_side_state side[PL_WAR_SIDES];
    pl_war_third_state third[PL_WAR_MAX_THIRD];
} pl_war_state;

/* The sections of the war schema: `sides` (keyed by side id; fields name and role; sections
** front, manpower, homefront, economy, weariness) and `third_parties` (keyed; fields name and
** supports; its parameters directly). Another model composes them with its own sections. */
extern const pl_section_schema pl_war_sides_section;
extern const pl_section_schema pl_war_third_parties_section;

/* The schema {sides, third_parties} for a pure war scenario. */
const pl_scenario_schema *pl_war_schema(void);

/* Fills p from a scenario and a value per parameter (values[i] for sc->param[i], e.g. from
** pl_scenario_nominals or pl_scenario_draw), then prepares it. Checks what the schema cannot:
** exactly one attacker and one defender, third parties supporting a known side, weariness
** weights summing to 1. PL_EINPUT with the file location on failure. */
pl_status pl_war_params_from_scenario(const pl_scenario *sc, const double *values, pl_war_params *p, pl_error *err);

/* The days a run of sc lasts: horizon_years of 365.25 days, rounded (p->horizon_days). */
long pl_war_horizon_days(const pl_scenario *sc);

/* Recomputes the derived constants (k, attention_keep, event_prob); call it after changing any
** parameter field by hand. */
void pl_war_params_prepare(pl_war_params *p);

#endif
