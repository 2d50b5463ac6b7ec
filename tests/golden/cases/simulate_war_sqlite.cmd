simulate --format sqlite --out @WORK@/simulate_war.db --days 7 @DATA@/../scenarios/russia-ukraine-2024.yaml
