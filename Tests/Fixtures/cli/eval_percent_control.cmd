eval Tests/Fixtures/cli/inputs/percent_control.policy --input Tests/Fixtures/cli/inputs/percent_control.json --now 2026-11-23T10:00:00Z
