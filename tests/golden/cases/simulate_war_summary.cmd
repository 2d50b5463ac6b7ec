simulate --format table @DATA@/../scenarios/russia-ukraine-2024.yaml
