/*
** fuzz_framework.c — libFuzzer harness for the peace-framework reader and the bargaining table:
** any input must give a framework or a located error, and a framework must give a table (or a
** "nothing on the table" error) whose utilities are finite; never a crash, leak or sanitizer
** report. The path names data/frameworks/ so that a base: (us-28-point.yaml) is found.
*/
#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "parley/framework.h"
#include "parley/memory.h"
#include "parley/settle.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void use_framework(const pl_framework *fw)
{
    pl_deal_table t;
    pl_error err;
    if (pl_deal_table_create(fw, NULL, &t, &err) == PL_OK) pl_deal_table_free(&t);
    double *x = pl_malloc((fw->n_points + 1) * sizeof *x);
    if (!x) return;
    pl_deal_status_quo(fw, x);
    for (size_t i = 0; i < fw->n_actors; i++)
        if (!isfinite(pl_deal_utility(fw, NULL, x, i, 0.3, NULL))) __builtin_trap();
    pl_free(x);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pl_framework *fw;
    pl_error err;
    pl_status st = pl_framework_parse(PL_FUZZ_ROOT "/data/frameworks/fuzz.yaml", (const char *)data, size, &fw, &err);
    if (st == PL_OK) {
        use_framework(fw);
        pl_framework_free(fw);
    } else if (st == PL_EINPUT && err.msg[0] == '\0') __builtin_trap(); /* an input error says what */
    return 0;
}
