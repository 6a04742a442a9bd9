replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/repeated_rows.csv --quiet
