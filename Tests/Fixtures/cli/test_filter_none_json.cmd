test Tests/Fixtures/cli/inputs/tests_mutate --filter zzz --format json
