forecast --model smp --voting-rule Approval @DATA@/ktab/dummyData_3Dim.csv
