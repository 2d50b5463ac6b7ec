calibrate --observations @CASES@/calibrate_inputs.d/record_ok/series.csv --posterior-out @CASES@/calibrate_inputs.d/record_ok/series.csv @DATA@/../scenarios/russia-ukraine-2024.yaml
