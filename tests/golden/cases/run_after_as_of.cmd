run --runs 2 --quiet --format csv @CASES@/run_after_as_of.d/late.yaml
