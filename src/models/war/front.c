/*
** front.c — rotation, fatigue, effectiveness, attrition, ground, and war weariness.
** Layer: models.
*/
#include "front.h"

#include <gsl/gsl_randist.h>

#include "war_util.h"

/* Days over which gain_trend averages a side's net ground (an exponential moving mean). */
#define TREND_DAYS 30.0

void pl_war_front_prepare(pl_war_params *p)
{
    for (int x = 0; x < PL_WAR_SIDES; x++) {
        pl_war_side_params *sp = &p->side[x];
        const pl_war_front_params *f = &sp->front, *g = &p->side[1 - x].front;
        sp->k.inv_reference = 1 / f->reference_force;
        sp->k.inv_rotation = 1 / f->rotation_days;
        sp->k.recovery_keep = exp(-1 / f->recovery_days);
        sp->k.wounded_rate = 1 / f->wounded_return_days;
        sp->k.pressure_loss = war_pow(f->pressure, f->pressure_own_loss_exp) * war_pow(g->pressure, f->pressure_enemy_loss_exp);
        sp->k.pressure_gain = war_pow(f->pressure, f->gain_pressure_exp);
        sp->k.intensity = 0.5 * (f->pressure + g->pressure);
        sp->k.fatigue_rise = war_clamp(f->fatigue_rate * sp->k.intensity, 0, 1);
        sp->k.attrition_half_var = 0.5 * f->attrition_noise * f->attrition_noise;
        sp->k.gain_half_var = 0.5 * f->gain_noise * f->gain_noise;
        sp->k.morale_kind = war_pow_kind(f->morale_weight);
        sp->k.fire_kind = war_pow_kind(f->fire_support_weight);
        sp->k.enemy_kind = war_pow_kind(f->attrition_exp_enemy);
        sp->k.own_kind = war_pow_kind(f->attrition_exp_own);
        sp->k.ratio_kind = war_pow_kind(f->gain_ratio_exp);
    }
}

void pl_war_front_init(pl_war_side_state *ss, const pl_war_side_params *sp)
{
    ss->line = sp->front.forces_line;
    ss->reserve = sp->front.forces_reserve;
    ss->training = sp->front.forces_training;
    ss->requirement = sp->front.line_requirement;
    ss->fatigue = ss->reserve_fatigue = 0;
}

/* Mixing n_a troops of fatigue f_a with n_b of fatigue f_b. */
static double mix(double n_a, double f_a, double n_b, double f_b)
{
    double n = n_a + n_b;
    return n > 0 ? (n_a * f_a + n_b * f_b) / n : 0;
}

/* Relief swaps up to line/rotation_days soldiers with rested ones (at most rotation_capacity of
** the reserve a day); then the reserve fills deploy_rate of the gap to the requirement. */
static void rotate(pl_war_side_state *ss, const pl_war_side_params *sp)
{
    const pl_war_front_params *f = &sp->front;
    double relief = ss->line * sp->k.inv_rotation, cap = ss->reserve * f->rotation_capacity;
    if (relief > cap) relief = cap;
    double line_f = ss->fatigue, res_f = ss->reserve_fatigue;
    ss->fatigue = mix(ss->line - relief, line_f, relief, res_f);
    ss->reserve_fatigue = mix(ss->reserve - relief, res_f, relief, line_f);
    double deploy = war_pos(ss->requirement - ss->line) * f->deploy_rate;
    if (deploy > ss->reserve) deploy = ss->reserve;
    ss->fatigue = mix(ss->line, ss->fatigue, deploy, ss->reserve_fatigue);
    ss->line += deploy;
    ss->reserve -= deploy;
}

/* Fatigue in line rises toward 1 at fatigue_rate × intensity; the reserve recovers. */
static void tire(pl_war_side_state *ss, const pl_war_side_params *sp)
{
    ss->fatigue += sp->k.fatigue_rise * (1 - ss->fatigue);
    ss->reserve_fatigue *= sp->k.recovery_keep;
}

