calibrate --observations @DATA@/war/series.csv --hold sides.russia.front.pressure --iterations 20 --burn-in 10 @DATA@/../scenarios/russia-ukraine-2024.yaml
