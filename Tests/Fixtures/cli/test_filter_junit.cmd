test Tests/Fixtures/cli/inputs/tests_mutate --filter overstock --format junit
