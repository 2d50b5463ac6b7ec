score --model smp --min-actors 3 --format json @DATA@/deu/deu3-dev.csv
