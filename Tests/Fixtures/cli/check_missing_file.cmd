check Tests/Fixtures/cli/does_not_exist.policy
