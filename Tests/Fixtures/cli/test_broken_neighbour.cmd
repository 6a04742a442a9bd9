test Tests/Fixtures/cli/inputs/tests_broken_neighbour
