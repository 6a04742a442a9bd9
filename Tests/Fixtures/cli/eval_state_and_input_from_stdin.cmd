eval Policies/garden_pricing.policy --input - --state - --now 2026-11-23T10:00:00Z
