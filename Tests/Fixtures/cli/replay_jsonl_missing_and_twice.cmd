replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/jsonl_history.jsonl --quiet
