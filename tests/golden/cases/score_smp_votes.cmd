score --model smp --min-actors 2 --capability votes --format json @DATA@/deu/deu3-dev.csv
