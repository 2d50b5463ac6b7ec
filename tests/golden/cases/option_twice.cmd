settle --runs 2 --set settle.guarantee.strength=1 --set settle.guarantee.strength=2 @DATA@/../scenarios/ukraine-2025-19pt.yaml
