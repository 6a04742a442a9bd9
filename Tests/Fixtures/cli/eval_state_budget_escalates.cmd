eval Policies/garden_pricing.policy --input Tests/Fixtures/cli/inputs/garden_input.json --state Tests/Fixtures/cli/inputs/garden_state_markdown_spent.yaml --now 2026-11-23T10:00:00Z
