settle --runs 10 --format table @DATA@/../scenarios/ukraine-2025-19pt.yaml
