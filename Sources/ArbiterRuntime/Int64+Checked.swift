// Checked `Int64` arithmetic for `int` values.
//
// Swift's `+` traps on overflow, which would bring down a decision service on a hostile
// input such as `stock = 9223372036854775807`. The interpreter instead uses these methods:
// each wraps a `…ReportingOverflow` primitive and throws a typed `EvaluationError`, which
// becomes a decision with outcome `error`. They are `@inlinable` one-liners, so the happy
// path costs one add and one branch.

extension Int64 {
    /// `self + other`, or throws `EvaluationError.overflow(.addition)`.
    @inlinable
    public func checkedAdding(_ other: Int64) throws(EvaluationError) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        guard !overflow else { throw .overflow(.addition) }
        return sum
    }

    /// `self - other`, or throws `EvaluationError.overflow(.subtraction)`.
    @inlinable
    public func checkedSubtracting(_ other: Int64) throws(EvaluationError) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        guard !overflow else { throw .overflow(.subtraction) }
        return difference
    }

    /// `self × other`, or throws `EvaluationError.overflow(.multiplication)`.
    @inlinable
    public func checkedMultiplied(by other: Int64) throws(EvaluationError) -> Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        guard !overflow else { throw .overflow(.multiplication) }
        return product
    }

    /// `self ÷ divisor` truncated toward zero, as Swift's `/` does.
    ///
    /// - Throws: `EvaluationError.divisionByZero`, or `EvaluationError.overflow(.division)`
    ///   for `Int64.min ÷ -1`.
    @inlinable
    public func checkedDivided(by divisor: Int64) throws(EvaluationError) -> Int64 {
        guard divisor != 0 else { throw .divisionByZero }
        let (quotient, overflow) = dividedReportingOverflow(by: divisor)
        guard !overflow else { throw .overflow(.division) }
        return quotient
    }

    /// The remainder of `self ÷ divisor`, with the sign of `self`.
    ///
    /// - Throws: `EvaluationError.divisionByZero`.
    @inlinable
    public func checkedRemainder(dividingBy divisor: Int64) throws(EvaluationError) -> Int64 {
        guard divisor != 0 else { throw .divisionByZero }
        // `Int64.min % -1` reports overflow but its true remainder is 0.
        let (remainder, overflow) = remainderReportingOverflow(dividingBy: divisor)
        return overflow ? 0 : remainder
    }

    /// `-self`, or throws `EvaluationError.overflow(.negation)` for `Int64.min`.
    @inlinable
    public func checkedNegated() throws(EvaluationError) -> Int64 {
        guard self != .min else { throw .overflow(.negation) }
        return -self
    }

    /// `|self|`, or throws `EvaluationError.overflow(.negation)` for `Int64.min`.
    @inlinable
    public func checkedAbsoluteValue() throws(EvaluationError) -> Int64 {
        self < 0 ? try checkedNegated() : self
    }

    /// The floor of `self ÷ divisor` (rounding toward -∞), as calendar and window
    /// arithmetic needs for instants before the epoch.
    ///
    /// - Precondition: `divisor > 0`.
    @inlinable
    func flooredQuotient(dividingBy divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor < 0) ? quotient - 1 : quotient
    }

    /// The remainder matching `flooredQuotient`, always in `0..<divisor`.
    ///
    /// - Precondition: `divisor > 0`.
    @inlinable
    func flooredRemainder(dividingBy divisor: Int64) -> Int64 {
        let remainder = self % divisor
        return remainder < 0 ? remainder + divisor : remainder
    }
}
