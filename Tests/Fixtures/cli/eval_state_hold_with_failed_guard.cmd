eval Policies/garden_pricing.policy --input Tests/Fixtures/cli/inputs/garden_input_no_competitor.json --state Tests/Fixtures/cli/inputs/garden_state.yaml --now 2026-11-23T10:00:00Z
