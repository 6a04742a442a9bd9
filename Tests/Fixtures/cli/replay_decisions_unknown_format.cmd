replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/small_history.csv --decisions /tmp/arbiter-decisions.json --quiet
