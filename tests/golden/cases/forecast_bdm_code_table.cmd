forecast --model bdm-scholz-code --format table @DATA@/bargaining/emission-standards.csv
