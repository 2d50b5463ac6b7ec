score --cv lopo --format csv @DATA@/deu/deu3-dev.csv
