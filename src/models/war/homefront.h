/*
** homefront.h — the strike campaign each side launches (drones and missiles per month with
** growth up to a production ceiling), and what the other side suffers: air-raid alerts (night
** hours weigh more), grid damage against repair, outage hours, and the morale index.
** Layer: models. Internal to the war model. Equations: docs/models/war.md §3.
*/
#ifndef PARLEY_WAR_HOMEFRONT_H
#define PARLEY_WAR_HOMEFRONT_H

#include <gsl/gsl_rng.h>

#include "parley/war_model.h"

void pl_war_homefront_prepare(pl_war_side_params *sp);
void pl_war_homefront_init(pl_war_side_state *ss, const pl_war_side_params *sp);
/* One day of both sides' strikes and home fronts. rng NULL: launches at their mean. */
void pl_war_homefront_step(pl_war_state *s, const pl_war_params *p, gsl_rng *rng);

#endif
