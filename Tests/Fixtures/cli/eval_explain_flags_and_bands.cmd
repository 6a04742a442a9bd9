eval Tests/Fixtures/cli/inputs/flags_and_bands.policy --input Tests/Fixtures/cli/inputs/flags_and_bands.json --now 2026-11-23T10:00:00Z --explain
