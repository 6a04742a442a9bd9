test Tests/Fixtures/cli/inputs/no_such_folder
