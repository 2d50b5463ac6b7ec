calibrate --law square --format csv @CASES@/calibrate_inputs.d/quoted_side.csv
