/*
** homefront.c — strikes, alerts, the power grid, outages and morale.
** Layer: models.
*/
#include "homefront.h"

#include <gsl/gsl_randist.h>

#include "war_util.h"

void pl_war_homefront_prepare(pl_war_side_params *sp)
{
    const pl_war_homefront_params *h = &sp->home;
    sp->k.drones_per_day = h->drones_per_month / WAR_MONTH;
    sp->k.missiles_per_day = h->missiles_per_month / WAR_MONTH;
    sp->k.strike_growth = pow(1 + h->strike_growth_per_year, 1 / WAR_YEAR);
    sp->k.strike_cap_day = h->strike_cap_per_month / WAR_MONTH;
    sp->k.missile_cap_day = h->missile_cap_per_month / WAR_MONTH;
    sp->k.morale_keep = exp(-1 / h->morale_days);
    sp->k.night_factor = 1 - h->night_share + h->night_share * h->night_weight;
    sp->k.strike_half_var = 0.5 * h->strike_noise * h->strike_noise;
    sp->k.casualty_strain = h->casualty_exposure * h->casualty_morale_weight;
    sp->k.drone_leak = 1 - h->drone_interception;
    sp->k.missile_leak = 1 - h->missile_interception;
    /* cos lies in [-1, 1] and rounding is monotone, so the day's demand lies between these. */
    double down = h->grid_demand_gw * (1 - h->demand_winter_amplitude);
    double up = h->grid_demand_gw * (1 + h->demand_winter_amplitude);
    sp->k.demand_low = down < up ? down : up;
    sp->k.demand_high = down < up ? up : down;
}

void pl_war_homefront_init(pl_war_side_state *ss, const pl_war_side_params *sp)
{
    ss->strike_factor = 1;
    ss->morale = ss->morale_min = sp->home.morale_initial;
    ss->grid_damage_gw = ss->alert_hours = ss->outage_hours = ss->incoming = 0;
}

/* Decoys flown per attack drone on day t: decoy_ratio × clamp((t − start)/ramp, 0, 1). Warhead-less
** decoys (Gerbera, first seen late July 2024) came to make up about half of Russia's launches, so the
** count of launches steps up while the attack drones keep their growth (docs/models/war.md §3). */
static double decoys_per_drone(const pl_war_homefront_params *h, double day)
{
    if (!(h->decoy_ratio > 0)) return 0;
    return h->decoy_ratio * war_clamp((day - h->decoy_start_days) / h->decoy_ramp_days, 0, 1);
}

/* Launches of side x today: attack drones and missiles grow by compounding daily, decoys join the
** drones, and both stop at their production ceilings; with a generator one mean-one log-normal
** factor exp(σz − σ²/2) scales both, since drones and missiles arrive together in raids (one draw a
** day keeps the step cheap). *armed is the drones that carry a warhead: every launch raises the
** alarm, only these can damage the grid. */
static void launch(pl_war_side_state *ss, const pl_war_side_params *sp, double day, gsl_rng *rng, double *drones,
                   double *armed, double *missiles)
{
    *drones = *armed = *missiles = 0;
    if (!(sp->modules & PL_WAR_HOMEFRONT)) return;
    ss->strike_factor *= sp->k.strike_growth;
    double decoys = decoys_per_drone(&sp->home, day);
    double d = sp->k.drones_per_day * ss->strike_factor * (1 + decoys);
    double m = sp->k.missiles_per_day * ss->strike_factor;
    if (d > sp->k.strike_cap_day) d = sp->k.strike_cap_day;
    if (m > sp->k.missile_cap_day) m = sp->k.missile_cap_day;
    double sigma = sp->home.strike_noise;
    if (rng && sigma > 0 && d + m > 0) {
        double wave = war_lognormal(sigma, gsl_ran_gaussian_ziggurat(rng, 1), sp->k.strike_half_var);
        d *= wave, m *= wave;
    }
    ss->cum_drones += d;
    ss->cum_missiles += m;
    *drones = d, *armed = d / (1 + decoys), *missiles = m;
}

/* Demand follows the seasons: mean × (1 + amplitude·cos(2π(doy − 15)/365.25)), peak mid-January. */
static double demand_today(const pl_war_homefront_params *h, double doy)
{
    return h->grid_demand_gw * (1 + h->demand_winter_amplitude * cos(2 * WAR_PI * (doy - 15) / WAR_YEAR));
}

