replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/control_characters.csv --quiet
