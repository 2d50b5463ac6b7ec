run --runs 2 --quiet --model median --levels 6 --draw position:Macri=uniform(0,10) --format csv @DATA@/bargaining/argentina.tsv
