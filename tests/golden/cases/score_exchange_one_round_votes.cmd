score --model exchange --rounds 1 --capability votes --format table @DATA@/deu/deu3-dev.csv
