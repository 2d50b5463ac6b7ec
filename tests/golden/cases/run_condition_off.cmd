run --runs 4 --quiet --no-condition --format table @DATA@/../scenarios/russia-ukraine-2024.yaml
