/*
** progress.h — progress of a long command on standard error: a redrawn bar with rate and ETA on
** a terminal, a plain line every few seconds otherwise, nothing with --quiet.
** Layer: interfaces.
*/
#ifndef PARLEY_CLI_PROGRESS_H
#define PARLEY_CLI_PROGRESS_H

#include <stdio.h>

typedef struct cli_progress {
    FILE *out;
    int enabled;
    int tty;           /* 1: redraw one line with \r */
    double interval;   /* seconds between plain lines */
    const char *label; /* the command's name, e.g. "run" */
    double start, last;
    long first_done;   /* runs already done when the command started (resumed) */
    long last_done;
    int drawn;         /* a bar is on screen (needs a newline before other output) */
} cli_progress;

/* Starts reporting to stderr (bar when it is a terminal), unless quiet. interval is the period
** of plain lines in seconds. */
void cli_progress_init(cli_progress *p, const char *label, int quiet, double interval);

/* The pl_progress_fn: ctx is the cli_progress. Rate-limited; cheap to call often. */
void cli_progress_update(void *ctx, long done, long total);

/* Prints the final state and ends the line. */
void cli_progress_finish(cli_progress *p, long done, long total);

/* Seconds on a monotonic clock. */
double cli_clock(void);

#endif
