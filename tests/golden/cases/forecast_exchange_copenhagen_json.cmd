forecast --model exchange --rounds 2 --format json @DATA@/decide/copenhagen.csv
