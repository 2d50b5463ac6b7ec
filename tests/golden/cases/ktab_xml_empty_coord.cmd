forecast --format json @DATA@/ktab/smpExample.xml
