replay Policies/garden_pricing.policy --compare Tests/Fixtures/cli/inputs/garden_pricing_v2.policy --history Tests/Fixtures/cli/inputs/small_history.csv --quiet
