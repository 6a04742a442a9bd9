check Tests/Fixtures/cli/inputs/floor_above_ceiling.policy --deny-warnings
