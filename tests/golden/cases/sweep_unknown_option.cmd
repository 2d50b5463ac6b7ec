sweep --bogus 1 @DATA@/../scenarios/ukraine-2025-19pt.yaml
