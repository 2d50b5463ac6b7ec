/*
** thirdparty.h — outside powers: political attention that decays with a half-life and jumps
** with events, and the aid flow it carries to the side a party supports.
** Layer: models. Internal to the war model. Equations: docs/models/war.md §5.
*/
#ifndef PARLEY_WAR_THIRDPARTY_H
#define PARLEY_WAR_THIRDPARTY_H

#include <gsl/gsl_rng.h>

#include "parley/war_model.h"

void pl_war_thirdparty_prepare(pl_war_params *p);
void pl_war_thirdparty_init(pl_war_state *s, const pl_war_params *p);
/* rng NULL: no random events. */
void pl_war_thirdparty_step(pl_war_state *s, const pl_war_params *p, gsl_rng *rng);

#endif
