replay Policies/garden_pricing.policy --history Policies/history/garden_pricing.csv --jobs 0
