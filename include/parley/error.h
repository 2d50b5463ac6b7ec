/*
** error.h — status codes and the error record every parley call fills on failure.
** Layer: core. Public API.
**
** Library functions return a pl_status and, when it is not PL_OK, describe the failure in a
** caller-owned pl_error. Nothing in the library prints or exits; the command maps the status
** to an exit code (pl_status_exit_code).
*/
#ifndef PARLEY_ERROR_H
#define PARLEY_ERROR_H

#include <stddef.h>

typedef enum pl_status {
    PL_OK = 0,
    PL_EINVAL,   /* bad argument from the caller (a usage error) */
    PL_EINPUT,   /* malformed or out-of-range input file */
    PL_EIO,      /* the file system refused a read or write */
    PL_ENOMEM,   /* an allocation failed */
    PL_EDOM,     /* a model met a value outside its domain */
    PL_EMAXITER, /* an iteration limit was reached without convergence */
    PL_EMODEL,   /* the model failed for another stated reason */
    PL_ESTORE    /* the results store is corrupt, foreign or locked */
} pl_status;

enum { PL_ERROR_MSG_MAX = 512, PL_ERROR_FILE_MAX = 256 };

/* Where and why a call failed. line and col are 1-based; 0 means "not known". */
typedef struct pl_error {
    pl_status code;
    char file[PL_ERROR_FILE_MAX];
    int line;
    int col;
    char msg[PL_ERROR_MSG_MAX];
} pl_error;

/* Clears err (code PL_OK, empty strings). err may be NULL. */
void pl_error_clear(pl_error *err);

/* Records a failure with no source location and returns code, so callers can write
** `return pl_error_set(err, PL_EINVAL, "...", ...);`. err may be NULL. */
pl_status pl_error_set(pl_error *err, pl_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Records a failure at file:line:col of an input and returns code. */
pl_status pl_error_at(pl_error *err, pl_status code, const char *file, int line, int col,
                      const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Writes "file:line:col: error: msg" (or "parley: error: msg" without a file) into buf. */
void pl_error_format(const pl_error *err, char *buf, size_t size);

/* A short constant description of a status code. */
const char *pl_strerror(pl_status code);

/* The process exit status for a status: 0 ok, 2 usage or input, 1 model or other failure. */
int pl_status_exit_code(pl_status code);

#endif
