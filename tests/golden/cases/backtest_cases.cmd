backtest --runs 20 --format table @DATA@/../scenarios/cases
