simulate --format table @CASES@/war_bad.yaml
