import ArbiterRuntime
import Testing

@Suite("Exact: rounding")
struct ExactRoundingTests {
    @Test("rounds to fraction digits by rule", arguments: [
        ("2.345", 2, RoundingRule.halfEven, "2.34"),
        ("2.355", 2, .halfEven, "2.36"),
        ("-2.345", 2, .halfEven, "-2.34"),
        ("-2.355", 2, .halfEven, "-2.36"),
        ("2.3451", 2, .halfEven, "2.35"),
        ("12.345", 2, .up, "12.35"),
        ("12.345", 2, .down, "12.34"),
        ("-12.345", 2, .up, "-12.34"),
        ("-12.345", 2, .down, "-12.35"),
        ("12.345", 2, .towardZero, "12.34"),
        ("-12.345", 2, .towardZero, "-12.34"),
        ("2.345", 2, .halfAwayFromZero, "2.35"),
        ("-2.345", 2, .halfAwayFromZero, "-2.35"),
        ("2.5", 0, .halfEven, "2"),
        ("3.5", 0, .halfEven, "4"),
        ("-2.5", 0, .halfEven, "-2"),
        ("12.30", 2, .up, "12.3"),
        ("0.000000000000000001", 17, .up, "0.00000000000000001"),
        ("7", 18, .halfEven, "7"),
    ])
    func roundsToDigits(value: String, digits: Int, rule: RoundingRule, expected: String) throws {
        #expect(try exact(value).rounded(fractionDigits: digits, rule: rule) == exact(expected))
    }

    @Test("rounds to a multiple of a step", arguments: [
        ("21.97", "0.05", RoundingRule.halfEven, "21.95"),
        ("21.975", "0.05", .halfEven, "22"),
        ("21.925", "0.05", .halfEven, "21.9"),
        ("21.97", "0.05", .up, "22"),
        ("21.97", "0.05", .down, "21.95"),
        ("-21.97", "0.05", .up, "-21.95"),
        ("-21.97", "0.05", .down, "-22"),
        ("7", "2", .halfEven, "8"),
        ("5", "2", .halfEven, "4"),
        ("5", "2", .halfAwayFromZero, "6"),
        ("13.2", "0.25", .towardZero, "13"),
    ])
    func roundsToStep(value: String, step: String, rule: RoundingRule, expected: String) throws {
        #expect(try exact(value).rounded(toMultipleOf: exact(step), rule: rule) == exact(expected))
    }

    @Test("ceil and floor give integers", arguments: [
        ("2.1", "3", "2"),
        ("-2.1", "-2", "-3"),
        ("5", "5", "5"),
        ("0.000000000000000001", "1", "0"),
        ("-0.000000000000000001", "0", "-1"),
    ])
    func ceilAndFloor(value: String, ceiling: String, floor: String) throws {
        #expect(try exact(value).ceil() == exact(ceiling))
        #expect(try exact(value).floor() == exact(floor))
        #expect(try exact(value).ceil().isIntegral)
    }

    @Test("converts to Int64 with a rounding rule")
    func int64WithRule() throws {
        // `ceil(replicas * cpu / 60%)` with 7 replicas at 95% CPU.
        let replicas = try Exact(7).multiplied(by: exact("0.95")).divided(by: exact("0.6"))
        #expect(try replicas.int64Value(rounding: .up) == 12)
        #expect(try exact("-2.5").int64Value(rounding: .halfEven) == -2)
    }

    @Test("invalid rounding arguments are typed errors")
    func invalidArguments() {
        #expect(throws: EvaluationError.invalidArgument(.nonPositiveStep)) {
            try exact("1").rounded(toMultipleOf: .zero)
        }
        #expect(throws: EvaluationError.invalidArgument(.nonPositiveStep)) {
            try exact("1").rounded(toMultipleOf: exact("-0.05"))
        }
        #expect(throws: EvaluationError.invalidArgument(.fractionDigitsOutOfRange)) {
            try exact("1").rounded(fractionDigits: 19)
        }
        #expect(throws: EvaluationError.overflow(.rounding)) { try Exact.greatest.ceil() }
        #expect(throws: EvaluationError.overflow(.rounding)) { try Exact.least.floor() }
    }
}
