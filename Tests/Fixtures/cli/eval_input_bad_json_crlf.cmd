eval Policies/garden_pricing.policy --input Tests/Fixtures/cli/inputs/bad_json_crlf.json --now 2026-11-23T10:00:00Z
