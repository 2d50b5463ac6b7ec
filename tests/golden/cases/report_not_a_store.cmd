report @DATA@/bargaining/emission-standards.csv
