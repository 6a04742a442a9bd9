test Tests/Fixtures/cli/inputs/tests_mutate --mutate
