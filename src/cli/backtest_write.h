/*
** backtest_write.h — the writer of `parley backtest`'s results (table, csv, json).
** Layer: interfaces.
*/
#ifndef PARLEY_CLI_BACKTEST_WRITE_H
#define PARLEY_CLI_BACKTEST_WRITE_H

#include <stdio.h>

#include "cli/cli.h"
#include "parley/backtest.h"

/* --point LABEL=P: an out-of-corpus forecast placed on the reliability diagram; p NaN: none. */
typedef struct cli_bt_point {
    char label[64];
    double p;
} cli_bt_point;

pl_status cli_backtest_write(const pl_backtest *bt, const cli_bt_point *pt, cli_out_format fmt, FILE *fp, pl_error *err);

#endif
