run --runs 1 --quiet --store @DATA@ --format csv --out @DATA@/frameworks/geneva-19-point.yaml @DATA@/../scenarios/ukraine-2025-19pt.yaml
