replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/stock_with_fraction.csv --compare Tests/Fixtures/cli/inputs/garden_pricing_v2.policy --quiet --strict
