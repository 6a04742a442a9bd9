import ArbiterRuntime
import Testing

@Suite("Exact: reading and writing text")
struct ExactParsingTests {
    @Test("reads valid decimals exactly", arguments: [
        ("19.99", Int128(19_990_000_000_000_000_000)),
        ("-0.01", Int128(-10_000_000_000_000_000)),
        ("+5", Int128(5_000_000_000_000_000_000)),
        ("0", Int128(0)),
        ("-0", Int128(0)),
        ("1e3", Int128(1_000) * Exact.unitsPerOne),
        ("2.5E-2", Int128(25_000_000_000_000_000)),
        ("1E+2", Int128(100) * Exact.unitsPerOne),
        ("20_000", Int128(20_000) * Exact.unitsPerOne),
        ("0.000_1", Int128(100_000_000_000_000)),
        ("0.000000000000000001", Int128(1)),
        ("1.000000000000000000000000000000", Exact.unitsPerOne),
        ("0e99999", Int128(0)),
        ("007.50", Int128(7_500_000_000_000_000_000)),
        // The plain form's fast path, at its 19-byte limit and just past it.
        ("9999999999999999999", Int128(9_999_999_999_999_999_999) * Exact.unitsPerOne),
        ("-0.00000000000000001", Int128(-10)),
        ("123456789.123456789", Int128(123_456_789_123_456_789) * 1_000_000_000),
        ("99999999999999999999", Int128(99_999_999_999_999_999_999) * Exact.unitsPerOne),
        ("-00", Int128(0)),
        ("123456789012345678901e-1", Int128(12_345_678_901_234_567_890) * Exact.unitsPerOne
            + Int128(100_000_000_000_000_000)),
    ])
    func readsValid(text: String, units: Int128) throws {
        #expect(try Exact(parsing: text).units == units)
    }

    @Test("refuses malformed text with a typed error", arguments: [
        ("", ValueParseError.empty),
        ("-", .unexpectedEnd),
        ("1.", .unexpectedEnd),
        ("1e", .unexpectedEnd),
        ("1e-", .unexpectedEnd),
        (".5", .unexpectedCharacter(offset: 0)),
        ("12a", .unexpectedCharacter(offset: 2)),
        ("1.2.3", .unexpectedCharacter(offset: 3)),
        (" 1", .unexpectedCharacter(offset: 0)),
        ("1 ", .unexpectedCharacter(offset: 1)),
        ("--1", .unexpectedCharacter(offset: 1)),
        ("1,5", .unexpectedCharacter(offset: 1)),
        ("-.5", .unexpectedCharacter(offset: 1)),
        ("1.5-", .unexpectedCharacter(offset: 3)),
        ("NaN", .unexpectedCharacter(offset: 0)),
        ("_1", .misplacedUnderscore(offset: 0)),
        ("1_", .misplacedUnderscore(offset: 1)),
        ("1__0", .misplacedUnderscore(offset: 2)),
        ("1_.5", .misplacedUnderscore(offset: 1)),
        ("1._5", .misplacedUnderscore(offset: 2)),
        ("0.0000000000000000001", .tooPrecise),
        ("1e-19", .tooPrecise),
        ("1e21", .outOfRange),
        ("170141183460469231732", .outOfRange),
        ("99999999999999999999999999999999999999999", .outOfRange),
        ("99999999999999999999999999999999999999.99", .outOfRange),
        ("1234567890123456789012.5", .outOfRange),
        ("123456789012345678901.0000000000000000001", .tooPrecise),
    ])
    func refusesInvalid(text: String, error: ValueParseError) {
        #expect(throws: error) { try Exact(parsing: text) }
    }

    @Test("reads the edges of the range", arguments: [
        ("170141183460469231731.687303715884105727", Exact.greatest),
        ("-170141183460469231731.687303715884105728", Exact.least),
    ])
    func readsRangeEdges(text: String, expected: Exact) throws {
        #expect(try Exact(parsing: text) == expected)
        #expect(expected.description == text)
    }

    @Test("writes the canonical form without trailing zeros", arguments: [
        ("19.99", "19.99"),
        ("0.30", "0.3"),
        ("-5.000", "-5"),
        ("-0.01", "-0.01"),
        ("1240", "1240"),
        ("1e-18", "0.000000000000000001"),
        ("-0", "0"),
        ("100.10", "100.1"),
    ])
    func writesCanonicalForm(text: String, expected: String) {
        #expect(exact(text).description == expected)
    }

    @Test("formats money with fixed fraction digits", arguments: [
        ("21.99", 2, "21.99"),
        ("1240", 2, "1240.00"),
        ("2.345", 2, "2.34"),
        ("2.355", 2, "2.36"),
        ("-2.345", 2, "-2.34"),
        ("-0.001", 2, "0.00"),
        ("0.5", 0, "0"),
        ("1.5", 0, "2"),
        ("21.99", 3, "21.990"),
        ("0.000000000000000001", 18, "0.000000000000000001"),
    ])
    func formatsFixedDigits(text: String, digits: Int, expected: String) {
        #expect(exact(text).formatted(fractionDigits: digits) == expected)
    }

    @Test("formatting honours the rounding rule")
    func formatsWithRule() {
        #expect(exact("12.341").formatted(fractionDigits: 2, rule: .up) == "12.35")
        #expect(exact("-12.349").formatted(fractionDigits: 2, rule: .towardZero) == "-12.34")
        #expect(Exact.greatest.formatted(fractionDigits: 0, rule: .up) == "170141183460469231732")
    }

    @Test("reads UTF-8 bytes without a string")
    func readsUTF8Bytes() throws {
        let token = Array(Array("{\"cost\": 10.50}".utf8)[9..<14])
        let value = try token.withUnsafeBufferPointer { bytes throws(ValueParseError) in
            try Exact(parsingUTF8: bytes)
        }
        #expect(value == exact("10.5"))
        #expect(Exact("12a") == nil)
        #expect(Exact("20_000") == exact("20000"))
    }

    @Test("error messages are lowercase single lines without a final period")
    func errorMessagesFollowStyle() {
        let errors: [ValueParseError] = [
            .empty, .unexpectedCharacter(offset: 3), .unexpectedEnd, .misplacedUnderscore(offset: 1),
            .tooPrecise, .outOfRange, .invalidDate, .invalidTime, .invalidOffset, .missingOffset,
            .unknownUnit(offset: 2), .unknownCurrency("XYZ"), .unknownTimeZone("Mars/Base"),
        ]
        for error in errors {
            let message = error.description
            #expect(message.first?.isLowercase == true)
            #expect(!message.hasSuffix("."))
            #expect(!message.contains("\n"))
        }
    }

    @Test("a percent is written by moving the point, exact past the range of its hundredfold", arguments: [
        ("0", "0%"), ("0.15", "15%"), ("1", "100%"), ("0.5", "50%"), ("-0.0125", "-1.25%"), ("0.001", "0.1%"),
        ("0.000000000000000001", "0.0000000000000001%"), ("12.3456", "1234.56%"),
        ("2000000000000000000", "200000000000000000000%"), ("-170141183460469231731.687303715884105728", "-17014118346046923173168.7303715884105728%"),
    ])
    func percentDescription(value: String, expected: String) {
        #expect(exact(value).percentDescription == expected)
    }
}
