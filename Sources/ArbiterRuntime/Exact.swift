/// An exact decimal number: the value of every `number`, `percent` and `money` in a policy.
///
/// `Decimal` belongs to Foundation and is a floating representation, so Arbiter keeps its
/// own fixed-point type. An `Exact` stores a signed count of 10⁻¹⁸ units in an `Int128`:
/// 18 fractional digits and about 1.7 × 10²⁰ of integer range, ample for prices, bids and
/// budgets. Every value has one representation, so `==`, `<` and hashing are plain integer
/// operations, and `0.1 + 0.2 == 0.3` holds exactly.
///
/// Arithmetic lives in `Exact+Arithmetic.swift`, rounding in `Exact+Rounding.swift`, and
/// text in `Exact+Parsing.swift` and `Exact+Formatting.swift`. None of it allocates and
/// none of it uses floating point; every operation that can leave the range throws a
/// typed `EvaluationError` instead of trapping.
public struct Exact: Hashable, Comparable, Sendable {
    /// The number of fractional digits every `Exact` holds.
    public static let fractionDigits = 18

    /// The number of units in one: 10¹⁸.
    public static let unitsPerOne: Int128 = 1_000_000_000_000_000_000

    /// Zero.
    public static let zero = Exact(units: 0)

    /// One.
    public static let one = Exact(units: unitsPerOne)

    /// The largest representable value, about 1.7 × 10²⁰.
    public static let greatest = Exact(units: .max)

    /// The smallest (most negative) representable value.
    public static let least = Exact(units: .min)

    /// The value as a signed count of 10⁻¹⁸ units.
    public var units: Int128

    /// Creates a value from a raw count of 10⁻¹⁸ units.
    @inlinable
    public init(units: Int128) {
        self.units = units
    }

    /// Creates the exact value of an integer; every `Int64` fits.
    @inlinable
    public init(_ value: Int64) {
        units = Int128(value) * Exact.unitsPerOne
    }

    /// Creates the exact value of an integer; every `Int` fits.
    @inlinable
    public init(_ value: Int) {
        units = Int128(value) * Exact.unitsPerOne
    }

    /// Creates `mantissa × 10^-fractionDigits`, such as `Exact(mantissa: 1999, fractionDigits: 2)`
    /// for 19.99.
    ///
    /// - Precondition: `fractionDigits` is in `0...18`.
    @inlinable
    public init(mantissa: Int64, fractionDigits: Int) {
        precondition((0...Exact.fractionDigits).contains(fractionDigits), "fraction digits out of range")
        units = Int128(mantissa) * Int128(Exact.powerOfTen(Exact.fractionDigits - fractionDigits))
    }

    /// Whether the value is zero.
    @inlinable
    public var isZero: Bool { units == 0 }

    /// Whether the value is below zero.
    @inlinable
    public var isNegative: Bool { units < 0 }

    /// Whether the value has no fractional part.
    @inlinable
    public var isIntegral: Bool { units % Exact.unitsPerOne == 0 }

    /// -1, 0 or 1 according to the sign of the value.
    @inlinable
    public var signum: Int { units < 0 ? -1 : (units == 0 ? 0 : 1) }

    /// Orders two values numerically.
    @inlinable
    public static func < (lhs: Exact, rhs: Exact) -> Bool {
        lhs.units < rhs.units
    }

    /// The value as an `Int64`.
    ///
    /// - Throws: `EvaluationError.notAnInteger` when there is a fractional part, and
    ///   `EvaluationError.overflow(.conversion)` when the value is outside `Int64`.
    @inlinable
    public func int64Value() throws(EvaluationError) -> Int64 {
        let (whole, fraction) = units.quotientAndRemainder(dividingBy: Exact.unitsPerOne)
        guard fraction == 0 else { throw .notAnInteger }
        guard let result = Int64(exactly: whole) else { throw .overflow(.conversion) }
        return result
    }

    /// 10ⁿ for `n` in `0...38`, the range that fits `UInt128`.
    @inlinable
    static func powerOfTen(_ exponent: Int) -> UInt128 {
        precondition((0...38).contains(exponent), "power of ten out of range")
        var result: UInt128 = 1
        for _ in 0..<exponent {
            result &*= 10
        }
        return result
    }

    /// Builds a value from a magnitude and a sign, or returns nil when it does not fit.
    @inlinable
    init?(magnitude: UInt128, negative: Bool) {
        if negative {
            guard magnitude <= Int128.min.magnitude else { return nil }
            units = magnitude == Int128.min.magnitude ? .min : -Int128(magnitude)
        } else {
            guard magnitude <= UInt128(Int128.max) else { return nil }
            units = Int128(magnitude)
        }
    }
}

extension Exact: ExpressibleByIntegerLiteral {
    /// Creates the exact value of an integer literal, so `let limit: Exact = 5000` reads naturally.
    @inlinable
    public init(integerLiteral value: Int64) {
        self.init(value)
    }
}
