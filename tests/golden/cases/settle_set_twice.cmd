settle --runs 2 --format csv --set settle.guarantee.strength=1,settle.guarantee.strength=3 @DATA@/../scenarios/ukraine-2025-19pt.yaml
