test Tests/Fixtures/cli/inputs/tests_mutate_guard_named --mutate
