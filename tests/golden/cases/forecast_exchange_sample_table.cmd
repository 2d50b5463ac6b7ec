forecast --model exchange --rounds 5 --format table @DATA@/decide/sample_data.txt
