score --model nash --capability all --salience all --format table @DATA@/deu/deu3-dev.csv
