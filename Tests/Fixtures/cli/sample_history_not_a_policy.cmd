sample-history Policies/garden_pricing_test.yaml --days 1 --output /tmp/arbiter-sample-yaml.csv
