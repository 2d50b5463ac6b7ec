run --runs 2 --quiet --model median --format csv --grid position:Macri=0:100:2 --vary position:Macri=uniform(0,10) @DATA@/bargaining/argentina.tsv
