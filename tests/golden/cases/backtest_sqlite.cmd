backtest --runs 2 --format sqlite --out @WORK@/backtest.db @CASES@/backtest_quoted_name.d
