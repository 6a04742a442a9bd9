/// A value as the runtime and the state store hold it: a control's value before and
/// after a change, a proposed value awaiting approval, a group field's value.
///
/// The cases follow the language's types with the units folded away, because the
/// checker has already enforced them and a compiled plan knows each slot's type:
/// `number`, `percent` and `money` are all `exact` (a policy has one currency; `15%` is
/// `0.15`), `time` and `date` are `instant`. The enum is small and allocation-free for
/// every case but long `text`.
public enum RuntimeValue: Hashable, Sendable, CustomStringConvertible {
    /// An `int`.
    case int(Int64)
    /// A `number`, `percent` or `money` amount.
    case exact(Exact)
    /// A `duration`.
    case duration(DurationValue)
    /// A `time` or `date`.
    case instant(Instant)
    /// A `bool`.
    case bool(Bool)
    /// A `text` or enum value.
    case text(String)
    /// A missing optional value.
    case none

    /// The value as an exact number when it is numeric (`int` or `exact`), else nil.
    public var exactValue: Exact? {
        switch self {
        case .int(let value): Exact(value)
        case .exact(let value): value
        default: nil
        }
    }

    /// Whether the value is `none`.
    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }

    /// Whether a key holding this value counts in `count(control, by field)` for a
    /// control whose default is `defaultValue`: a `bool` counts when it is `true` (with
    /// or without a default: an input control has none), any other value when it is
    /// neither missing nor the default.
    public func isActive(comparedTo defaultValue: RuntimeValue) -> Bool {
        if case .bool(let flag) = self { return flag }
        return !isNone && self != defaultValue
    }

    /// The value in its canonical text form: `42`, `19.99`, `5m`,
    /// `2026-11-23T10:00:00Z`, `true`, the text itself, or `none`.
    public var description: String {
        switch self {
        case .int(let value): String(value)
        case .exact(let value): value.description
        case .duration(let value): value.description
        case .instant(let value): value.description
        case .bool(let value): value ? "true" : "false"
        case .text(let value): value
        case .none: "none"
        }
    }

    /// `to - from` for two numeric values, or nil when either is not numeric.
    ///
    /// - Throws: `EvaluationError.overflow(.subtraction)`.
    static func numericDifference(from: RuntimeValue, to: RuntimeValue) throws(EvaluationError) -> Exact? {
        guard let start = from.exactValue, let end = to.exactValue else { return nil }
        return try end.subtracting(start)
    }
}
