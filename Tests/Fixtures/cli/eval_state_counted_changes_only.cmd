eval Tests/Fixtures/cli/inputs/counted_flags.policy --input Tests/Fixtures/cli/inputs/counted_input.json --state Tests/Fixtures/cli/inputs/counted_changes_only.yaml --now 2026-11-23T10:00:00Z
