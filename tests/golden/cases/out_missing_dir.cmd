settle --runs 200000 --format csv --out no-such-dir/settle.csv @DATA@/../scenarios/ukraine-2025-19pt.yaml