static inline double effectiveness(const pl_war_side_state *ss, const pl_war_side_params *sp)
{
    const pl_war_front_params *f = &sp->front;
    return f->base_effectiveness * (1 - f->fatigue_weight * ss->fatigue) *
           war_pow_as(ss->morale, f->morale_weight, sp->k.morale_kind) *
           war_pow_as(ss->spending_index, f->fire_support_weight, sp->k.fire_kind);
}

double pl_war_effectiveness(const pl_war_side_state *ss, const pl_war_side_params *sp) { return effectiveness(ss, sp); }

/* A mean-one log-normal factor exp(σz − σ²/2), or 1 without a generator. */
static double noise(gsl_rng *rng, double sigma, double half_var)
{
    if (!rng || sigma <= 0) return 1;
    return war_lognormal(sigma, gsl_ran_gaussian_ziggurat(rng, 1), half_var);
}

/* Generalised Lanchester: L_x = c·(E_y/N)^p·(X/N)^q·π_x^κ·π_y^κ'·noise, never above the line. */
static double losses(const pl_war_side_state *xs, const pl_war_side_params *xp, double enemy_eff, gsl_rng *rng)
{
    const pl_war_front_params *f = &xp->front;
    double n = xp->k.inv_reference;
    double l = f->attrition_coeff * war_pow_as(enemy_eff * n, f->attrition_exp_enemy, xp->k.enemy_kind) *
               war_pow_as(xs->line * n, f->attrition_exp_own, xp->k.own_kind) * xp->k.pressure_loss *
               noise(rng, f->attrition_noise, xp->k.attrition_half_var);
    return l < xs->line ? l : xs->line;
}

/* Ground taken: g_x = gain_coeff·π_x^η·(E_x/E_y)^ρ·noise (the ratio capped at 100). */
static double ground(const pl_war_side_params *xp, double own_eff, double enemy_eff, gsl_rng *rng)
{
    const pl_war_front_params *f = &xp->front;
    if (f->gain_coeff <= 0) return 0;
    double ratio = enemy_eff > 0 ? own_eff / enemy_eff : 100;
    if (ratio > 100) ratio = 100;
    return f->gain_coeff * xp->k.pressure_gain * war_pow_as(ratio, f->gain_ratio_exp, xp->k.ratio_kind) *
           noise(rng, f->gain_noise, xp->k.gain_half_var);
}

/* Casualties leave the line: killed, wounded who return later, and the permanently disabled. */
static void take_losses(pl_war_side_state *ss, const pl_war_side_params *sp, double l)
{
    const pl_war_front_params *f = &sp->front;
    double killed = l * f->killed_share, returning = (l - killed) * f->wounded_return_share;
    ss->line -= l;
    ss->losses_today = l;
    ss->cum_losses += l;
    ss->cum_killed += killed;
    ss->cum_disabled += l - killed - returning;
    ss->wounded += returning;
}

static void heal(pl_war_side_state *ss, const pl_war_side_params *sp)
{
    double back = ss->wounded * sp->k.wounded_rate;
    ss->wounded -= back;
    ss->reserve += back;
}

/* The annual cycle 1 + a·cos(2π(doy − peak)/365.25): mud in spring, the autumn offensive peak
** (docs/models/war.md §1, "Seasons"). */
double pl_war_season(double amplitude, double peak_doy, double doy)
{
    if (amplitude == 0) return 1;
    return 1 + amplitude * cos(2 * WAR_PI * (doy - peak_doy) / WAR_YEAR);
}

/* The drift of a side's pressure π(t) = π·exp(trend·t): own losses scale as its κ-th power,
** ground as its η-th (the same exponents as the pressure itself). */
static void tempo(const pl_war_front_params *f, double years, double *loss, double *gain)
{
    if (f->pressure_trend_per_year == 0) {
        *loss = *gain = 1;
        return;
    }
    double g = f->pressure_trend_per_year * years;
    *loss = exp(f->pressure_own_loss_exp * g), *gain = exp(f->gain_pressure_exp * g);
}

