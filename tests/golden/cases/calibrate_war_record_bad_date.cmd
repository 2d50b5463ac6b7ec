calibrate --observations @CASES@/calibrate_inputs.d/record/series.csv @DATA@/../scenarios/russia-ukraine-2024.yaml
