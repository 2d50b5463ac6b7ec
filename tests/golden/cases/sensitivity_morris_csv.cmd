sensitivity --method morris --runs 20 --draw 'capability:*=lognormal(-2,0.5)' --draw 'position:Germany=discrete(4:1,6:2,8:1)' --quiet --format csv @DATA@/bargaining/emission-standards.csv
