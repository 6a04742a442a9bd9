eval Policies/storefront_autoscale.policy --input Tests/Fixtures/cli/inputs/storefront_input.json --now 2026-11-23T10:00:00Z
