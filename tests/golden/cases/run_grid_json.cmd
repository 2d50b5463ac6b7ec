run --runs 40 --vary position:UK=6:10:3 --draw salience:*=±10% --seed 7 --quiet --format json @DATA@/bargaining/emission-standards.csv
