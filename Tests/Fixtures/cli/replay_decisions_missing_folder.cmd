replay Policies/garden_pricing.policy --history Policies/history/garden_pricing.csv --decisions Tests/Fixtures/no_such_folder/d.jsonl --quiet
