replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/unsorted_bad_rows.csv --strict --quiet
