score --cv kfold:1 @DATA@/deu/deu3-dev.csv
