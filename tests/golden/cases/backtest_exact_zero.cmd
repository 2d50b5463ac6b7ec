backtest --runs 2 --quiet --format table @CASES@/backtest_quoted_name.d
