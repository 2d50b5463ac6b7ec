sweep --runs 3 --vary settle.guarantee.strength=0:5:2 --set settle.guarantee.strength=3 --format csv @DATA@/../scenarios/ukraine-2025-19pt.yaml
