fmt --check Tests/Fixtures/cli/inputs/messy.policy
