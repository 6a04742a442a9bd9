eval Policies/ --input Tests/Fixtures/cli/inputs/garden_input.json
