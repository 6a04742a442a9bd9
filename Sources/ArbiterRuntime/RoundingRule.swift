/// How a value that falls between two allowed values is resolved.
///
/// Directions are stated on the number line, not on the magnitude: `up` is the ceiling
/// (toward +∞) for negative values too, `down` is the floor. Money is rounded `halfEven`
/// (banker's rounding), which keeps sums of many rounded amounts unbiased.
///
/// | rule               |  2.345 | 2.355 | -2.345 | 2.341 | -2.341 |
/// |--------------------|--------|-------|--------|-------|--------|
/// | `halfEven`         |  2.34  | 2.36  | -2.34  | 2.34  | -2.34  |
/// | `halfAwayFromZero` |  2.35  | 2.36  | -2.35  | 2.34  | -2.34  |
/// | `up`               |  2.35  | 2.36  | -2.34  | 2.35  | -2.34  |
/// | `down`             |  2.34  | 2.35  | -2.35  | 2.34  | -2.35  |
/// | `towardZero`       |  2.34  | 2.35  | -2.34  | 2.34  | -2.34  |
public enum RoundingRule: String, Hashable, Sendable, CaseIterable {
    /// To the nearest allowed value; a tie goes to the even neighbour.
    case halfEven
    /// To the nearest allowed value; a tie goes away from zero (school rounding).
    case halfAwayFromZero
    /// Toward +∞: the ceiling.
    case up
    /// Toward -∞: the floor.
    case down
    /// Toward zero: truncation.
    case towardZero

    /// Decides whether a truncated magnitude must grow by one step.
    ///
    /// The exact value is `±(quotient + remainder / divisor)` steps, with the sign given
    /// by `isNegative`, `0 <= remainder < divisor` and `quotient` already truncated
    /// toward zero. The answer is true when the rounded magnitude is `quotient + 1`.
    @inlinable
    func incrementsMagnitude(
        quotient: UInt128,
        remainder: UInt128,
        divisor: UInt128,
        isNegative: Bool
    ) -> Bool {
        guard remainder != 0 else { return false }
        // INVARIANT: remainder < divisor, so `divisor - remainder` never wraps; comparing
        // `remainder` with it compares `2 × remainder` with `divisor` without overflow.
        let rest = divisor - remainder
        switch self {
        case .halfEven:
            return remainder > rest || (remainder == rest && quotient & 1 == 1)
        case .halfAwayFromZero:
            return remainder >= rest
        case .up:
            return !isNegative
        case .down:
            return isNegative
        case .towardZero:
            return false
        }
    }

    /// Divides a magnitude by a divisor and rounds the quotient by this rule.
    ///
    /// Returns nil when the rounded quotient does not fit `UInt128`, which needs a
    /// quotient of `UInt128.max` rounded up.
    @inlinable
    func roundedQuotient(
        of dividend: UInt128,
        dividingBy divisor: UInt128,
        isNegative: Bool
    ) -> UInt128? {
        let (quotient, remainder) = dividend.quotientAndRemainder(dividingBy: divisor)
        return adjusted(quotient: quotient, remainder: remainder, divisor: divisor, isNegative: isNegative)
    }

    /// Divides a 256-bit magnitude `(high, low)` by a divisor and rounds the quotient.
    ///
    /// Returns nil when the quotient does not fit `UInt128`.
    @inlinable
    func roundedQuotient(
        ofWide dividend: (high: UInt128, low: UInt128),
        dividingBy divisor: UInt128,
        isNegative: Bool
    ) -> UInt128? {
        // `dividingFullWidth` traps unless the quotient fits, which holds exactly when the
        // high half is below the divisor.
        guard dividend.high < divisor else { return nil }
        // The common case (prices, percents: the product fits 128 bits) is one native
        // division; the generic 256-bit one is many times slower.
        if dividend.high == 0 {
            let (quotient, remainder) = dividend.low.quotientAndRemainder(dividingBy: divisor)
            return adjusted(quotient: quotient, remainder: remainder, divisor: divisor, isNegative: isNegative)
        }
        let (quotient, remainder) = divisor.dividingFullWidth(dividend)
        return adjusted(quotient: quotient, remainder: remainder, divisor: divisor, isNegative: isNegative)
    }

    @inlinable
    func adjusted(quotient: UInt128, remainder: UInt128, divisor: UInt128, isNegative: Bool) -> UInt128? {
        guard incrementsMagnitude(
            quotient: quotient, remainder: remainder, divisor: divisor, isNegative: isNegative
        ) else {
            return quotient
        }
        let (next, overflow) = quotient.addingReportingOverflow(1)
        return overflow ? nil : next
    }
}
