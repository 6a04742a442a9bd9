test Tests/Fixtures/cli/inputs/tests_two_policies --coverage
