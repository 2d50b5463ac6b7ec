/*
** smp.h — the type object of KTAB's Spatial Model of Politics (`--model smp`).
** Layer: models (internal).
*/
#ifndef PARLEY_MODELS_SMP_H
#define PARLEY_MODELS_SMP_H

#include "parley/bargain.h"

extern const pl_bargain_type pl_bargain_smp;

#endif
