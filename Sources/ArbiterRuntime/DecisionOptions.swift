/// How one decision is made.
public struct DecisionOptions: Sendable, Hashable {
    /// Record nothing in the state store (`?dry_run=true`, `arbiter eval` without `--record`).
    public var dryRun: Bool
    /// Add a readable trace to the decision.
    public var explain: Bool
    /// Record a `pending_approval` decision's values as if approved at once (replay's
    /// `--approve-all`); the outcome stays `pending_approval`.
    public var approvePending: Bool

    /// Creates options.
    public init(dryRun: Bool = false, explain: Bool = false, approvePending: Bool = false) {
        self.dryRun = dryRun
        self.explain = explain
        self.approvePending = approvePending
    }
}
