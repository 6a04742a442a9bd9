fmt --stdout Tests/Fixtures/fmt/blocks/one_line.policy Tests/Fixtures/cli/inputs/percent_control.policy
