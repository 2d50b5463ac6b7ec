backtest --runs 2 --quiet --format csv @CASES@/backtest_quoted_name.d
