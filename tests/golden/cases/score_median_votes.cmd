score --format table --model median --capability votes @DATA@/deu/deu3-dev.csv
