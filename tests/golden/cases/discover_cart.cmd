discover --where 'forecast:Position > 7.3' --runs 400 --quiet --draw 'position:*=±10%' --method cart --depth 2 --threshold 0.5 --format table @DATA@/bargaining/emission-standards.csv
