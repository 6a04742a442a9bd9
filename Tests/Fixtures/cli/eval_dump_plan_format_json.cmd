eval Policies/garden_pricing.policy --dump-plan --format json
