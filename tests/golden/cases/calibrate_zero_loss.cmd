calibrate --format csv @CASES@/calibrate_inputs.d/zero_loss.csv
