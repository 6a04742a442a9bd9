import ArbiterSyntax

/// The four arithmetic operators.
public enum ArithmeticOperator: String, Hashable, Sendable, CaseIterable {
    /// `+`
    case add = "+"
    /// `-`
    case subtract = "-"
    /// `*`
    case multiply = "*"
    /// `/`
    case divide = "/"

    /// The arithmetic operator of a binary operator, nil for `and`, `or` and `??`.
    public init?(_ binary: BinaryOperator) {
        switch binary {
        case .add: self = .add
        case .subtract: self = .subtract
        case .multiply: self = .multiply
        case .divide: self = .divide
        case .and, .or, .coalesce: return nil
        }
    }

    /// The verb used in messages: "cannot add percent to money".
    public var verb: String {
        switch self {
        case .add: "add"
        case .subtract: "subtract"
        case .multiply: "multiply"
        case .divide: "divide"
        }
    }
}

/// The unit algebra of the language, as pure functions of types.
///
/// The checker uses it to type expressions; the interpreter uses it to pick the
/// operation on values. The table, from the design:
///
/// | left        | op    | right        | result   |
/// |-------------|-------|--------------|----------|
/// | int         | + - * | int          | int      |
/// | int         | /     | int          | number   |
/// | percent     | + - * | percent      | percent  |
/// | percent     | /     | percent      | number   |
/// | dimensionless, mixed | + - * / | dimensionless | number |
/// | money       | + -   | money        | money    |
/// | money       | * /   | dimensionless | money   |
/// | dimensionless | *   | money        | money    |
/// | money       | /     | money        | number   |
/// | duration    | + -   | duration     | duration |
/// | duration    | * /   | dimensionless | duration |
/// | dimensionless | *   | duration     | duration |
/// | duration    | /     | duration     | number   |
/// | time        | -     | time         | duration |
/// | time        | + -   | duration     | time     |
/// | duration    | +     | time         | time     |
///
/// Every other combination is an error. The `error` type combines with anything and
/// gives `error`, so a mistake is reported once.
public enum UnitAlgebra {
    /// The type of `lhs op rhs`, or nil when the operand types do not combine.
    public static func arithmetic(_ op: ArithmeticOperator, _ lhs: ValueType, _ rhs: ValueType) -> ValueType? {
        if lhs == .error || rhs == .error { return .error }
        if lhs.isDimensionless, rhs.isDimensionless {
            return dimensionless(op, lhs, rhs)
        }
        switch (op, lhs, rhs) {
        case (.add, .money, .money), (.subtract, .money, .money): return .money
        case (.multiply, .money, _) where rhs.isDimensionless: return .money
        case (.multiply, _, .money) where lhs.isDimensionless: return .money
        case (.divide, .money, _) where rhs.isDimensionless: return .money
        case (.divide, .money, .money): return .number
        case (.add, .duration, .duration), (.subtract, .duration, .duration): return .duration
        case (.multiply, .duration, _) where rhs.isDimensionless: return .duration
        case (.multiply, _, .duration) where lhs.isDimensionless: return .duration
        case (.divide, .duration, _) where rhs.isDimensionless: return .duration
        case (.divide, .duration, .duration): return .number
        case (.subtract, .time, .time): return .duration
        case (.add, .time, .duration), (.subtract, .time, .duration), (.add, .duration, .time): return .time
        default: return nil
        }
    }

    private static func dimensionless(_ op: ArithmeticOperator, _ lhs: ValueType, _ rhs: ValueType) -> ValueType {
        switch (op, lhs, rhs) {
        case (.divide, _, _): .number
        case (_, .int, .int): .int
        case (_, .percent, .percent): .percent
        default: .number
        }
    }

    /// The type of `-operand`, or nil when it cannot be negated.
    public static func negation(_ operand: ValueType) -> ValueType? {
        if operand == .error { return .error }
        return operand.isQuantity ? operand : nil
    }

    /// Whether `lhs op rhs` is a valid comparison: equality needs the same kind of value,
    /// ordering also needs an ordered kind (no `bool`, `text` or enum).
    public static func canCompare(_ op: ComparisonOperator, _ lhs: ValueType, _ rhs: ValueType) -> Bool {
        if lhs == .error || rhs == .error { return true }
        guard lhs.kind == rhs.kind else { return false }
        switch op {
        case .equal, .notEqual: return true
        case .less, .lessEqual, .greater, .greaterEqual: return lhs.isOrdered
        }
    }

    /// The common type of two values that may stand in the same place (the branches of
    /// an `if`, the arguments of `min`), or nil when there is none.
    ///
    /// Equal types join to themselves; two different dimensionless types to `number`;
    /// `text` and enums to `text` (an enum with itself stays that enum).
    public static func join(_ lhs: ValueType, _ rhs: ValueType) -> ValueType? {
        if lhs == .error || rhs == .error { return .error }
        if lhs == rhs { return lhs }
        if lhs.isDimensionless, rhs.isDimensionless { return .number }
        if lhs.isTextual, rhs.isTextual { return .text }
        return nil
    }

    /// Whether a value of type `value` may be stored in a place of type `target` (a
    /// control, a default): the same type, an `int` where a `number` goes, an enum where
    /// `text` goes. Literals get more leeway in the checker (a string literal into an enum).
    public static func isAssignable(_ value: ValueType, to target: ValueType) -> Bool {
        if value == .error || target == .error { return true }
        if value == target { return true }
        switch (value, target) {
        case (.int, .number): return true
        case (.enumeration, .text): return true
        case (.enumeration(let cases), .enumeration(let allowed)): return Set(cases).isSubset(of: allowed)
        default: return false
        }
    }
}
