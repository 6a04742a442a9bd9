fmt --check --stdout Tests/Fixtures/cli/inputs/messy.policy
