/*
** settle_cli.c — loading a settle scenario with the command's options (applied by
** pl_settle_study_apply), refusing an output that would replace a file the scenario reads.
** Layer: interfaces.
*/
#include "cli/settle_cli.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cli.h"

pl_status settle_cli_check_out(const pl_framework *fw, const char *const *out, size_t n_out, pl_error *err)
{
    char base[1024];
    const char *slash = strrchr(fw->path, '/');
    if (fw->base[0] == '/' || !slash) snprintf(base, sizeof base, "%s", fw->base);
    else snprintf(base, sizeof base, "%.*s/%s", (int)(slash - fw->path), fw->path, fw->base);
    pl_status st = cli_check_outputs_against(out, n_out, fw->path, "the framework the scenario reads", err);
    if (!st && fw->base[0]) st = cli_check_outputs_against(out, n_out, base, "the base of the scenario's framework", err);
    return st;
}

pl_status settle_cli_check_scenario_out(const char *path, const char *const *out, size_t n_out, pl_error *err)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) return PL_OK; /* a FIFO cannot be read a second time */
    pl_scenario *sc = NULL;
    pl_settle_setup *su = NULL;
    pl_status st = pl_scenario_read_flags(path, pl_settle_schema(), PL_SCENARIO_ALLOW_AFTER_AS_OF, &sc, err);
    if (!st) st = pl_settle_setup_create(sc, &su, err);
    if (!st) st = settle_cli_check_out(su->fw, out, n_out, err);
    pl_settle_setup_free(su);
    pl_scenario_free(sc);
    return st;
}

unsigned settle_cli_read_flags(const pl_optset *so)
{
    return (pl_optset_flag(so, "allow-after-as-of") ? PL_SCENARIO_ALLOW_AFTER_AS_OF : 0) |
           (pl_optset_flag(so, "no-condition") ? PL_SCENARIO_NO_CONDITION : 0);
}

void settle_cli_note_after_as_of(const char *command, const pl_scenario *sc)
{
    if (!sc || !sc->n_after_as_of) return;
    fprintf(stderr, "parley %s: warning: %zu fact%s published after the scenario's as_of read (--allow-after-as-of): this "
            "is not a forecast as of that date; the first: %s\n", command, sc->n_after_as_of,
            sc->n_after_as_of == 1 ? "" : "s", sc->after_as_of_first);
}

pl_status settle_cli_load(const char *path, const pl_optset *common, const pl_optset *so, settle_cli *sl, pl_error *err)
{
    memset(sl, 0, sizeof *sl);
    const char *out = pl_optset_text(common, "out");
    pl_status st = pl_scenario_read_flags(path, pl_settle_schema(), settle_cli_read_flags(so), &sl->sc, err);
    if (!st) st = pl_settle_setup_create(sl->sc, &sl->su, err);
    if (!st) st = settle_cli_check_out(sl->su->fw, &out, 1, err); /* the scenario's framework, even if swapped */
    if (!st) st = pl_settle_study_apply(so, sl, err);
    if (!st) st = settle_cli_check_out(sl->su->fw, &out, 1, err); /* --framework's */
    if (st) return st;
    sl->runs = (size_t)pl_optset_int(so, "runs");
    sl->nominal = pl_optset_flag(so, "nominal");
    sl->seed = pl_optset_given(common, "seed") || sl->sc->seed < 0 ? (uint64_t)pl_optset_int(common, "seed")
                                                                   : (uint64_t)sl->sc->seed;
    return PL_OK;
}
