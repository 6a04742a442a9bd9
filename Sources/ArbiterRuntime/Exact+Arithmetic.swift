// Exact arithmetic.
//
// Addition and subtraction are single `Int128` operations with overflow reporting.
// Multiplication and division go through a 256-bit intermediate so that no precision is
// lost before the final rounding:
//
// - `a × b`: the magnitudes are multiplied with `multipliedFullWidth` (the product of two
//   unit counts carries 36 fractional digits), then divided by 10¹⁸ with
//   `dividingFullWidth`. The product is therefore exact whenever the true product has at
//   most 18 fractional digits and fits the range; otherwise the 18th fractional digit is
//   rounded half-even.
// - `a ÷ b`: the magnitude of `a` is widened to `|a| × 10¹⁸` with `multipliedFullWidth`
//   and divided by `|b|` with `dividingFullWidth`. The quotient is rounded at the 18th
//   fractional digit, half-even by default (`1 ÷ 3 = 0.333333333333333333`,
//   `2 ÷ 3 = 0.666666666666666667`), or by an explicit `RoundingRule`.
//
// Signs are handled apart from magnitudes, so rounding directions such as `.up` see the
// true sign of the result. No operation allocates or touches floating point.

extension Exact {
    /// `self + other`, or throws `EvaluationError.overflow(.addition)`.
    @inlinable
    public func adding(_ other: Exact) throws(EvaluationError) -> Exact {
        let (sum, overflow) = units.addingReportingOverflow(other.units)
        guard !overflow else { throw .overflow(.addition) }
        return Exact(units: sum)
    }

    /// `self - other`, or throws `EvaluationError.overflow(.subtraction)`.
    @inlinable
    public func subtracting(_ other: Exact) throws(EvaluationError) -> Exact {
        let (difference, overflow) = units.subtractingReportingOverflow(other.units)
        guard !overflow else { throw .overflow(.subtraction) }
        return Exact(units: difference)
    }

    /// `self × other`, exact when the product has at most 18 fractional digits, otherwise
    /// rounded half-even at the 18th.
    ///
    /// - Throws: `EvaluationError.overflow(.multiplication)` when the product is out of range.
    @inlinable
    public func multiplied(by other: Exact) throws(EvaluationError) -> Exact {
        let isNegative = (units < 0) != (other.units < 0)
        let wide = units.magnitude.multipliedFullWidth(by: other.units.magnitude)
        guard
            let magnitude = RoundingRule.halfEven.roundedQuotient(
                ofWide: wide, dividingBy: UInt128(Exact.unitsPerOne), isNegative: isNegative),
            let product = Exact(magnitude: magnitude, negative: isNegative)
        else {
            throw .overflow(.multiplication)
        }
        return product
    }

    /// `self × factor` for an integer factor, always exact when it fits.
    ///
    /// - Throws: `EvaluationError.overflow(.multiplication)` when the product is out of range.
    @inlinable
    public func multiplied(by factor: Int64) throws(EvaluationError) -> Exact {
        let (product, overflow) = units.multipliedReportingOverflow(by: Int128(factor))
        guard !overflow else { throw .overflow(.multiplication) }
        return Exact(units: product)
    }

    /// `self ÷ divisor`, rounded at the 18th fractional digit by `rule` (half-even unless
    /// told otherwise).
    ///
    /// - Throws: `EvaluationError.divisionByZero`, or `EvaluationError.overflow(.division)`
    ///   when the quotient is out of range.
    @inlinable
    public func divided(by divisor: Exact, rounding rule: RoundingRule = .halfEven) throws(EvaluationError) -> Exact {
        guard divisor.units != 0 else { throw .divisionByZero }
        let isNegative = (units < 0) != (divisor.units < 0)
        let wide = units.magnitude.multipliedFullWidth(by: UInt128(Exact.unitsPerOne))
        guard
            let magnitude = rule.roundedQuotient(
                ofWide: wide, dividingBy: divisor.units.magnitude, isNegative: isNegative),
            let quotient = Exact(magnitude: magnitude, negative: isNegative)
        else {
            throw .overflow(.division)
        }
        return quotient
    }

    /// `-self`, or throws `EvaluationError.overflow(.negation)` for `Exact.least`.
    @inlinable
    public func negated() throws(EvaluationError) -> Exact {
        guard units != .min else { throw .overflow(.negation) }
        return Exact(units: -units)
    }

    /// `|self|`, or throws `EvaluationError.overflow(.negation)` for `Exact.least`.
    @inlinable
    public func absoluteValue() throws(EvaluationError) -> Exact {
        units < 0 ? try negated() : self
    }

    /// `self + other` and whether it overflowed (the partial value then wraps).
    @inlinable
    public func addingReportingOverflow(_ other: Exact) -> (partialValue: Exact, overflow: Bool) {
        let (sum, overflow) = units.addingReportingOverflow(other.units)
        return (Exact(units: sum), overflow)
    }

    /// `self - other` and whether it overflowed (the partial value then wraps).
    @inlinable
    public func subtractingReportingOverflow(_ other: Exact) -> (partialValue: Exact, overflow: Bool) {
        let (difference, overflow) = units.subtractingReportingOverflow(other.units)
        return (Exact(units: difference), overflow)
    }

    /// The smaller of two values.
    @inlinable
    public static func minimum(_ first: Exact, _ second: Exact) -> Exact {
        first < second ? first : second
    }

    /// The larger of two values.
    @inlinable
    public static func maximum(_ first: Exact, _ second: Exact) -> Exact {
        first < second ? second : first
    }

    /// `self` moved into `lower...upper`; when the bounds are crossed, `lower` wins,
    /// matching the `clamp(x, lo, hi)` built-in.
    @inlinable
    public func clamped(lower: Exact, upper: Exact) -> Exact {
        if self < lower { return lower }
        if self > upper { return Exact.maximum(upper, lower) }
        return self
    }
}
