/*
** decide.c — the decide multi-issue table (#A actors, #P issues, #M issue bounds, #D data rows).
** Layer: formats.
*/
#include "parley/readers.h"

pl_status pl_parse_decide(const pl_text *t, pl_stakeholders **out, pl_error *err)
{
    *out = NULL;
    return pl_error_at(err, PL_EINPUT, t->path, 1, 1, "the decide format is not readable in this build");
}
