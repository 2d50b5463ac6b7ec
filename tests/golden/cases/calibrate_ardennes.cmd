calibrate --format table @DATA@/lanchester/ardennes_daily_days2-33_from_yiyuezhuo.csv
