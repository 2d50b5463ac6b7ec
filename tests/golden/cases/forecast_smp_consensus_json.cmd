forecast --model smp --format json @CASES@/smp_hand_3actors.csv
