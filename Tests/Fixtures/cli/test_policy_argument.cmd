test Tests/Fixtures/cli/inputs/tests_values/tiny_discount.policy
