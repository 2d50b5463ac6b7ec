/*
** baseline.h — type objects of the baseline forecasts (compromise, median, mean, constant).
** Layer: models (internal).
*/
#ifndef PARLEY_MODELS_BASELINE_H
#define PARLEY_MODELS_BASELINE_H

#include "parley/bargain.h"

extern const pl_bargain_type pl_bargain_compromise;
extern const pl_bargain_type pl_bargain_median;
extern const pl_bargain_type pl_bargain_mean;
extern const pl_bargain_type pl_bargain_constant;

#endif
