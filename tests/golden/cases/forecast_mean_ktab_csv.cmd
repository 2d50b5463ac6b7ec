forecast --format csv --model mean @DATA@/ktab/dummyData_3Dim.csv
