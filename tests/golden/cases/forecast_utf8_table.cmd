forecast --format table @CASES@/forecast_utf8_table.d/names.csv
