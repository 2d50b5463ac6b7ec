settle --runs 2 --format csv --drop nato-troops --propose nato-troops=50 @DATA@/../scenarios/ukraine-2025-19pt.yaml
