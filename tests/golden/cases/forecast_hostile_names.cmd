forecast --model compromise --format table @CASES@/forecast_hostile_names.d/names.csv
