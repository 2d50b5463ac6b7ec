forecast --model smp --format table --ktab-compat @CASES@/smp_cycle_10x5.csv
