eval Tests/Fixtures/cli/inputs/tracked_units.policy --input Tests/Fixtures/cli/inputs/tracked_units_input.json --state Tests/Fixtures/cli/inputs/tracked_units_fraction.yaml --now 2026-11-23T10:00:00Z
