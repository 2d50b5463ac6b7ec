run --method sobol --runs 128 --draw 'position:*=±20%' --draw 'salience:UK=beta(2,2,0.5,1)' --quiet --format table @DATA@/bargaining/emission-standards.csv
