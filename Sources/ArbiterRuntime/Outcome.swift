/// What a decision concluded; see docs/semantics.md §8 for the order of precedence.
public enum Outcome: String, Sendable, Hashable, Codable, CaseIterable {
    /// The proposal is applied as the rules made it.
    case applied
    /// The proposal is applied after a clamp moved it.
    case clamped
    /// The proposal waits for a named human role.
    case pendingApproval = "pending_approval"
    /// A guard or budget stopped a wanted change; no control moves.
    case blocked
    /// Nothing to actuate: the final values equal the current ones.
    case hold
    /// The input or an evaluation failed; no control moves.
    case error

    /// Whether the decision's values are to be actuated now.
    @inlinable
    public var isApplied: Bool {
        switch self {
        case .applied, .clamped: true
        case .pendingApproval, .blocked, .hold, .error: false
        }
    }
}
