calibrate --observations @CASES@/calibrate_inputs.d/record_ok/series.csv --out @CASES@/calibrate_inputs.d/record_ok/g.csv @DATA@/../scenarios/russia-ukraine-2024.yaml
