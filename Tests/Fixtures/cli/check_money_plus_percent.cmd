check Tests/Fixtures/cli/inputs/money_plus_percent.policy
