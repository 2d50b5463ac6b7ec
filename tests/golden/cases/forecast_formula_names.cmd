forecast --model compromise --format csv @CASES@/forecast_hostile_names.d/names.csv
