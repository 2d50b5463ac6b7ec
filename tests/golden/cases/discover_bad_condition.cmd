discover --where 'deal && renewed_10y' --runs 3 @DATA@/../scenarios/ukraine-2025-19pt.yaml
