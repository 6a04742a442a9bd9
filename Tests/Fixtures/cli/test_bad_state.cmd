test Tests/Fixtures/cli/inputs/tests_bad_state
