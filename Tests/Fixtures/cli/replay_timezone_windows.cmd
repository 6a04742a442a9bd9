replay Tests/Fixtures/cli/inputs/garden_pricing_new_york.policy --history Tests/Fixtures/cli/inputs/small_history.csv --quiet
