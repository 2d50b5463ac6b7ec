forecast --format table --model median @DATA@/bargaining/emission-standards.csv
