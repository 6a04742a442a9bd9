eval Tests/Fixtures/cli/inputs/escalate_after_clamp.policy --input Tests/Fixtures/cli/inputs/escalate_after_clamp.json --now 2026-11-23T10:00:00Z --explain
