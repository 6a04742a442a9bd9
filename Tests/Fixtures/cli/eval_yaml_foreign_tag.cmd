eval Policies/garden_pricing.policy --input Tests/Fixtures/cli/inputs/garden_input_foreign_tag.yaml
