test Tests/Fixtures/cli/inputs/tests_broken_neighbour/tiny_discount_test.yaml
