fmt --stdout Tests/Fixtures/cli/inputs/messy.policy
