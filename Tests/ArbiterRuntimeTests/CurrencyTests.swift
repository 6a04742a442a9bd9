import ArbiterChecker
import ArbiterRuntime
import Testing

@Suite("Currency and Money")
struct CurrencyTests {
    @Test("the ISO table knows the minor units", arguments: [
        ("EUR", 2), ("USD", 2), ("GBP", 2), ("CHF", 2), ("JPY", 0), ("SEK", 2), ("NOK", 2),
        ("DKK", 2), ("PLN", 2), ("CZK", 2), ("HUF", 2), ("CAD", 2), ("AUD", 2), ("NZD", 2),
        ("CNY", 2), ("INR", 2), ("BRL", 2), ("MXN", 2), ("KRW", 0), ("ZAR", 2), ("SGD", 2),
        ("HKD", 2), ("TRY", 2), ("AED", 2), ("SAR", 2), ("ILS", 2), ("KWD", 3), ("BHD", 3),
        ("JOD", 3), ("CLP", 0), ("CLF", 4), ("eur", 2),
    ])
    func minorUnits(code: String, digits: Int) throws {
        let currency = try Currency(code: code)
        #expect(currency.minorUnitDigits == digits)
        #expect(currency.code == code.uppercased())
    }

    @Test("unknown codes are typed errors")
    func unknownCode() {
        #expect(throws: ValueParseError.unknownCurrency("XYZ")) { try Currency(code: "XYZ") }
        #expect(ValueParseError.unknownCurrency("XYZ").description == "unknown currency `XYZ`")
    }

    @Test("rounds to the minor unit half-even and formats", arguments: [
        ("EUR", "21.995", "22.00"),
        ("EUR", "21.985", "21.98"),
        ("EUR", "1240", "1240.00"),
        ("EUR", "-0.005", "0.00"),
        ("JPY", "2199.5", "2200"),
        ("JPY", "2198.5", "2198"),
        ("KWD", "21.99", "21.990"),
        ("KWD", "1.0005", "1.000"),
    ])
    func roundsAndFormats(code: String, amount: String, expected: String) throws {
        let money = Money(exact(amount), try Currency(code: code))
        #expect(money.formattedAmount == expected)
        #expect(try money.roundedToMinorUnit().amount == exact(expected))
        #expect(money.description == "\(expected) \(code)")
    }

    @Test("the garden pricing example computes exactly")
    func gardenPricing() throws {
        let price = try Money(parsing: "24.90", currency: .euro)
        let competitor = try Money(parsing: "22.00", currency: .euro)
        let undercut = try competitor.subtracting(Money(exact("0.01"), .euro))
        #expect(undercut.formattedAmount == "21.99")
        let clearance = try price.multiplied(by: exact("0.9")).roundedToMinorUnit()
        #expect(clearance.formattedAmount == "22.41")
        let change = try undercut.subtracting(price).ratio(to: price)
        #expect(change.formatted(fractionDigits: 3) == "-0.117")
        #expect(try undercut.isLess(than: price))
        #expect(try Money.zero(.euro).adding(price) == price)
        #expect(try price.divided(by: 2).amount == exact("12.45"))
    }

    @Test("currencies do not mix")
    func currencyMismatch() {
        let euros = Money(exact("1"), .euro)
        let dollars = Money(exact("1"), .usDollar)
        #expect(throws: EvaluationError.currencyMismatch("EUR", "USD")) { try euros.adding(dollars) }
        #expect(throws: EvaluationError.currencyMismatch("EUR", "USD")) { try euros.ratio(to: dollars) }
        #expect(throws: EvaluationError.currencyMismatch("USD", "EUR")) { try dollars.isLess(than: euros) }
    }

    @Test("custom currencies and minor units")
    func customCurrency() {
        let points = Currency(code: "PTS", minorUnitDigits: 0)
        #expect(points.minorUnit == .one)
        #expect(Currency.euro.minorUnit == exact("0.01"))
        #expect(Currency.yen.format(exact("1234.5")) == "1234")
        #expect(Currency.isoMinorUnitDigits.count > 150)
    }

    /// A currency the checker accepts is one the runtime rounds: `currency XDR` checked
    /// clean and then could not be compiled when the two kept their own tables.
    @Test("the checker's currencies and the runtime's are the same, with the same minor units")
    func oneCurrencyTable() throws {
        #expect(Set(Currency.isoMinorUnitDigits.keys) == Set(ISO4217.codes))
        for code in ISO4217.codes {
            #expect(try Currency(code: code).minorUnitDigits == ISO4217.minorUnit(of: code), "\(code)")
        }
        #expect(!ISO4217.isKnown("XDR"))
    }
}
