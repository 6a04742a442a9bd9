replay Policies/garden_pricing.policy --history Policies/history/garden_pricing.csv --report Tests/Fixtures --quiet
