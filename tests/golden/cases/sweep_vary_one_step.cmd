sweep --runs 3 --vary settle.guarantee.strength=0:5:1 --format csv @DATA@/../scenarios/ukraine-2025-19pt.yaml
