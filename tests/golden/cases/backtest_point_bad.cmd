backtest --runs 2 --point ukraine @CASES@/backtest_quoted_name.d
