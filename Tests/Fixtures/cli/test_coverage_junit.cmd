test Tests/Fixtures/cli/inputs/tests_bad/good_test.yaml --coverage --min-coverage 40 --format junit
