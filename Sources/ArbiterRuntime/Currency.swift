import ArbiterChecker

/// A currency: its ISO 4217 alphabetic code and the number of digits of its minor unit.
///
/// A policy names one currency (`currency EUR`) and every money amount in it shares that
/// currency. The minor unit decides how amounts are rounded and printed: two digits for
/// the euro (`21.99`), none for the yen (`2199`), three for the Kuwaiti dinar (`21.990`).
/// `Currency(code:)` knows the codes in `Currency.isoMinorUnitDigits`; other currencies
/// (a test currency, a loyalty point) can be built with `init(code:minorUnitDigits:)`.
///
/// The code is a short string stored inline, so copying a `Currency` does not allocate.
public struct Currency: Hashable, Sendable, CustomStringConvertible {
    /// The upper-case alphabetic code, such as `EUR`.
    public let code: String

    /// How many fractional digits the minor unit has: 2 for EUR, 0 for JPY, 3 for KWD.
    public let minorUnitDigits: Int

    /// Creates a currency from a code and a minor-unit digit count, without consulting
    /// the ISO table.
    ///
    /// - Precondition: `minorUnitDigits` is in `0...18`.
    public init(code: String, minorUnitDigits: Int) {
        precondition((0...Exact.fractionDigits).contains(minorUnitDigits), "minor unit digits out of range")
        self.code = code
        self.minorUnitDigits = minorUnitDigits
    }

    /// Looks a code up in the ISO 4217 table; lower-case codes are accepted and normalised.
    ///
    /// - Throws: `ValueParseError.unknownCurrency` for a code missing from the table.
    public init(code: String) throws(ValueParseError) {
        let normalized = code.uppercased()
        guard let digits = Currency.isoMinorUnitDigits[normalized] else {
            throw .unknownCurrency(code)
        }
        self.init(code: normalized, minorUnitDigits: digits)
    }

    /// The smallest amount of the currency as an exact value: 0.01 for EUR, 1 for JPY.
    public var minorUnit: Exact {
        Exact(mantissa: 1, fractionDigits: minorUnitDigits)
    }

    /// The code, such as `EUR`.
    public var description: String { code }

    /// An amount rounded to the minor unit by `rule` (half-even by default).
    ///
    /// - Throws: `EvaluationError.overflow(.rounding)` at the ends of the range.
    public func rounded(_ amount: Exact, rule: RoundingRule = .halfEven) throws(EvaluationError) -> Exact {
        try amount.rounded(fractionDigits: minorUnitDigits, rule: rule)
    }

    /// An amount written with exactly the minor unit's digits, rounded half-even:
    /// `21.99` for EUR, `2199` for JPY, `21.990` for KWD.
    public func format(_ amount: Exact) -> String {
        amount.formatted(fractionDigits: minorUnitDigits)
    }

    /// An amount as a decision shows it: with the minor unit's digits (`21.99`), or with
    /// every digit when it has more (a current value set outside Arbiter, `24.905`), so
    /// what a decision shows is what its arithmetic used.
    public func display(_ amount: Exact) -> String {
        // All its digits unless it is whole minor units (or rounding it would overflow).
        guard let rounded = try? rounded(amount), rounded == amount else { return amount.description }
        return format(amount)
    }

    /// The euro.
    public static let euro = Currency(code: "EUR", minorUnitDigits: 2)
    /// The United States dollar.
    public static let usDollar = Currency(code: "USD", minorUnitDigits: 2)
    /// The pound sterling.
    public static let poundSterling = Currency(code: "GBP", minorUnitDigits: 2)
    /// The Swiss franc.
    public static let swissFranc = Currency(code: "CHF", minorUnitDigits: 2)
    /// The Japanese yen, which has no minor unit.
    public static let yen = Currency(code: "JPY", minorUnitDigits: 0)
}

// MARK: - The ISO 4217 table of active currencies and their minor units.
//
// One table, the checker's (`ISO4217`): a currency the checker accepts is one the
// runtime rounds, and no code is known to one and not the other.

extension Currency {
    public static let isoMinorUnitDigits: [String: Int] = Dictionary(uniqueKeysWithValues: ISO4217.codes.compactMap { code in
        ISO4217.minorUnit(of: code).map { (code, $0) }
    })
}
