/*
** economy.h — revenue with its energy share, the sanctions pass-through, borrowing and aid,
** against the war effort's needs: the spending index that funds bonuses and fire support.
** Layer: models. Internal to the war model. Equations: docs/models/war.md §4.
*/
#ifndef PARLEY_WAR_ECONOMY_H
#define PARLEY_WAR_ECONOMY_H

#include "parley/war_model.h"

void pl_war_economy_prepare(pl_war_side_params *sp);
void pl_war_economy_init(pl_war_side_state *ss, const pl_war_side_params *sp);
void pl_war_economy_step(pl_war_side_state *ss, const pl_war_side_params *sp);

#endif
