settle --runs 3 --format sqlite --out @WORK@/settle.db @DATA@/../scenarios/ukraine-2025-19pt.yaml
