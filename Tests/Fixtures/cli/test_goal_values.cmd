test Tests/Fixtures/cli/inputs/tests_goal_values