/* Ground g taken by a side that has taken `taken` km² net since day 0, out of `room` it could take
** at the start: g·min(1, (room − taken)/room), never more than what is left, so the side's net gain
** stays within its room (the attacker cannot hold more than the defender's whole territory). A
** side that has lost ground is not sped up (the factor is capped at 1). room 0: unbounded. */
static double within_room(double g, double room, double taken)
{
    if (room <= 0) return g;
    double left = room - taken;
    if (left <= 0) return 0;
    if (left < room) g *= left / room;
    return g < left ? g : left;
}

static void fight(pl_war_state *s, const pl_war_params *p, gsl_rng *rng)
{
    pl_war_side_state *a = &s->side[0], *d = &s->side[1];
    const pl_war_front_params *fa = &p->side[0].front, *fd = &p->side[1].front;
    double doy = p->start_doy + s->day, tla, tga, tld, tgd;
    tempo(fa, s->day / WAR_YEAR, &tla, &tga);
    tempo(fd, s->day / WAR_YEAR, &tld, &tgd);
    double ea = a->line * a->effectiveness, ed = d->line * d->effectiveness;
    double la = losses(a, &p->side[0], ed, rng) * tla * pl_war_season(fa->season_loss_amplitude, fa->season_loss_peak_doy, doy);
    double ld = losses(d, &p->side[1], ea, rng) * tld * pl_war_season(fd->season_loss_amplitude, fd->season_loss_peak_doy, doy);
    double ga = ground(&p->side[0], ea, ed, rng) * tga * pl_war_season(fa->season_gain_amplitude, fa->season_gain_peak_doy, doy);
    double gd = ground(&p->side[1], ed, ea, rng) * tgd * pl_war_season(fd->season_gain_amplitude, fd->season_gain_peak_doy, doy);
    ga = within_room(ga, fa->ground_room_km2, s->territory_km2);
    gd = within_room(gd, fd->ground_room_km2, -s->territory_km2);
    if (la > a->line) la = a->line;
    if (ld > d->line) ld = d->line;
    take_losses(a, &p->side[0], la);
    take_losses(d, &p->side[1], ld);
    a->cum_gain += ga;
    d->cum_gain += gd;
    s->gain_today_km2 = ga - gd;
    s->territory_km2 += ga - gd;
    a->gain_trend += (ga - gd - a->gain_trend) / TREND_DAYS;
    d->gain_trend += (gd - ga - d->gain_trend) / TREND_DAYS;
}

/* The line a side must man: line_requirement + requirement_per_km2 · T, T the attacker's net ground
** (the front lengthened as Russia advanced: Syrskyi, 26 Sep 2025), never below 0. */
static double requirement(const pl_war_front_params *f, double territory)
{
    if (f->requirement_per_km2 == 0) return f->line_requirement;
    return war_pos(f->line_requirement + f->requirement_per_km2 * territory);
}

void pl_war_front_step(pl_war_state *s, const pl_war_params *p, gsl_rng *rng)
{
    int fighting = 1;
    for (int x = 0; x < PL_WAR_SIDES; x++) {
        pl_war_side_state *ss = &s->side[x];
        const pl_war_side_params *sp = &p->side[x];
        ss->losses_today = 0;
        ss->requirement = requirement(&sp->front, s->territory_km2);
        if (!(sp->modules & PL_WAR_FRONT)) {
            fighting = 0;
            continue;
        }
        heal(ss, sp);
        rotate(ss, sp);
        tire(ss, sp);
        ss->effectiveness = effectiveness(ss, sp);
    }
    s->gain_today_km2 = 0;
    if (fighting) fight(s, p, rng);
}

void pl_war_weariness_update(pl_war_state *s, const pl_war_params *p)
{
    for (int x = 0; x < PL_WAR_SIDES; x++) {
        pl_war_side_state *ss = &s->side[x];
        const pl_war_side_params *sp = &p->side[x];
        const pl_war_weariness_params *w = &sp->weariness;
        double req = ss->requirement;
        double gap = req > 0 ? war_clamp(1 - ss->line / req, 0, 1) : 0;
        double funding = war_clamp(1 - ss->spending_index, 0, 1);
        ss->exhaustion = war_clamp(w->w_morale * (1 - ss->morale) + w->w_fatigue * ss->fatigue + w->w_manpower * gap +
                                       w->w_economy * funding,
                                   0, 1);
    }
}
