forecast --model compromise --format json @DATA@/bargaining/emission-standards.csv
