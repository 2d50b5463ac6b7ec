backtest --runs 2 --quiet --format csv @CASES@/backtest_duplicate.d
