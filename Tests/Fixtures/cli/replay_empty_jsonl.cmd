replay Policies/garden_pricing.policy --history Tests/Fixtures/cli/inputs/empty.jsonl --quiet
