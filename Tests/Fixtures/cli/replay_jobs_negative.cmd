replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/small_history.csv --quiet --jobs -1
