forecast --model nosuch @DATA@/bargaining/emission-standards.csv
