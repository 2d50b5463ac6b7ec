calibrate --format csv @CASES@/calibrate_bad_rows.d/zero_loss.csv
