/*
** war_prepare.c — derived constants of a parameter set, computed once per run so the daily
** step does no exponentials of parameters, no divisions by them and no string work.
** Layer: models.
*/
#include "economy.h"
#include "front.h"
#include "homefront.h"
#include "manpower.h"
#include "thirdparty.h"

void pl_war_params_prepare(pl_war_params *p)
{
    for (int x = 0; x < PL_WAR_SIDES; x++) {
        pl_war_manpower_prepare(&p->side[x]);
        pl_war_homefront_prepare(&p->side[x]);
        pl_war_economy_prepare(&p->side[x]);
    }
    pl_war_front_prepare(p);
    pl_war_thirdparty_prepare(p);
}
