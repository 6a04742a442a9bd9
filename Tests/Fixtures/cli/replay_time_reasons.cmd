replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/times_near_miss.csv --quiet
