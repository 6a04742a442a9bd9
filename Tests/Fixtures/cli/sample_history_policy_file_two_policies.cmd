sample-history Tests/Fixtures/cli/inputs/tests_two_policies/pair.policy --output /tmp/arbiter-sample-pair.csv
