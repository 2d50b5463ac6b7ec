sweep --runs 200000 --vary settle.guarantee.strength=0:50:2 --format csv @DATA@/../scenarios/ukraine-2025-19pt.yaml
