test Tests/Fixtures/cli/inputs/tests_comment_mutate --mutate
