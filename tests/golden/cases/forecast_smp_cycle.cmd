forecast --model smp --format table @CASES@/smp_cycle_10x5.csv
