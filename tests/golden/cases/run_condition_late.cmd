run --runs 2 --quiet --format csv @CASES@/run_condition.d/late.yaml
