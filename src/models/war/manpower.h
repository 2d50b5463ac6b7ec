/*
** manpower.h — recruitment by channel (contract volunteers, prisoners, regional levies,
** call-ups with compliance, evasion and bribes), training, absence without leave, and full
** mobilisation as a political decision with a domestic cost.
** Layer: models. Internal to the war model. Equations: docs/models/war.md §2.
*/
#ifndef PARLEY_WAR_MANPOWER_H
#define PARLEY_WAR_MANPOWER_H

#include "parley/war_model.h"

void pl_war_manpower_prepare(pl_war_side_params *sp);
void pl_war_manpower_init(pl_war_side_state *ss, const pl_war_side_params *sp);
void pl_war_manpower_step(pl_war_side_state *ss, const pl_war_side_params *sp, double day);

#endif
