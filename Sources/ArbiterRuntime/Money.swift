/// An exact amount in one currency.
///
/// Arithmetic on `Money` does not round: `price * 90%` keeps every digit, so a chain of
/// operations loses nothing. Rounding to the minor unit (half-even) happens where an
/// amount leaves the computation: when it becomes a control's proposed value, a budget
/// spend, or text in a decision (`roundedToMinorUnit()`, `formattedAmount`). Mixing two
/// currencies throws `EvaluationError.currencyMismatch`; the checker rejects it in policy
/// text, so at run time it only guards embedding code.
public struct Money: Hashable, Sendable, CustomStringConvertible {
    /// The exact amount, possibly finer than the minor unit until rounded.
    public var amount: Exact

    /// The currency of the amount.
    public var currency: Currency

    /// Creates an amount in a currency.
    public init(_ amount: Exact, _ currency: Currency) {
        self.amount = amount
        self.currency = currency
    }

    /// Reads the amount from text such as `19.99` (no currency code), exactly.
    ///
    /// - Throws: `ValueParseError` for text that is not an exact decimal.
    public init(parsing text: some StringProtocol, currency: Currency) throws(ValueParseError) {
        self.init(try Exact(parsing: text), currency)
    }

    /// Zero in a currency.
    public static func zero(_ currency: Currency) -> Money {
        Money(.zero, currency)
    }

    /// The amount rounded to the currency's minor unit, half-even unless told otherwise:
    /// 21.995 EUR → 22.00 EUR, 21.985 EUR → 21.98 EUR.
    ///
    /// - Throws: `EvaluationError.overflow(.rounding)` at the ends of the range.
    public func roundedToMinorUnit(rule: RoundingRule = .halfEven) throws(EvaluationError) -> Money {
        Money(try currency.rounded(amount, rule: rule), currency)
    }

    /// The amount with exactly the minor unit's digits, rounded half-even, without the
    /// code: `21.99`, `1240.00`.
    public var formattedAmount: String {
        currency.format(amount)
    }

    /// The formatted amount followed by the code: `21.99 EUR`.
    public var description: String {
        "\(formattedAmount) \(currency.code)"
    }

    /// `self + other` in the same currency.
    ///
    /// - Throws: `EvaluationError.currencyMismatch` or `EvaluationError.overflow(.addition)`.
    public func adding(_ other: Money) throws(EvaluationError) -> Money {
        try requireSameCurrency(other)
        return Money(try amount.adding(other.amount), currency)
    }

    /// `self - other` in the same currency.
    ///
    /// - Throws: `EvaluationError.currencyMismatch` or `EvaluationError.overflow(.subtraction)`.
    public func subtracting(_ other: Money) throws(EvaluationError) -> Money {
        try requireSameCurrency(other)
        return Money(try amount.subtracting(other.amount), currency)
    }

    /// `self × factor`, where the factor is a number or a percent (`90%` is 0.9).
    ///
    /// - Throws: `EvaluationError.overflow(.multiplication)`.
    public func multiplied(by factor: Exact) throws(EvaluationError) -> Money {
        Money(try amount.multiplied(by: factor), currency)
    }

    /// `self ÷ divisor` for a number divisor, rounded at the 18th fractional digit.
    ///
    /// - Throws: `EvaluationError.divisionByZero` or `EvaluationError.overflow(.division)`.
    public func divided(by divisor: Exact) throws(EvaluationError) -> Money {
        Money(try amount.divided(by: divisor), currency)
    }

    /// `self ÷ other`: money divided by money is a plain number, such as a ROAS.
    ///
    /// - Throws: `EvaluationError.currencyMismatch`, `EvaluationError.divisionByZero` or
    ///   `EvaluationError.overflow(.division)`.
    public func ratio(to other: Money) throws(EvaluationError) -> Exact {
        try requireSameCurrency(other)
        return try amount.divided(by: other.amount)
    }

    /// Whether `self < other`, for amounts in the same currency.
    ///
    /// - Throws: `EvaluationError.currencyMismatch`.
    public func isLess(than other: Money) throws(EvaluationError) -> Bool {
        try requireSameCurrency(other)
        return amount < other.amount
    }

    private func requireSameCurrency(_ other: Money) throws(EvaluationError) {
        guard currency == other.currency else {
            throw .currencyMismatch(currency.code, other.currency.code)
        }
    }
}
