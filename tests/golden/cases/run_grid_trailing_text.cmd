run --quiet --runs 2 --vary sides.russia.front.pressure=0.5:2:3x @DATA@/../scenarios/russia-ukraine-2024.yaml
