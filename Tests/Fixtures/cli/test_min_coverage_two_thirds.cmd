test Tests/Fixtures/cli/inputs/tests_two_thirds --min-coverage 66.67
