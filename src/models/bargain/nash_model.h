/*
** nash_model.h — type object of the asymmetric Nash bargaining solution.
** Layer: models (internal).
*/
#ifndef PARLEY_MODELS_NASH_MODEL_H
#define PARLEY_MODELS_NASH_MODEL_H

#include "parley/bargain.h"

extern const pl_bargain_type pl_bargain_nash;

#endif
