sweep --runs 3 --vary settle.guarantee.strength=0:5:2 --vary settle.guarantee.strength=1:2:2 --format csv @DATA@/../scenarios/ukraine-2025-19pt.yaml
