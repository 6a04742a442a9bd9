sample-history pricing --output /dev/null
