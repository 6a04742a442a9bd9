sample-history pricing --output /tmp/arbiter-unknown.csv
