calibrate --observations @DATA@/war/series.csv --origins 2025-06..2025-01 @DATA@/../scenarios/russia-ukraine-2024.yaml
