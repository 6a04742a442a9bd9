check Tests/Fixtures/cli/inputs/typo.policy
