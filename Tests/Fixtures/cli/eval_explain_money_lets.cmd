eval Tests/Fixtures/cli/inputs/money_lets.policy --input Tests/Fixtures/cli/inputs/money_lets.json --now 2026-11-23T10:00:00Z --explain
