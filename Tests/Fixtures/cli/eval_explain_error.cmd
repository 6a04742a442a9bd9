eval Policies/garden_pricing.policy --input Tests/Fixtures/cli/inputs/garden_input_price_zero.json --now 2026-11-23T10:00:00Z --explain
