forecast --model bdm-scholz-paper --risk-q 0.5 --rounds 3 --format json @DATA@/bargaining/emission-standards.csv
