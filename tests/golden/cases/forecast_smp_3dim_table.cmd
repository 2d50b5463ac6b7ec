forecast --model smp --format table @DATA@/ktab/dummyData_3Dim.csv
