sweep --runs 1 --vary settle.guarantee.strength=0:1:2 --set no.such.param=1 --format csv --out @DATA@/frameworks/us-28-point.yaml @DATA@/../scenarios/ukraine-2025-19pt.yaml
