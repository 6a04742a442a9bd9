// Rounding an exact value to a step.
//
// Both public forms reduce to one operation on magnitudes: split `|x|` into a whole
// number of steps and a remainder, let the `RoundingRule` decide whether the magnitude
// grows by one step (it sees the true sign, so `up` is always the ceiling), and put the
// sign back. Rounding to `d` fractional digits is rounding to a step of 10⁻ᵈ.
//
// The magnitude of any `Exact` is at most 2¹²⁷ and a step is at most that large too, so
// `quotient × step` never exceeds `|x| + step < 2¹²⁸`: the `UInt128` arithmetic cannot
// wrap. Only converting back to `Int128` can fail, for values within one step of the
// range's ends, and that is reported as `EvaluationError.overflow(.rounding)`.

extension Exact {
    /// The value rounded to `fractionDigits` digits after the point, such as
    /// `2.345 → 2.34` with `.halfEven` and two digits.
    ///
    /// - Throws: `EvaluationError.invalidArgument(.fractionDigitsOutOfRange)` unless
    ///   `fractionDigits` is in `0...18`, or `EvaluationError.overflow(.rounding)`.
    @inlinable
    public func rounded(fractionDigits: Int, rule: RoundingRule = .halfEven) throws(EvaluationError) -> Exact {
        guard (0...Exact.fractionDigits).contains(fractionDigits) else {
            throw .invalidArgument(.fractionDigitsOutOfRange)
        }
        let step = Exact.powerOfTen(Exact.fractionDigits - fractionDigits)
        guard let result = Exact(magnitude: roundedMagnitude(step: step, rule: rule), negative: units < 0) else {
            throw .overflow(.rounding)
        }
        return result
    }

    /// The value rounded to a multiple of `step`, such as a price to a multiple of 0.05
    /// or replicas to a multiple of 2. The `round(x, step)` built-in uses `.halfEven`.
    ///
    /// - Throws: `EvaluationError.invalidArgument(.nonPositiveStep)` unless `step > 0`, or
    ///   `EvaluationError.overflow(.rounding)`.
    @inlinable
    public func rounded(toMultipleOf step: Exact, rule: RoundingRule = .halfEven) throws(EvaluationError) -> Exact {
        guard step.units > 0 else { throw .invalidArgument(.nonPositiveStep) }
        let magnitude = roundedMagnitude(step: step.units.magnitude, rule: rule)
        guard let result = Exact(magnitude: magnitude, negative: units < 0) else {
            throw .overflow(.rounding)
        }
        return result
    }

    /// The smallest integer not below the value: `ceil(2.1) = 3`, `ceil(-2.1) = -2`.
    ///
    /// - Throws: `EvaluationError.overflow(.rounding)` at the top of the range.
    @inlinable
    public func ceil() throws(EvaluationError) -> Exact {
        try rounded(fractionDigits: 0, rule: .up)
    }

    /// The largest integer not above the value: `floor(2.9) = 2`, `floor(-2.1) = -3`.
    ///
    /// - Throws: `EvaluationError.overflow(.rounding)` at the bottom of the range.
    @inlinable
    public func floor() throws(EvaluationError) -> Exact {
        try rounded(fractionDigits: 0, rule: .down)
    }

    /// The value rounded to an integer by `rule` and converted to `Int64`, as `ceil` and
    /// `floor` on an `int` control need.
    ///
    /// - Throws: `EvaluationError.overflow(.conversion)` outside `Int64`, or
    ///   `EvaluationError.overflow(.rounding)` at the ends of the range.
    @inlinable
    public func int64Value(rounding rule: RoundingRule) throws(EvaluationError) -> Int64 {
        try rounded(fractionDigits: 0, rule: rule).int64Value()
    }

    /// The magnitude of the value rounded to a multiple of `step` units.
    ///
    /// - Precondition: `step > 0`.
    @inlinable
    func roundedMagnitude(step: UInt128, rule: RoundingRule) -> UInt128 {
        let (quotient, remainder) = units.magnitude.quotientAndRemainder(dividingBy: step)
        // INVARIANT: quotient × step <= |x| <= 2¹²⁷, so one more step stays below 2¹²⁸.
        let grows = rule.incrementsMagnitude(
            quotient: quotient, remainder: remainder, divisor: step, isNegative: units < 0)
        return (grows ? quotient + 1 : quotient) * step
    }
}
