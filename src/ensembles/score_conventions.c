/*
** score_conventions.c — the set-up of `parley score` (parley/score_conventions.h).
** Layer: ensembles.
*/
#include "parley/score_conventions.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

pl_status pl_score_conventions(const pl_bargain_type *type, pl_stakeholders *s, const pl_optset *model_opts,
                               int capability, int salience, unsigned long long seed, pl_score **sc, pl_error *err)
{
    static const pl_capability_rule every_cap[] = {PL_CAPABILITY_GDP, PL_CAPABILITY_VOTES, PL_CAPABILITY_EQUAL};
    static const int every_sal[] = {0, 1};
    int all_caps = capability == PL_SCORE_CAPABILITY_ALL, all_sals = salience == PL_SCORE_SALIENCE_ALL;
    if (!all_caps && !all_sals) {
        pl_status st = pl_capability_apply(s, (pl_capability_rule)capability, err);
        return st ? st : pl_score_run(type, s, model_opts, salience == PL_SCORE_SALIENCE_EQUAL, seed, sc, err);
    }
    pl_capability_rule one_cap = (pl_capability_rule)capability;
    return pl_score_average(type, s, model_opts, all_caps ? every_cap : &one_cap, all_caps ? 3 : 1,
                            all_sals ? every_sal : &salience, all_sals ? 2 : 1, seed, sc, err);
}

pl_status pl_cv_scheme_parse(const char *text, pl_cv_scheme *scheme, size_t *k, pl_error *err)
{
    *k = 10;
    *scheme = PL_CV_KFOLD;
    if (strcmp(text, "lopo") == 0) {
        *scheme = PL_CV_LOPO;
        return PL_OK;
    }
    if (strcmp(text, "kfold") == 0) return PL_OK;
    if (strncmp(text, "kfold:", 6) == 0) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(text + 6, &end, 10);
        if (text[6] >= '0' && text[6] <= '9' && *end == '\0' && errno == 0 && v >= 2 && v <= 100000) {
            *k = (size_t)v;
            return PL_OK;
        }
    }
    return pl_error_set(err, PL_EINVAL, "--cv: found '%.40s', expected kfold, kfold:K (K from 2) or lopo", text);
}
