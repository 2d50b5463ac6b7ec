backtest --runs 2 --quiet --format csv @CASES@/backtest_resumed_before.d
