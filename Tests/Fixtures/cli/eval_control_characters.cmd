eval Policies/garden_pricing.policy --input Tests/Fixtures/cli/inputs/garden_control_characters.json --now 2026-11-23T10:00:00Z
