score --model exchange --format table @DATA@/deu/deu3-dev.csv
