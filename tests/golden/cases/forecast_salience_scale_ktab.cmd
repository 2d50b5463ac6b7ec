forecast --salience-scale unit --format csv @DATA@/ktab/dummyData_3Dim.csv
