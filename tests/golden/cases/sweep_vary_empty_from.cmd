sweep --runs 2 --vary settle.guarantee.strength=:5:3 @DATA@/../scenarios/ukraine-2025-19pt.yaml
