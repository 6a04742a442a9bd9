eval Policies/garden_pricing.policy --input /dev/zero
