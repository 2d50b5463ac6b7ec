/*
** front.h — forces in line and in reserve, rotation and filling, fatigue and recovery,
** effectiveness, attrition by a generalised Lanchester law with each side's pressure, ground
** taken as a function of the force ratio and pressure, and the exhaustion index.
** Layer: models. Internal to the war model. Equations: docs/models/war.md §1 and §6.
*/
#ifndef PARLEY_WAR_FRONT_H
#define PARLEY_WAR_FRONT_H

#include <gsl/gsl_rng.h>

#include "parley/war_model.h"

/* Derived constants of both sides (the pressure factors couple them). */
void pl_war_front_prepare(pl_war_params *p);
void pl_war_front_init(pl_war_side_state *ss, const pl_war_side_params *sp);
/* One day of fighting. The front is two-sided: if either side's front module is off, nobody
** fights (rotation and recovery still run for sides whose module is on). rng NULL: no noise. */
void pl_war_front_step(pl_war_state *s, const pl_war_params *p, gsl_rng *rng);
/* The exhaustion index of each side from its current state (docs/models/war.md §6). */
void pl_war_weariness_update(pl_war_state *s, const pl_war_params *p);
/* Per-soldier effectiveness e = base·(1 − w_F·F)·m^w_m·S^w_S. */
double pl_war_effectiveness(const pl_war_side_state *ss, const pl_war_side_params *sp);
/* The annual cycle 1 + amplitude·cos(2π(doy − peak_doy)/365.25) on losses and ground. */
double pl_war_season(double amplitude, double peak_doy, double doy);

#endif
