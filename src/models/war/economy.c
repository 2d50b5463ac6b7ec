/*
** economy.c — the spending index: what the leadership can spend on the war over what it needs.
** Layer: models.
*/
#include "economy.h"

#include "war_util.h"

void pl_war_economy_prepare(pl_war_side_params *sp)
{
    sp->k.energy_trend = pow(1 + sp->economy.energy_revenue_trend_per_year, 1 / WAR_YEAR);
    sp->k.sanctions_step = sp->economy.sanctions_growth_per_year / WAR_YEAR;
    sp->k.non_energy_share = 1 - sp->economy.energy_revenue_share;
}

/* The budget balance B = R·((1−e) + e·f·(1−σ)) + borrowing + aid − N_other − N_war; the war
** effort bears the share β of it: S = 1 + β·B/N_war, clamped to [0, S_max]. β = 1 makes the
** war the residual claimant; β < 1 protects it and lets civil spending absorb the rest. S is 1
** when the need is zero or the module is off. */
static double spending_index(const pl_war_side_state *ss, const pl_war_side_params *sp)
{
    const pl_war_economy_params *e = &sp->economy;
    if (!(sp->modules & PL_WAR_ECONOMY) || e->war_spending_need_bn <= 0) return 1;
    double energy = e->energy_revenue_share * ss->energy_revenue_factor * (1 - ss->sanctions_loss);
    double revenue = e->revenue_bn * (sp->k.non_energy_share + energy);
    double balance = revenue + e->borrowing_bn + ss->aid_bn - e->non_war_spending_bn - e->war_spending_need_bn;
    return war_clamp(1 + e->war_balance_share * balance / e->war_spending_need_bn, 0, e->max_spending_index);
}

void pl_war_economy_init(pl_war_side_state *ss, const pl_war_side_params *sp)
{
    ss->energy_revenue_factor = 1;
    ss->sanctions_loss = sp->economy.sanctions_loss;
    ss->spending_index = spending_index(ss, sp);
}

void pl_war_economy_step(pl_war_side_state *ss, const pl_war_side_params *sp)
{
    if (sp->modules & PL_WAR_ECONOMY) {
        ss->energy_revenue_factor *= sp->k.energy_trend;
        ss->sanctions_loss = war_clamp(ss->sanctions_loss + sp->k.sanctions_step, 0, 1);
    }
    ss->spending_index = spending_index(ss, sp);
}
