replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/small_history.csv --jobs 9999999999 --quiet
