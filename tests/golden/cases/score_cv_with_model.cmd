score --cv lopo --model nash @DATA@/deu/deu3-dev.csv
