import ArbiterSyntax
import Foundation

/// An input field: what the caller supplies for each decision.
public struct CheckedInput: Sendable, Hashable {
    /// The field's name.
    public var name: String
    /// Its index in `CheckedPolicy.inputs`.
    public var slot: Int
    /// The type of a present value (without `?`); `error` when the type is unknown.
    public var type: ValueType
    /// Whether the field may be missing (`money?`).
    public var isOptional: Bool
    /// The declaration.
    public var syntax: InputField
}

/// A control: a knob the policy moves.
public struct CheckedControl: Sendable, Hashable {
    /// Where a control's current value comes from.
    public enum Source: Sendable, Hashable {
        /// The input field with the same name, by slot.
        case input(Int)
        /// The declared default, a constant of the control's type.
        case defaultValue(Expr)
    }

    /// The control's name.
    public var name: String
    /// Its index in `CheckedPolicy.controls`.
    public var slot: Int
    /// Its type, never optional.
    public var type: ValueType
    /// Where its current value comes from.
    public var source: Source
    /// How several firing rules combine, nil when the first matching rule wins.
    public var resolve: ResolveStrategy?
    /// The declaration.
    public var syntax: ControlDecl
}

/// `resolve X by max|min`.
public enum ResolveStrategy: String, Sendable, Hashable {
    /// The largest proposal wins.
    case max
    /// The smallest proposal wins.
    case min
}

/// A let: a named derived value, evaluated at most once per decision.
public struct CheckedLet: Sendable, Hashable {
    /// The let's name.
    public var name: String
    /// Its index in `CheckedPolicy.lets` (dependency order).
    public var slot: Int
    /// Its inferred type.
    public var type: ValueType
    /// Its definition, evaluated in the `.current` context.
    public var value: Expr
    /// The declaration.
    public var syntax: LetDecl

    /// Lets read controls' current values.
    public var context: EvaluationContext { .current }
}

/// A goal: an objective reported on every decision, never enforced.
public struct CheckedGoal: Sendable, Hashable {
    /// The explicit name, or the name on the left of the comparison.
    public var name: String
    /// Where the name is written (the left-hand name for a derived one).
    public var nameSpan: Span
    /// The objective, a bool, evaluated in the `.current` context.
    public var condition: Expr

    /// Goals read controls' current values.
    public var context: EvaluationContext { .current }
}

/// A rule: when its condition holds, it proposes values for controls.
public struct CheckedRule: Sendable, Hashable {
    /// One `set CONTROL = EXPR`.
    public struct Assignment: Sendable, Hashable {
        /// The control's slot.
        public var control: Int
        /// The value, of the control's type (an `int` value for a `number` control).
        public var value: Expr
        /// The whole `set` clause.
        public var span: Span
    }

    /// The rule's name.
    public var name: String
    /// The optional human description.
    public var description: String?
    /// The `when` condition, nil when the rule always fires.
    public var condition: Expr?
    /// The assignments in written order, each control at most once.
    public var assignments: [Assignment]
    /// The `active` range, nil when the rule is always active.
    public var active: ActiveRange?
    /// The declaration.
    public var syntax: RuleDecl

    /// Rules read controls' current values.
    public var context: EvaluationContext { .current }
}

/// `active FROM .. TO`: the half-open range of instants `[start, end)` in which a rule
/// may fire. A date bound is the start of that day in the policy's time zone, so
/// `2027-03-20 .. 2027-04-30` ends when April 30th starts (docs/semantics.md §5).
public struct ActiveRange: Sendable, Hashable {
    /// The first instant of the range.
    public var start: Date
    /// The first instant after the range.
    public var end: Date
    /// The bounds as written.
    public var from: LiteralToken
    /// The bounds as written.
    public var to: LiteralToken
}
