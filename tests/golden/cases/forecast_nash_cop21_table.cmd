forecast --model nash --format table @DATA@/decide/cop21.csv
