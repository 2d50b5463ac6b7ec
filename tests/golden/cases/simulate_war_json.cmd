simulate --format json --days 1 --nominal --mean-field @DATA@/../scenarios/russia-ukraine-2024.yaml
