score --model smp --capability votes --format json @DATA@/deu/deu3-dev.csv
