score --cv lopo --capability votes @DATA@/deu/deu3-dev.csv
