calibrate --observations @CASES@/calibrate_inputs.d/record_ok/series.csv --hold a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a,a @DATA@/../scenarios/russia-ukraine-2024.yaml
