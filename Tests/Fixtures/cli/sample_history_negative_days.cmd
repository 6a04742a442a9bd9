sample-history garden_pricing --days -1 --output /tmp/arbiter-sample-negative.csv
