run --vary position:Nobody=0:1:3 --quiet @DATA@/bargaining/emission-standards.csv
