run --runs 2 --quiet --model median --format csv --vary position:Macri=0:100:2 --draw position:Macri=uniform(0,10) @DATA@/bargaining/argentina.tsv
