forecast --model bdm-scholz-code --risk-q 1.5 @DATA@/bargaining/emission-standards.csv
