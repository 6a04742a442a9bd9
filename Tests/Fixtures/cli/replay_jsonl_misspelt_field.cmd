replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/jsonl_misspelt_field.jsonl --quiet
