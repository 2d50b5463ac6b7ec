score --cv kfold:5 --format table @DATA@/deu/deu3-dev.csv
