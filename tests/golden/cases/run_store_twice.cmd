run --runs 2 --quiet --model median --draw position:Macri=uniform(0,10) --format sqlite --out run_store_twice.db --store run_store_twice_b.db @DATA@/bargaining/argentina.tsv
