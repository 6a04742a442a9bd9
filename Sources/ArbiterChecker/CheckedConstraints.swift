import ArbiterSyntax

/// A guard: a constraint on the proposed decision.
public struct CheckedGuard: Sendable, Hashable {
    /// The guard's name.
    public var name: String
    /// The constraint, a bool.
    public var condition: Expr
    /// What happens when it fails.
    public var enforcement: CheckedEnforcement
    /// The shape of the constraint; `clamp` needs one of the bound forms.
    public var form: GuardForm
    /// The declaration.
    public var syntax: GuardDecl

    /// Guards read controls' proposed values.
    public var context: EvaluationContext { .proposed }
}

/// The shape of a guard's condition, so that `clamp` knows the nearest allowed value.
///
/// `control` is a control slot. A mirrored comparison (`10 EUR <= price`) is classified
/// as the bound it means (`.lowerBound`). The bound expressions are evaluated in the
/// `.proposed` context, like the whole condition.
public enum GuardForm: Sendable, Hashable {
    /// `control >= bound` (inclusive) or `control > bound`.
    case lowerBound(control: Int, bound: Expr, inclusive: Bool)
    /// `control <= bound` (inclusive) or `control < bound`.
    case upperBound(control: Int, bound: Expr, inclusive: Bool)
    /// `control between low and high`, both inclusive.
    case between(control: Int, low: Expr, high: Expr)
    /// `change(control) within tolerance per window`: the cumulative relative change over
    /// the sliding window stays within ± tolerance (a percent).
    case within(control: Int, tolerance: Expr, window: Window)
    /// `increase(control) <= limit per window` (or `decrease`, or `<`): the cumulative
    /// movement in one direction over the window stays within the limit.
    case rateLimit(control: Int, direction: RateDirection, limit: Expr, window: Window, inclusive: Bool)
    /// Any other condition; only `block`, `escalate` and `warn` apply.
    case general

    /// Whether `clamp` can enforce the form.
    public var isBound: Bool { self != .general }

    /// The control the form bounds, nil for `.general`.
    public var control: Int? {
        switch self {
        case .lowerBound(let control, _, _), .upperBound(let control, _, _), .between(let control, _, _),
             .within(let control, _, _), .rateLimit(let control, _, _, _, _):
            control
        case .general:
            nil
        }
    }
}

/// The direction a rate limit restricts.
public enum RateDirection: String, Sendable, Hashable {
    /// `increase(x)`: upward movement.
    case increase
    /// `decrease(x)`: downward movement.
    case decrease
}

/// What a failing guard or an overspending budget does.
public enum EnforcementAction: String, Sendable, Hashable, CaseIterable {
    /// Move the value to the nearest allowed one (guards with a bound form only).
    case clamp
    /// Reject the change; the control holds.
    case block
    /// The change waits for approval.
    case escalate
    /// Record and allow.
    case warn
}

/// An enforcement with its options.
public struct CheckedEnforcement: Sendable, Hashable {
    /// The action.
    public var action: EnforcementAction
    /// The approver role of `escalate by "role"`, nil to use the policy's `approve` role.
    public var role: String?
    /// The expiry of `escalate … expires D`, as written.
    public var expires: LiteralToken?
    /// Where it is written; for a budget without `else`, the budget's name.
    public var span: Span
}

/// A budget: an amount per window, pooled over all keys of the policy.
public struct CheckedBudget: Sendable, Hashable {
    /// What one decision consumes.
    public enum Measure: Sendable, Hashable {
        /// `spends E`: the value of `E` (of the limit's type) for each applied decision,
        /// evaluated in the `.proposed` context.
        case spends(Expr)
        /// `tracks F`: the sum over keys of the latest value of input field `F` (a slot).
        case tracks(Int)
    }

    /// The budget's name.
    public var name: String
    /// Its index in `CheckedPolicy.budgets`.
    public var slot: Int
    /// The limit literal.
    public var limit: Expr
    /// `money` or `number` (an `int` limit counts as `number`).
    public var type: ValueType
    /// The window, as written (`7d`).
    public var window: LiteralToken
    /// What a decision consumes; nil only in a policy with errors.
    public var measure: Measure?
    /// What an overspending decision gets; `block` when the budget has no `else`.
    public var enforcement: CheckedEnforcement
    /// The declaration.
    public var syntax: BudgetDecl

    /// Budgets read controls' proposed values.
    public var context: EvaluationContext { .proposed }
}

/// An approve block: decisions meeting the condition wait for a role.
public struct CheckedApproval: Sendable, Hashable {
    /// When approval is needed, a bool.
    public var condition: Expr
    /// The role that approves.
    public var role: String
    /// How long the request waits before it is rejected, as written; nil for no expiry.
    public var expires: LiteralToken?
    /// The declaration.
    public var syntax: ApproveDecl

    /// Approvals read controls' proposed values.
    public var context: EvaluationContext { .proposed }
}
