report --out - @CASES@/report_no_outcomes.d/store.sqlite
