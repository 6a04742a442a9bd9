replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/multiline_bad_cell.csv --quiet
