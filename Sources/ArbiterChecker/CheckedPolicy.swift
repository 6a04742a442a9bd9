import ArbiterSyntax
import Foundation

/// A policy after checking: the syntax tree plus every name resolved and every
/// expression typed, in the form the compiler and the interpreter consume.
///
/// Items are in written order, except `lets`, which are in dependency order (a let comes
/// after every let it reads). Each input, control, let and budget has a slot: its index
/// in its array, which `Symbol` uses, so nothing downstream looks a name up by string.
///
/// A policy with `hasErrors` is returned so that tools (an editor, `arbiter check`) can
/// still use what was resolved; it must not be compiled. Its tables may then be
/// incomplete: an item whose name clashed, an expression typed `error`.
public struct CheckedPolicy: Sendable {
    /// The syntax tree as parsed.
    public var syntax: Policy
    /// The file the policy is written in.
    public var file: FileID
    /// The policy's name.
    public var name: String
    /// The actuator family (`drives`), nil when missing or unknown.
    public var family: ActuatorFamily?
    /// The slot of the input field named by `key`, nil when missing or invalid.
    public var keyField: Int?
    /// The ISO 4217 code of the policy's money, nil when the policy has none.
    public var currency: String?
    /// The time zone from `timezone`, UTC when the policy gives none.
    public var timeZone: TimeZone
    /// The input fields in written order; `inputs[slot]`.
    public var inputs: [CheckedInput]
    /// The controls in written order; `controls[slot]`.
    public var controls: [CheckedControl]
    /// The lets in dependency order; `lets[slot]`.
    public var lets: [CheckedLet]
    /// The goals in written order.
    public var goals: [CheckedGoal]
    /// The rules in written order, which is their priority.
    public var rules: [CheckedRule]
    /// The guards in written order, which is the order they are checked in.
    public var guards: [CheckedGuard]
    /// The budgets in written order; `budgets[slot]`.
    public var budgets: [CheckedBudget]
    /// The approve blocks in written order.
    public var approvals: [CheckedApproval]
    /// The type of every expression node, by the node's span. An optional input read
    /// under `exists` or left of `??` has type `T?`; everywhere else it has type `T`.
    public var types: [Span: ValueType]
    /// What every name node refers to, by its span: names in expressions (`price`),
    /// members (`ads.pace`), `set` targets, `resolve` targets, `tracks` fields and
    /// `by` groups of `count`.
    public var references: [Span: Symbol]
    /// Whether the checker reported an error in this policy.
    public var hasErrors: Bool

    /// The type of an expression, `error` when it was not typed.
    public func type(of expression: Expr) -> ValueType {
        types[expression.span] ?? .error
    }

    /// The control slot with the given name.
    public func control(named name: String) -> Int? {
        controls.firstIndex { $0.name == name }
    }

    /// The input slot with the given name.
    public func input(named name: String) -> Int? {
        inputs.firstIndex { $0.name == name }
    }
}

/// What a name in a policy refers to.
public enum Symbol: Hashable, Sendable {
    /// An input field, by slot. A field that is also a control resolves to the control.
    case input(Int)
    /// A control, by slot: its current value in rules, lets, goals and defaults, its
    /// proposed value in guards, budgets and approvals (see `EvaluationContext`).
    case control(Int)
    /// A let, by slot.
    case `let`(Int)
    /// A member of a budget, by the budget's slot.
    case budgetMember(Int, BudgetMember)
}

/// The members of a budget that expressions can read.
public enum BudgetMember: String, Hashable, Sendable, CaseIterable {
    /// What has been consumed in the current window.
    case used
    /// `limit - used`.
    case remaining
    /// The limit.
    case limit
    /// `used ÷ (limit × elapsed fraction of the window)`, a percent.
    case pace
}

/// Which value a control's name means in an expression.
public enum EvaluationContext: Hashable, Sendable {
    /// The value before the decision: rules, lets, goals and control defaults.
    case current
    /// The value the rules propose: guards, budgets and approvals.
    case proposed
}

/// The actuator family a policy drives.
public enum ActuatorFamily: String, Hashable, Sendable, CaseIterable {
    /// Prices of products.
    case pricing
    /// Bids of ad campaigns.
    case bidding
    /// Ranking, pinning and placement of products.
    case merchandising
    /// Capacity of services.
    case scaling
}
