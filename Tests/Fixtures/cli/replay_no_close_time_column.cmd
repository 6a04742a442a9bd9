replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/no_close_time_column.csv --quiet
