/// An error met while computing a value.
///
/// The interpreter turns every one of these into a decision with outcome `error`, so a
/// failed computation never moves a control. Messages follow the project's diagnostic
/// rules: lowercase, one line, no final period, and no input values (an amount may be
/// confidential), only what went wrong and where in the arithmetic.
public enum EvaluationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The exact result does not fit the value's range.
    case overflow(ArithmeticOperation)
    /// A division (or a rounding to a multiple) by zero.
    case divisionByZero
    /// A whole number was required and the value has a fractional part.
    case notAnInteger
    /// A rounding step, fraction-digit count or window length is out of its allowed range.
    case invalidArgument(ArgumentProblem)
    /// Two money amounts in different currencies met in one operation.
    case currencyMismatch(String, String)
    /// Time arithmetic left the years 0000 to 9999, which no time text can name.
    case timeOutOfRange
    /// An unbounded duration (`since_change` of a control that never changed) shifted a time.
    case unboundedShift
    /// Arithmetic on unbounded durations that has no value: one minus another of the same
    /// sign, two of opposite signs added, one divided by a duration.
    case unboundedArithmetic(ArithmeticOperation)

    /// A one-line, lowercase message without a final period.
    public var description: String {
        switch self {
        case .overflow(let operation):
            "arithmetic overflow in \(operation.rawValue)"
        case .divisionByZero:
            "division by zero"
        case .notAnInteger:
            "value is not a whole number"
        case .invalidArgument(let problem):
            problem.description
        case .currencyMismatch(let left, let right):
            "cannot combine `\(left)` and `\(right)` amounts"
        case .timeOutOfRange:
            "time outside the years 0000 to 9999"
        case .unboundedShift:
            "an unbounded duration (since_change with no change recorded) cannot shift a time"
        case .unboundedArithmetic(let operation):
            switch operation {
            case .addition: "unbounded durations of opposite signs (since_change with no change recorded) have no sum"
            case .division: "an unbounded duration (since_change with no change recorded) divided by a duration has no value"
            default: "an unbounded duration (since_change with no change recorded) minus another has no value"
            }
        }
    }
}

/// The arithmetic operation that overflowed, named in `EvaluationError.overflow`.
public enum ArithmeticOperation: String, Hashable, Sendable {
    /// `a + b`.
    case addition
    /// `a - b`.
    case subtraction
    /// `a * b`.
    case multiplication
    /// `a / b`.
    case division
    /// `-a` or `abs(a)`.
    case negation
    /// Rounding to a step or to a number of fractional digits.
    case rounding
    /// Conversion between value types, such as exact decimal to `Int64`.
    case conversion
}

/// Why an argument was refused, named in `EvaluationError.invalidArgument`.
public enum ArgumentProblem: Hashable, Sendable, CustomStringConvertible {
    /// A rounding step that is zero or negative.
    case nonPositiveStep
    /// A duration rounding step that is unbounded.
    case unboundedStep
    /// A fraction-digit count outside `0...18`.
    case fractionDigitsOutOfRange
    /// A time window length that is zero or negative.
    case nonPositiveWindow
    /// `clamp(x, low, high)` with `low` above `high`: no value lies between them.
    case crossedClampBounds

    /// A one-line, lowercase message without a final period.
    public var description: String {
        switch self {
        case .nonPositiveStep:
            "rounding step must be greater than zero"
        case .unboundedStep:
            "rounding step must be a finite duration, not an unbounded since_change"
        case .fractionDigitsOutOfRange:
            "fraction digits must be between 0 and 18"
        case .nonPositiveWindow:
            "window length must be greater than zero"
        case .crossedClampBounds:
            "clamp's low bound is above its high bound"
        }
    }
}
