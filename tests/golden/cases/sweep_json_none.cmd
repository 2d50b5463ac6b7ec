sweep --runs 6 --vary settle.guarantee.strength=2.5:5:2 --format json @DATA@/../scenarios/ukraine-2025-19pt.yaml
