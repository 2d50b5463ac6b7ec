run --method sobol --runs 128 --vary 'position:*=±20%' --vary 'salience:UK=beta(2,2,0.5,1)' --quiet --format table @DATA@/bargaining/emission-standards.csv
