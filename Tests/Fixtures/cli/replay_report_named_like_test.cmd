replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/small_history.csv --report /tmp/garden_pricing_test.yaml
