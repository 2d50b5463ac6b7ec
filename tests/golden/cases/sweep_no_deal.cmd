sweep --runs 4 --framework @DATA@/frameworks/us-28-point.yaml --terms proposal --vary settle.guarantee.strength=0:5:2 --format table @DATA@/../scenarios/ukraine-2025-19pt.yaml
