discover --where 'forecast:Position > 7.3' --runs 400 --quiet --draw 'position:*=±10%' --format csv --threshold 0.6 @DATA@/bargaining/emission-standards.csv