/* Outage hours 24 × clamp(1 − available/demand, 0, 1), 0 without demand. The day's demand needs
** a cosine only when the available generation lies between its bounds (demand_low, demand_high):
** the computed demand lies within them, so with none left (and a positive lower bound) the
** shortfall is exactly 1 − 0 = 1, and with at least the upper bound available/demand ≥ 1 and the
** shortfall is at most 0 — the same hours, 24 and 0, as computing it. */
static double outage_today(const pl_war_side_params *yp, double available, double doy)
{
    const pl_war_homefront_params *h = &yp->home;
    if (!(h->grid_demand_gw > 0)) return 0;
    if (available == 0 && yp->k.demand_low > 0) return 24;
    if (available >= yp->k.demand_high) return 0;
    double demand = demand_today(h, doy);
    double shortfall = demand > 0 ? 1 - available / demand : 0;
    return 24 * war_clamp(shortfall, 0, 1);
}

/* Alerts, grid and outages of target y under (drones, armed drones, missiles) launched by x. */
static void suffer(pl_war_side_state *ys, const pl_war_side_params *yp, const pl_war_side_params *xp, double drones,
                   double armed, double missiles, double doy)
{
    const pl_war_homefront_params *h = &yp->home;
    double landed = armed * yp->k.drone_leak + h->missile_hit_weight * missiles * yp->k.missile_leak;
    double hits = xp->home.energy_share * landed;
    ys->cum_hits += hits;
    ys->alert_hours = war_clamp(h->alert_base_hours + h->alert_hours_per_100 * (drones + missiles) / 100, 0, 24);
    /* Restoration has a fixed part (crews, imports) and a part that grows with the damage (more
    ** broken units to mend, dispersed and protected generation brought in): damage then settles at
    ** (hits·d − r₀)/ρ instead of growing without bound (docs/models/war.md §3). */
    double repair = h->repair_gw_per_day + h->repair_share_per_day * ys->grid_damage_gw;
    ys->grid_damage_gw = war_clamp(ys->grid_damage_gw + h->damage_gw_per_hit * hits - repair, 0, h->grid_capacity_gw);
    ys->outage_hours = outage_today(yp, h->grid_capacity_gw - ys->grid_damage_gw, doy);
    ys->cum_alert_hours += ys->alert_hours;
    ys->cum_outage_hours += ys->outage_hours;
}

/* Morale relaxes toward m* = base − exposure·(w_a·A·night + w_o·O) − c_exp·w_c·L/1000
** + w_p·prospects with time constant morale_days. */
static void update_morale(pl_war_side_state *ys, const pl_war_side_params *yp)
{
    const pl_war_homefront_params *h = &yp->home;
    ys->prospects = tanh(ys->gain_trend / h->prospects_scale);
    double strain = h->alert_morale_weight * ys->alert_hours * yp->k.night_factor + h->outage_morale_weight * ys->outage_hours;
    double target = h->morale_base - h->exposure * strain -
                    yp->k.casualty_strain * ys->losses_today / 1000 +
                    h->prospects_weight * ys->prospects;
    target = war_clamp(target, 0, 1);
    ys->morale = target + (ys->morale - target) * yp->k.morale_keep;
    if (ys->morale < ys->morale_min) ys->morale_min = ys->morale;
}

void pl_war_homefront_step(pl_war_state *s, const pl_war_params *p, gsl_rng *rng)
{
    double drones[PL_WAR_SIDES], armed[PL_WAR_SIDES], missiles[PL_WAR_SIDES];
    for (int x = 0; x < PL_WAR_SIDES; x++)
        launch(&s->side[x], &p->side[x], s->day, rng, &drones[x], &armed[x], &missiles[x]);
    double doy = p->start_doy + s->day;
    for (int y = 0; y < PL_WAR_SIDES; y++) {
        int x = 1 - y;
        pl_war_side_state *ys = &s->side[y];
        ys->incoming = drones[x] + missiles[x];
        if (!(p->side[y].modules & PL_WAR_HOMEFRONT)) continue;
        suffer(ys, &p->side[y], &p->side[x], drones[x], armed[x], missiles[x], doy);
        update_morale(ys, &p->side[y]);
    }
}
