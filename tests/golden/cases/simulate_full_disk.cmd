simulate --format csv --out /dev/full @DATA@/../scenarios/russia-ukraine-2024.yaml
