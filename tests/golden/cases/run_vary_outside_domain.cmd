run --draw 'position:*=normal(5,1)' --quiet @DATA@/bargaining/emission-standards.csv
