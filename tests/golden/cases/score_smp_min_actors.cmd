score --model smp --format json @DATA@/deu/deu3-dev.csv
