replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/feedback_bad_cell.csv --feedback --quiet
