forecast --model bdm-scholz-code --rounds 1 --events all --format table @DATA@/bargaining/emission-standards.csv
