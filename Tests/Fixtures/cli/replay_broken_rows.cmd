replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/broken_history.csv --quiet
