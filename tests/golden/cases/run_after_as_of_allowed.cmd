run --runs 2 --quiet --format csv --allow-after-as-of --out @WORK@/run_after_as_of_allowed.csv @CASES@/run_after_as_of.d/late.yaml
