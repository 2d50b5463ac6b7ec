/*
** exchange_model.h — type object of Stokman's exchange model (equal gain, as in decide).
** Layer: models (internal).
*/
#ifndef PARLEY_MODELS_EXCHANGE_MODEL_H
#define PARLEY_MODELS_EXCHANGE_MODEL_H

#include "parley/bargain.h"

extern const pl_bargain_type pl_bargain_exchange;

#endif
