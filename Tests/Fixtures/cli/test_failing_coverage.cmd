test Tests/Fixtures/cli/inputs/tests_failing --coverage
