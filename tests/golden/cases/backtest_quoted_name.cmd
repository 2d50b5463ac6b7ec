backtest --runs 2 --format csv @CASES@/backtest_quoted_name.d
