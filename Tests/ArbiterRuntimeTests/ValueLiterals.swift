import ArbiterRuntime

/// Shorthand for test tables: parses an exact value that the test knows is valid.
func exact(_ text: String) -> Exact {
    guard let value = Exact(text) else {
        preconditionFailure("test table holds an invalid exact value")
    }
    return value
}

/// Shorthand for test tables: parses an instant that the test knows is valid.
func instant(_ text: String) -> Instant {
    guard let value = Instant(text) else {
        preconditionFailure("test table holds an invalid instant")
    }
    return value
}
