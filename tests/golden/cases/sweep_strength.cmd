sweep --runs 6 --vary settle.guarantee.strength=0:5:3 --format csv @DATA@/../scenarios/ukraine-2025-19pt.yaml
