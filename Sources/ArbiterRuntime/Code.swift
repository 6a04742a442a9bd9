import ArbiterChecker
import ArbiterSyntax

/// Which value a control's name reads: before the decision, or as proposed.
public enum Phase: Int, Sendable, Hashable {
    /// The value before the decision (rules, and lets read by them).
    case current = 0
    /// The value the rules and guards propose (guards, budgets, approvals, goals).
    case proposed = 1
}

/// How an arithmetic node computes, chosen at compile time from the operands' types.
public enum ArithmeticMode: Sendable, Hashable {
    /// `int op int` with overflow checks.
    case int
    /// Exact decimals (`number`, `percent`, `money`; an `int` operand is widened).
    case exact
    /// `duration ± duration`.
    case durations
    /// `duration × number`, `number × duration`, `duration ÷ number`.
    case scaledDuration
    /// `duration ÷ duration`, a number.
    case durationRatio
    /// `time ± duration`.
    case shiftedTime
    /// `time − time`, a duration.
    case timeDifference
}

/// Arithmetic operators.
public enum ArithmeticOperator: String, Sendable, Hashable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
}

/// Built-in functions after name resolution.
public enum BuiltinFunction: String, Sendable, Hashable {
    case abs, min, max, ceil, floor, round, clamp
    case endsWith = "ends_with"
}

/// A compiled expression: the index of its root in the policy's node table
/// (`CompiledPolicy.nodes`).
///
/// Expressions are stored flat, as clox stores its bytecode: a node names its operands by
/// index, so the table is one array of plain values and the interpreter walks it without
/// reference counting.
public struct Code: Hashable, Sendable {
    /// The root node's index in `CompiledPolicy.nodes`.
    public let index: Int
}

/// One node of a compiled expression: every name resolved to a slot, every literal
/// parsed (in `CompiledPolicy.constants`), every operator's mode chosen. Nodes hold no
/// references, so copying one costs no retain.
///
/// `site` is an index into `CompiledPolicy.sites`, the source place an evaluation error
/// reports (clox's line table).
public enum PlanNode: Sendable {
    /// `CompiledPolicy.constants[index]`.
    case constant(Int)
    case input(Int)
    case control(Int, Phase)
    case letValue(Int, Phase)
    case budget(Int, BudgetMember)
    case arithmetic(ArithmeticOperator, ArithmeticMode, Code, Code, site: Int)
    case negate(Code, site: Int)
    /// A comparison; `numbers` when both sides are `int`, `number`, `percent` or `money`
    /// (optional or not), which the interpreter compares as exact amounts directly.
    case compare(ComparisonOperator, Code, Code, site: Int, numbers: Bool)
    case and(Code, Code)
    case or(Code, Code)
    case not(Code)
    case exists(Code)
    case coalesce(Code, Code)
    case conditional(Code, Code, Code)
    case between(Code, Code, Code, site: Int)
    /// A built-in; its arguments are `CompiledPolicy.arguments[arguments]`.
    case call(BuiltinFunction, arguments: Range<Int>, resultIsInt: Bool, site: Int)
    /// `current(x)`.
    case current(Int)
    /// `change(x)`: signed relative change of the proposal.
    case change(Int, site: Int)
    /// `increase(x)` / `decrease(x)`: absolute, never negative.
    case movement(Int, RateDirection, site: Int)
    /// `changes(x, W)`.
    case changeCount(Int, window: DurationValue)
    /// `since_change(x)`.
    case sinceChange(Int)
    /// `count(c, by f)`.
    case count(Int, groupInput: Int)
    /// `change(x) within P per W`.
    case within(Int, tolerance: Code, window: DurationValue, site: Int)
    /// `increase(x) <= E per W` (or decrease, or `<`).
    case rateLimit(Int, RateDirection, limit: Code, window: DurationValue, inclusive: Bool, site: Int)
}

extension ComparisonOperator {
    /// Applies the operator to an ordering result (-1, 0, 1).
    @inline(__always)
    func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessEqual: order <= 0
        case .greater: order > 0
        case .greaterEqual: order >= 0
        }
    }
}
