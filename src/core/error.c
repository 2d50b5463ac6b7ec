/*
** error.c — filling and formatting pl_error records.
** Layer: core.
*/
#include "parley/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

void pl_error_clear(pl_error *err)
{
    if (!err) return;
    memset(err, 0, sizeof *err);
}

static void error_vset(pl_error *err, pl_status code, const char *file, int line, int col,
                       const char *fmt, va_list ap) __attribute__((format(printf, 6, 0)));

static void error_vset(pl_error *err, pl_status code, const char *file, int line, int col,
                       const char *fmt, va_list ap)
{
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

pl_status pl_error_set(pl_error *err, pl_status code, const char *fmt, ...)
{
    if (!err) return code;
    va_list ap;
    va_start(ap, fmt);
    error_vset(err, code, NULL, 0, 0, fmt, ap);
    va_end(ap);
    return code;
}

pl_status pl_error_at(pl_error *err, pl_status code, const char *file, int line, int col,
                      const char *fmt, ...)
{
    if (!err) return code;
    va_list ap;
    va_start(ap, fmt);
    error_vset(err, code, file, line, col, fmt, ap);
    va_end(ap);
    return code;
}

void pl_error_format(const pl_error *err, char *buf, size_t size)
{
    if (!err->file[0])
        snprintf(buf, size, "parley: error: %s", err->msg);
    else if (err->line <= 0)
        snprintf(buf, size, "%s: error: %s", err->file, err->msg);
    else
        snprintf(buf, size, "%s:%d:%d: error: %s", err->file, err->line, err->col > 0 ? err->col : 1,
                 err->msg);
}

const char *pl_strerror(pl_status code)
{
    switch (code) {
    case PL_OK: return "success";
    case PL_EINVAL: return "invalid argument";
    case PL_EINPUT: return "invalid input";
    case PL_EIO: return "input/output error";
    case PL_ENOMEM: return "out of memory";
    case PL_EDOM: return "value outside the model's domain";
    case PL_EMAXITER: return "iteration limit reached";
    case PL_EMODEL: return "model failure";
    case PL_ESTORE: return "results store error";
    }
    return "unknown status";
}

int pl_status_exit_code(pl_status code)
{
    switch (code) {
    case PL_OK: return 0;
    case PL_EINVAL:
    case PL_EINPUT:
    case PL_EIO:
    case PL_ESTORE: return 2;
    default: return 1;
    }
}
