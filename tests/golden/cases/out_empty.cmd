settle --runs 3 --format csv --out= @DATA@/../scenarios/ukraine-2025-19pt.yaml
