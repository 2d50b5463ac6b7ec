score --format json --model compromise @DATA@/bargaining/emission-standards.csv
