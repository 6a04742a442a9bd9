check Policies/garden_pricing.policy --format json
