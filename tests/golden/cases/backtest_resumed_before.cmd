backtest --runs 2 --format csv @CASES@/backtest_resumed_before.d
