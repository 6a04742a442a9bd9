test Tests/Fixtures/cli/inputs/percent_control.policy
