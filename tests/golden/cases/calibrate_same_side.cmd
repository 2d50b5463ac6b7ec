calibrate --format csv @CASES@/calibrate_bad_rows.d/same_side.csv
