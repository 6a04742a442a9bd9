check Tests/Fixtures/cli/inputs/unchecked_optional.policy
