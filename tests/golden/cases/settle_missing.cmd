settle @DATA@/../scenarios/no-such-scenario.yaml
