eval Policies/garden_pricing.policy --input Tests/Fixtures/cli/inputs/yaml_text_named_json.json
