score --model bdm-scholz-code --format json @DATA@/deu/deu3-dev.csv --capability gdp
