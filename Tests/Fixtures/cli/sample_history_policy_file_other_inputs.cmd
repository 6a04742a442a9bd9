sample-history Tests/Fixtures/cli/inputs/garden_pricing_renamed_input.policy --days 1 --output /tmp/arbiter-sample-renamed.csv
