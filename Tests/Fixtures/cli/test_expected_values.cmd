test Tests/Fixtures/cli/inputs/tests_expect
