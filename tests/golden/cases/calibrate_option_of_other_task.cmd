calibrate --law square --format csv @DATA@/../scenarios/russia-ukraine-2024.yaml
