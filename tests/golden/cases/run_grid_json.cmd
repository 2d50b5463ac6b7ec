run --runs 40 --grid position:UK=6:10:3 --vary salience:*=±10% --seed 7 --quiet --format json @DATA@/bargaining/emission-standards.csv
