check Tests/Fixtures/cli/inputs/syntax_error.policy
