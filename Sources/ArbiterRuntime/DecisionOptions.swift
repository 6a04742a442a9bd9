/// How one decision is made.
public struct DecisionOptions: Sendable, Hashable {
    /// Record nothing in the state store (`?dry_run=true`, `arbiter eval` without `--record`).
    public var dryRun: Bool
    /// Add a readable trace to the decision.
    public var explain: Bool
    /// Record a `pending_approval` decision's values as if approved at once (replay's
    /// `--approve-all`); the outcome stays `pending_approval`.
    public var approvePending: Bool
    /// Keep state that no decision of the policy reads back: applied changes of a policy
    /// without state functions, `count` or controls without an input, the stored current
    /// value of a control that has an input and no `count`, and approval requests (only
    /// the approval API reads those). A replay, whose store is its own and
    /// discarded, turns this off; its decisions are the same either way (ids included).
    public var keepsUnreadState: Bool

    /// Creates options.
    public init(dryRun: Bool = false, explain: Bool = false, approvePending: Bool = false, keepsUnreadState: Bool = true) {
        self.dryRun = dryRun
        self.explain = explain
        self.approvePending = approvePending
        self.keepsUnreadState = keepsUnreadState
    }
}
