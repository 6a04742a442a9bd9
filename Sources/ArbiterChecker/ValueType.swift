import ArbiterSyntax

/// The type of a value in a policy: what an input field holds, what an expression gives.
///
/// The dimensionless types `int`, `number` and `percent` combine and compare with one
/// another; `money`, `duration`, `time` and `date` only with themselves (see
/// `UnitAlgebra` for the exact table). `error` is the type of an expression the checker
/// could not type (an unknown name, a `.missing` node, an operand mismatch already
/// reported): it is accepted everywhere, silently, so one mistake gives one diagnostic.
public indirect enum ValueType: Hashable, Sendable {
    /// A whole number.
    case int
    /// A decimal number without a unit.
    case number
    /// A ratio; the literal `15%` is the number 0.15.
    case percent
    /// An exact decimal amount in the policy's currency.
    case money
    /// A length of time (`300ms`, `7d`).
    case duration
    /// An instant (`2027-03-20T08:00:00Z`).
    case time
    /// A calendar day (`2027-03-20`).
    case date
    /// `true` or `false`.
    case bool
    /// A string.
    case text
    /// A string that is one of the listed cases (`one of "a", "b"`).
    case enumeration([String])
    /// A value that may be missing (`money?`); only input fields have such types.
    case optional(ValueType)
    /// The type of an expression that could not be typed; a diagnostic has been reported.
    case error

    /// The type without its optional wrapper.
    public var nonOptional: ValueType {
        if case .optional(let wrapped) = self { return wrapped.nonOptional }
        return self
    }

    /// Whether the type is `T?`.
    public var isOptional: Bool {
        if case .optional = self { return true }
        return false
    }

    /// Whether this is the error type.
    public var isError: Bool { self == .error }

    /// Whether the type is `int`, `number` or `percent`.
    public var isDimensionless: Bool {
        switch self {
        case .int, .number, .percent: true
        default: false
        }
    }

    /// Whether values of the type are numbers with a unit or none: they can be added,
    /// scaled, negated and ordered (`int`, `number`, `percent`, `money`, `duration`).
    public var isQuantity: Bool {
        isDimensionless || self == .money || self == .duration
    }

    /// Whether `<`, `<=`, `>`, `>=`, `min`, `max` and `resolve … by` apply.
    public var isOrdered: Bool {
        isQuantity || self == .time || self == .date
    }

    /// Whether the type is `text` or an enum.
    public var isTextual: Bool {
        switch self {
        case .text, .enumeration: true
        default: false
        }
    }

    /// The family of values that compare with one another: the three dimensionless types
    /// share one; `text` and every enum share another; each other type is its own.
    public var kind: Kind {
        switch self {
        case .int, .number, .percent: .dimensionless
        case .money: .money
        case .duration: .duration
        case .time: .time
        case .date: .date
        case .bool: .bool
        case .text, .enumeration: .textual
        case .optional(let wrapped): wrapped.kind
        case .error: .error
        }
    }

    /// Families of mutually comparable types.
    public enum Kind: Hashable, Sendable {
        /// `int`, `number` and `percent`.
        case dimensionless
        /// `money`.
        case money
        /// `duration`.
        case duration
        /// `time`.
        case time
        /// `date`.
        case date
        /// `bool`.
        case bool
        /// `text` and every enum.
        case textual
        /// The error type.
        case error
    }

    /// The name shown to users: `int`, `money?`, `one of "a", "b"`.
    public var displayName: String {
        switch self {
        case .int: "int"
        case .number: "number"
        case .percent: "percent"
        case .money: "money"
        case .duration: "duration"
        case .time: "time"
        case .date: "date"
        case .bool: "bool"
        case .text: "text"
        case .enumeration(let cases): "one of " + cases.map(Formatter.quoted).joined(separator: ", ")
        case .optional(let wrapped): wrapped.displayName + "?"
        case .error: "an unknown type"
        }
    }

    /// The type named by a type keyword (`money`), or nil for an unknown name.
    public init?(named name: String) {
        switch name {
        case "int": self = .int
        case "number": self = .number
        case "percent": self = .percent
        case "money": self = .money
        case "duration": self = .duration
        case "time": self = .time
        case "date": self = .date
        case "bool": self = .bool
        case "text": self = .text
        default: return nil
        }
    }
}

extension ValueType: CustomStringConvertible {
    /// The same as `displayName`.
    public var description: String { displayName }
}
