calibrate --no-fit --format table @DATA@/../scenarios/russia-ukraine-2024.yaml
