backtest --runs 1 --format csv --out @CASES@/backtest_onto_case.d/case.yaml @CASES@/backtest_onto_case.d
