discover --where 'forecast:Position > 7.3' --runs 400 --quiet --vary 'position:*=±10%' --format csv --threshold 0.6 @DATA@/bargaining/emission-standards.csv
