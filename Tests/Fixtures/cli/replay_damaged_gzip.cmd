replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/damaged_history.csv.gz --quiet
