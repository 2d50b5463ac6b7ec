run --runs 4 --quiet --format table @DATA@/../scenarios/russia-ukraine-2024.yaml
