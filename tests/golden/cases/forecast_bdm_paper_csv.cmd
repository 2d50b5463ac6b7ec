forecast --model bdm-scholz-paper --format csv @DATA@/bargaining/emission-standards.csv
