replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/missing_column.csv --quiet
