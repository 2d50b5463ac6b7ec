run --runs 2 --quiet --model smp --format csv @DATA@/../scenarios/ukraine-2025-19pt.yaml
