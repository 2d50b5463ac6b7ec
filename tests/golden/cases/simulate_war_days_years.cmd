simulate --format table --days 0 --years 1 @DATA@/../scenarios/russia-ukraine-2024.yaml
