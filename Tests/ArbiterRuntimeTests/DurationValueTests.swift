import ArbiterRuntime
import Testing

@Suite("DurationValue: text and arithmetic")
struct DurationValueTests {
    @Test("reads durations", arguments: [
        ("300ms", Int64(300_000)),
        ("15s", 15_000_000),
        ("5m", 300_000_000),
        ("24h", 86_400_000_000),
        ("7d", 604_800_000_000),
        ("2w", 1_209_600_000_000),
        ("1h30m", 5_400_000_000),
        ("1.5s", 1_500_000),
        ("0.25h", 900_000_000),
        ("1.500s", 1_500_000),
        ("-5m", -300_000_000),
        ("+5m", 300_000_000),
        ("250us", 250),
        ("250µs", 250),
        ("0s", 0),
        ("9223372036854775806us", 9_223_372_036_854_775_806),
    ])
    func reads(text: String, microseconds: Int64) throws {
        #expect(try DurationValue(parsing: text).microseconds == microseconds)
    }

    @Test("refuses malformed durations", arguments: [
        ("", ValueParseError.empty),
        ("5", .unknownUnit(offset: 1)),
        ("5x", .unknownUnit(offset: 1)),
        ("5u", .unknownUnit(offset: 1)),
        ("m", .unexpectedCharacter(offset: 0)),
        ("-", .unexpectedEnd),
        ("1.s", .unexpectedCharacter(offset: 2)),
        ("1.", .unexpectedEnd),
        ("1h 30m", .unexpectedCharacter(offset: 2)),
        ("0.1us", .tooPrecise),
        ("0.0000001s", .tooPrecise),
        ("16000000w", .outOfRange),
        ("9223372036854775808us", .outOfRange),
        // ±Int64.max microseconds is `unbounded`, which no text names.
        ("9223372036854775807us", .outOfRange),
        ("-9223372036854775807us", .outOfRange),
    ])
    func refuses(text: String, error: ValueParseError) {
        #expect(throws: error) { try DurationValue(parsing: text) }
    }

    @Test("writes the largest exact unit", arguments: [
        (Int64(300_000), "300ms"),
        (15_000_000, "15s"),
        (300_000_000, "5m"),
        (5_400_000_000, "90m"),
        (86_400_000_000, "1d"),
        (604_800_000_000, "1w"),
        (1_209_600_000_000, "2w"),
        (1_500_000, "1500ms"),
        (1, "0.001ms"),
        (1_500, "1.5ms"),
        (-999_999, "-999.999ms"),
        (1_000_001, "1.000001s"),
        (300_000_001, "300.000001s"),
        (-3_599_999_999, "-3599.999999s"),
        (0, "0s"),
        (-300_000_000, "-5m"),
    ])
    func writes(microseconds: Int64, expected: String) {
        #expect(DurationValue(microseconds: microseconds).description == expected)
    }

    @Test("description round-trips")
    func roundTrips() throws {
        var generator = SplitMix64(seed: 99)
        for _ in 0..<1_000 {
            let unit = DurationValue.Unit.allCases.randomElement(using: &generator)!
            let count = Int64.random(in: -1_000_000...1_000_000, using: &generator)
            let duration = try DurationValue(count, unit)
            #expect(try DurationValue(parsing: duration.description) == duration)
        }
    }

    /// ±(2⁶³ − 1) µs is `unbounded`: arithmetic that lands there has overflowed, and is
    /// never mistaken for a `since_change` that never changed.
    @Test("arithmetic landing on the unbounded value overflows")
    func arithmeticNeverMakesUnbounded() {
        #expect(throws: EvaluationError.overflow(.addition)) { try DurationValue(microseconds: .max - 1).adding(DurationValue(microseconds: 1)) }
        #expect(throws: EvaluationError.overflow(.subtraction)) { try DurationValue(microseconds: -(.max - 1)).subtracting(DurationValue(microseconds: 1)) }
        #expect(throws: EvaluationError.overflow(.multiplication)) { try DurationValue(microseconds: Int64.max / 7).multiplied(by: Exact(7)) }
        #expect(throws: Never.self) { try DurationValue(microseconds: .max - 2).adding(DurationValue(microseconds: 1)) }
    }

    @Test("arithmetic, ratios and scaling")
    func arithmetic() throws {
        #expect(try DurationValue.minutes(5).adding(.seconds(30)) == DurationValue.seconds(330))
        #expect(try DurationValue.minutes(5).subtracting(.minutes(6)) == DurationValue.minutes(-1))
        #expect(try DurationValue.milliseconds(900).ratio(to: .milliseconds(300)) == Exact(3))
        #expect(try DurationValue.seconds(10).multiplied(by: exact("0.15")) == .milliseconds(1_500))
        #expect(try DurationValue(microseconds: 3).multiplied(by: exact("0.5")) == DurationValue(microseconds: 2))
        #expect(DurationValue.milliseconds(1_500).seconds == exact("1.5"))
        #expect(DurationValue.milliseconds(300) < .seconds(1))
        #expect(throws: EvaluationError.divisionByZero) { try DurationValue.seconds(1).ratio(to: .zero) }
        // Unbounded (since_change with no change): a duration over it is 0, it over a
        // duration has no number.
        #expect(try DurationValue.hours(1).ratio(to: .unbounded) == .zero)
        #expect(DurationValue.unbounded.description == "unbounded")
        #expect(try DurationValue.unbounded.negated().description == "-unbounded")
        #expect(throws: EvaluationError.unboundedArithmetic(.division)) { try DurationValue.unbounded.ratio(to: .unbounded) }
        #expect(throws: EvaluationError.unboundedArithmetic(.division)) { try DurationValue.unbounded.ratio(to: .hours(1)) }
        #expect(throws: EvaluationError.unboundedArithmetic(.subtraction)) { try DurationValue.unbounded.subtracting(.unbounded) }
        #expect(throws: EvaluationError.unboundedArithmetic(.addition)) { try DurationValue.unbounded.adding(try DurationValue.unbounded.negated()) }
        #expect(throws: EvaluationError.overflow(.multiplication)) { try DurationValue(Int64.max, .weeks) }
    }
}
