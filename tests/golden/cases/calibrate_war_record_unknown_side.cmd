calibrate --observations @CASES@/calibrate_inputs.d/record_side/series.csv @DATA@/../scenarios/russia-ukraine-2024.yaml
