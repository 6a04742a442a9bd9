eval Policies/garden_pricing.policy --input Tests/Fixtures/cli/inputs/garden_input.json --now 2026-02-30
