/*
** fuzz_reader.c — libFuzzer harness for one stakeholder reader, chosen at build time by
** PL_FUZZ_FORMAT. Any input must give PL_OK with a valid table or a located error; never a
** crash, leak or sanitizer report.
*/
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "parley/readers.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pl_read_options ro = {PL_FORMAT_AUTO, PL_SALIENCE_AUTO};
    pl_input_format_parse(PL_FUZZ_FORMAT, &ro.format);
    pl_text t;
    pl_error err;
    if (pl_text_from_memory(&t, "fuzz", (const char *)data, size, &err) != PL_OK) return 0;
    pl_stakeholders *s = NULL;
    if (pl_parse_stakeholders(&t, &ro, &s, &err) == PL_OK) {
        if (pl_stakeholders_validate(s, &err) != PL_OK) __builtin_trap(); /* a reader let bad data through */
        pl_stakeholders_free(s);
    } else if (err.msg[0] == '\0') {
        __builtin_trap(); /* every failure must say why */
    }
    pl_text_free(&t);
    return 0;
}
