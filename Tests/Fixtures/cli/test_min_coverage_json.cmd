test Tests/Fixtures/cli/inputs/tests_bad/good_test.yaml --min-coverage 90 --format json
