test Tests/Fixtures/cli/inputs/tests_coverage_hold --coverage
