simulate --format csv --series weekly --days 21 --nominal --mean-field @DATA@/../scenarios/russia-ukraine-2024.yaml
