forecast --format json --model compromise @DATA@/ktab/dummyData_3Dim.xml
