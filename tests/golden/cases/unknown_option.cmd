forecast --model compromise --bogus 3 @DATA@/bargaining/emission-standards.csv
