eval Policies/search_ads.policy --input Tests/Fixtures/cli/inputs/ads_input.json --now 2026-11-23T10:00:00Z --explain
