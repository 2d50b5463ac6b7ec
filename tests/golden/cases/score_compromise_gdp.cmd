score --model compromise --format json @DATA@/deu/deu3-dev.csv --capability gdp
