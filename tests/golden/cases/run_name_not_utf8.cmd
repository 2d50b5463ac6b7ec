run --runs 2 --quiet --format json no-such-café.tsv
