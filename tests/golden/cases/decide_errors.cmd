forecast --model exchange @DATA@/decide/copenhagen_with_errors.csv
