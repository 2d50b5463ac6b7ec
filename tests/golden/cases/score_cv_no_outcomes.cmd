score --cv kfold --format json @DATA@/bargaining/emission-standards.csv
