settle --runs 1 --set no.such.param=1 --format csv --out @DATA@/frameworks/geneva-19-point.yaml @DATA@/../scenarios/ukraine-2025-19pt.yaml
