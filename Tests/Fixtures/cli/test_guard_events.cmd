test Tests/Fixtures/cli/inputs/tests_guard_events
