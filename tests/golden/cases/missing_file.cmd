forecast --format json @DATA@/nonexistent.csv
