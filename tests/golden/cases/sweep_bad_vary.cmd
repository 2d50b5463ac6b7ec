sweep --vary settle.guarantee.strength=0:5 @DATA@/../scenarios/ukraine-2025-19pt.yaml
