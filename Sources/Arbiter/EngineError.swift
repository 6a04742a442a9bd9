import ArbiterSyntax

/// Why the engine could not load policies or decide.
public enum EngineError: Error, Sendable, CustomStringConvertible {
    /// A policy file could not be read.
    case unreadable(path: String)
    /// The policies have errors; `report` is the rendered diagnostics.
    case invalidPolicies(diagnostics: [Diagnostic], report: String)
    /// No loaded policy has this name.
    case unknownPolicy(String, known: [String])
    /// The input could not be read as JSON.
    case invalidJSON(String)
    /// The state store refused or failed (approving an expired request, say).
    case store(StateStoreError)

    /// A one-line summary (the full diagnostics are in `invalidPolicies`'s report).
    public var description: String {
        switch self {
        case .unreadable(let path): "cannot read \(path)"
        case .invalidPolicies(let diagnostics, let report) where diagnostics.isEmpty:
            "a policy could not be compiled:\n\(report)"
        case .invalidPolicies(let diagnostics, let report):
            "the policies have \(diagnostics.filter { $0.severity == .error }.count) error(s):\n\(report)"
        case .unknownPolicy(let name, let known): "no policy named `\(name)`; loaded: \(known.joined(separator: ", "))"
        case .invalidJSON(let message): "invalid JSON input: \(message)"
        case .store(let error): error.description
        }
    }
}
