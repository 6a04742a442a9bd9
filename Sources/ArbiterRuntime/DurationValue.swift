/// A length of time: a signed count of microseconds, the `duration` type of the policy
/// language (`300ms`, `15s`, `5m`, `24h`, `7d`, `2w`).
///
/// Microseconds match `Instant`, so `instant + duration` is one checked integer
/// addition. The name avoids the standard library's `Duration`, which counts
/// attoseconds in two words and has no calendar units. Text is handled in
/// `DurationValue+Text.swift`.
public struct DurationValue: Hashable, Comparable, Sendable {
    /// A unit a duration can be written in, from the largest down.
    public enum Unit: String, CaseIterable, Sendable {
        /// A week of 7 days, `w`.
        case weeks = "w"
        /// A day of 24 hours, `d` (a fixed length: calendar days are `WindowCalendar`'s job).
        case days = "d"
        /// An hour, `h`.
        case hours = "h"
        /// A minute, `m`.
        case minutes = "m"
        /// A second, `s`.
        case seconds = "s"
        /// A millisecond, `ms`.
        case milliseconds = "ms"
        /// A microsecond, `us`.
        case microseconds = "us"

        /// The number of microseconds in one of this unit.
        public var microseconds: Int64 {
            switch self {
            case .weeks: 604_800_000_000
            case .days: 86_400_000_000
            case .hours: 3_600_000_000
            case .minutes: 60_000_000
            case .seconds: 1_000_000
            case .milliseconds: 1_000
            case .microseconds: 1
            }
        }
    }

    /// The zero duration.
    public static let zero = DurationValue(microseconds: 0)

    /// The length in microseconds (negative for a negative duration).
    public var microseconds: Int64

    /// Creates a duration from microseconds.
    @inlinable
    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    /// `count` of `unit`, such as `DurationValue(5, .minutes)`.
    ///
    /// - Throws: `EvaluationError.overflow(.multiplication)` beyond about 292 000 years.
    @inlinable
    public init(_ count: Int64, _ unit: Unit) throws(EvaluationError) {
        microseconds = try count.checkedMultiplied(by: unit.microseconds)
    }

    /// Milliseconds, for constants in code. Precondition: no overflow.
    public static func milliseconds(_ count: Int64) -> DurationValue { DurationValue(microseconds: count * 1_000) }
    /// Seconds, for constants in code. Precondition: no overflow.
    public static func seconds(_ count: Int64) -> DurationValue { DurationValue(microseconds: count * 1_000_000) }
    /// Minutes, for constants in code. Precondition: no overflow.
    public static func minutes(_ count: Int64) -> DurationValue { DurationValue(microseconds: count * 60_000_000) }
    /// Hours, for constants in code. Precondition: no overflow.
    public static func hours(_ count: Int64) -> DurationValue { DurationValue(microseconds: count * 3_600_000_000) }
    /// Days of 24 hours, for constants in code. Precondition: no overflow.
    public static func days(_ count: Int64) -> DurationValue { DurationValue(microseconds: count * 86_400_000_000) }
    /// Weeks of 7 days, for constants in code. Precondition: no overflow.
    public static func weeks(_ count: Int64) -> DurationValue { DurationValue(microseconds: count * 604_800_000_000) }

    /// Whether the duration is below zero.
    public var isNegative: Bool { microseconds < 0 }

    /// Orders durations by length.
    @inlinable
    public static func < (lhs: DurationValue, rhs: DurationValue) -> Bool {
        lhs.microseconds < rhs.microseconds
    }

    /// Longer than any duration: `since_change(x)` of a control that never changed.
    /// Arithmetic keeps it unbounded (see `adding`, `multiplied`); `-unbounded` is shorter
    /// than any duration.
    public static let unbounded = DurationValue(microseconds: .max)

    /// Whether the duration is `unbounded` or its negation.
    @inlinable
    public var isUnbounded: Bool { microseconds == .max || microseconds == -.max }

    /// A finite duration of `microseconds`, or throws `EvaluationError.overflow(kind)` for
    /// ±(2⁶³ − 1), which is `unbounded`: arithmetic that lands there has left the range
    /// of a finite duration.
    @inlinable
    static func finite(_ microseconds: Int64, _ kind: ArithmeticOperation) throws(EvaluationError) -> DurationValue {
        guard microseconds != .max, microseconds != -.max else { throw .overflow(kind) }
        return DurationValue(microseconds: microseconds)
    }

    /// `self + other`, or throws `EvaluationError.overflow(.addition)`. An unbounded
    /// operand gives an unbounded sum of its sign; two of opposite signs have none
    /// (`EvaluationError.unboundedArithmetic`).
    @inlinable
    public func adding(_ other: DurationValue) throws(EvaluationError) -> DurationValue {
        if isUnbounded || other.isUnbounded {
            if isUnbounded, other.isUnbounded, microseconds != other.microseconds { throw .unboundedArithmetic(.addition) }
            return isUnbounded ? self : other
        }
        return try .finite(microseconds.checkedAdding(other.microseconds), .addition)
    }

    /// `self - other`, or throws `EvaluationError.overflow(.subtraction)`; unbounded
    /// operands as for `adding`.
    @inlinable
    public func subtracting(_ other: DurationValue) throws(EvaluationError) -> DurationValue {
        if isUnbounded || other.isUnbounded {
            if isUnbounded, other.isUnbounded, microseconds == other.microseconds { throw .unboundedArithmetic(.subtraction) }
            return isUnbounded ? self : DurationValue(microseconds: -other.microseconds)
        }
        return try .finite(microseconds.checkedSubtracting(other.microseconds), .subtraction)
    }

    /// `-self`, or throws `EvaluationError.overflow(.negation)`.
    @inlinable
    public func negated() throws(EvaluationError) -> DurationValue {
        DurationValue(microseconds: try microseconds.checkedNegated())
    }

    /// `self × factor` for a number or percent factor, rounded to the microsecond by `rule`.
    /// An unbounded duration stays unbounded (of the product's sign), or is zero times zero.
    ///
    /// - Throws: `EvaluationError.overflow` when the result leaves the range.
    public func multiplied(by factor: Exact, rounding rule: RoundingRule = .halfEven) throws(EvaluationError) -> DurationValue {
        if isUnbounded {
            if factor.isZero { return .zero }
            return factor.isNegative ? DurationValue(microseconds: -microseconds) : self
        }
        let product = try Exact(microseconds).multiplied(by: factor)
        // A product past the range of a duration overflowed the multiplication (not a
        // conversion, which is how the last step would name it).
        do throws(EvaluationError) {
            return try .finite(product.int64Value(rounding: rule), .multiplication)
        } catch .overflow(.conversion) {
            throw .overflow(.multiplication)
        }
    }

    /// `self ÷ other` as a plain number, such as `p95_latency / 300ms`.
    ///
    /// A finite duration over an unbounded one is 0; an unbounded one over any duration
    /// has no number.
    ///
    /// - Throws: `EvaluationError.divisionByZero`, `EvaluationError.unboundedArithmetic(.division)`.
    public func ratio(to other: DurationValue) throws(EvaluationError) -> Exact {
        if isUnbounded { throw other.microseconds == 0 ? .divisionByZero : .unboundedArithmetic(.division) }
        if other.isUnbounded { return .zero }
        return try Exact(microseconds).divided(by: Exact(other.microseconds))
    }

    /// The length in seconds as an exact value: `1.5` for 1500 ms.
    public var seconds: Exact {
        Exact(units: Int128(microseconds) * (Exact.unitsPerOne / Int128(Instant.microsecondsPerSecond)))
    }
}
