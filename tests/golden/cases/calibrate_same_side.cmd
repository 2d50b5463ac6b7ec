calibrate --format csv @CASES@/calibrate_inputs.d/same_side.csv
