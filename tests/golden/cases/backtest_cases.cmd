backtest --runs 5 --quiet --point ukraine-2025-19pt=0.011 --format table @DATA@/../scenarios/cases
