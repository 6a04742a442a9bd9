test Tests/Fixtures/cli/inputs/tests_mutate --output Tests/Fixtures/cli/inputs/tests_mutate/tiny_discount.policy
