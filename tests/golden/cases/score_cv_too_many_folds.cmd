score --cv kfold:65 --format table @DATA@/deu/deu3-dev.csv
