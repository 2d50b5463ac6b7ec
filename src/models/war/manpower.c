/*
** manpower.c — the recruitment channels, training, AWOL and full mobilisation.
** Layer: models.
*/
#include "manpower.h"

#include <gsl/gsl_cdf.h>

#include "war_util.h"

void pl_war_manpower_prepare(pl_war_side_params *sp)
{
    const pl_war_manpower_params *m = &sp->manpower;
    pl_war_side_derived *k = &sp->k;
    double distress = war_pow(m->distress_share / m->distress_ref, m->distress_elasticity);
    k->training_rate = 1 / m->training_days;
    k->contract_per_day = m->contract_per_month / WAR_MONTH * distress;
    k->bonus_growth = pow(1 + m->bonus_change_per_year, 1 / WAR_YEAR);
    k->bonus_ratio0 = m->bonus / m->annual_wage / m->bonus_ref_ratio;
    k->bonus_factor0 = war_pow(k->bonus_ratio0, m->bonus_elasticity);
    k->bonus_factor_growth = war_pow(k->bonus_growth, m->bonus_elasticity);
    k->prison_rate_day = m->prison_rate / WAR_MONTH;
    k->prison_inflow_day = m->prison_inflow / WAR_MONTH;
    k->levy_per_day = m->levy_quota_per_month * m->levy_fill / WAR_MONTH;
    k->call_per_day = m->call_per_month / WAR_MONTH;
    /* Household means are log-normal with the given median; a called man's household can pay
    ** when its means reach the price. */
    double can_pay = m->bribe_price > 0 ? gsl_cdf_lognormal_Q(m->bribe_price, log(m->means_median), m->means_sigma) : 1;
    k->bribe_share = m->bribe_propensity * can_pay;
    k->awol_rate_day = m->awol_rate / WAR_MONTH;
    k->awol_return_day = m->awol_return_rate / WAR_MONTH;
    k->funding_kind = war_pow_kind(sp->economy.bonus_spending_exp);
    k->compliance_kind = war_pow_kind(m->compliance_morale_exp);
}

void pl_war_manpower_init(pl_war_side_state *ss, const pl_war_side_params *sp)
{
    ss->prison_pool = sp->manpower.prison_pool;
    ss->mobilization_pool = sp->manpower.mobilization_pool;
    ss->bonus = sp->manpower.bonus;
    ss->bonus_factor = sp->k.bonus_factor0;
    ss->full_mobilization = -1;
}

/* Contract volunteers: base × (bonus ratio/ref)^ε_b × (distress/ref)^ε_d × S^ε_S per day. */
static double contract_today(pl_war_side_state *ss, const pl_war_side_params *sp)
{
    ss->bonus *= sp->k.bonus_growth;
    ss->bonus_factor *= sp->k.bonus_factor_growth;
    double funding = war_pow_as(ss->spending_index, sp->economy.bonus_spending_exp, sp->k.funding_kind);
    return sp->k.contract_per_day * ss->bonus_factor * funding;
}

/* Call-ups: a share buys removal at the bribe price; of the rest, compliance × morale^exp
** report and the others evade. All of those called leave the liable pool. */
static double mobilised_today(pl_war_side_state *ss, const pl_war_side_params *sp)
{
    const pl_war_manpower_params *m = &sp->manpower;
    double rate = sp->k.call_per_day * (ss->full_mobilization >= 0 ? m->full_mob_call_multiplier : 1);
    double called = rate < ss->mobilization_pool ? rate : ss->mobilization_pool;
    double bribed = called * sp->k.bribe_share, rest = called - bribed;
    double comply = m->compliance * war_pow_as(ss->morale, m->compliance_morale_exp, sp->k.compliance_kind);
    ss->mobilization_pool -= called;
    ss->cum_called += called;
    ss->cum_bribed += bribed;
    ss->cum_bribe_usd += bribed * m->bribe_price;
    ss->cum_evaded += rest * (1 - comply);
    return rest * comply;
}

/* AWOL: the line leaves at awol_rate × (1 + w_f·F) × (1 + w_m·(1 − m)); a share of the absent
** return to the reserve. */
static void absent_today(pl_war_side_state *ss, const pl_war_side_params *sp)
{
    const pl_war_manpower_params *m = &sp->manpower;
    double rate = sp->k.awol_rate_day * (1 + m->awol_fatigue_weight * ss->fatigue) *
                  (1 + m->awol_morale_weight * (1 - ss->morale));
    double leaving = ss->line * war_clamp(rate, 0, 1), back = ss->awol * sp->k.awol_return_day;
    ss->line -= leaving;
    ss->awol += leaving - back;
    ss->reserve += back;
    ss->cum_awol += leaving;
    ss->cum_awol_returned += back;
}

static void decide_full_mobilisation(pl_war_side_state *ss, const pl_war_side_params *sp, double day)
{
    const pl_war_manpower_params *m = &sp->manpower;
    if (m->full_mob_allowed < 0.5 || ss->full_mobilization >= 0 || ss->requirement <= 0) return;
    if (ss->line / ss->requirement >= m->full_mob_trigger) return;
    ss->full_mobilization = day;
    ss->morale = war_clamp(ss->morale - m->full_mob_morale_cost, 0, 1);
    if (ss->morale < ss->morale_min) ss->morale_min = ss->morale;
}

void pl_war_manpower_step(pl_war_side_state *ss, const pl_war_side_params *sp, double day)
{
    if (!(sp->modules & PL_WAR_MANPOWER)) return;
    decide_full_mobilisation(ss, sp, day);
    double contract = contract_today(ss, sp);
    double prison = ss->prison_pool * sp->k.prison_rate_day;
    ss->prison_pool += sp->k.prison_inflow_day - prison;
    double levy = sp->k.levy_per_day, mobilised = mobilised_today(ss, sp);
    ss->cum_contract += contract;
    ss->cum_prison += prison;
    ss->cum_levy += levy;
    ss->cum_mobilized += mobilised;
    double graduates = ss->training * sp->k.training_rate;
    ss->training += contract + prison + levy + mobilised - graduates;
    ss->reserve += graduates;
    absent_today(ss, sp);
}
