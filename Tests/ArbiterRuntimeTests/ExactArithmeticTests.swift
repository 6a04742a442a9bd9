import ArbiterRuntime
import Testing

@Suite("Exact: arithmetic")
struct ExactArithmeticTests {
    @Test("0.1 + 0.2 is exactly 0.3")
    func tenthsAddExactly() throws {
        #expect(try exact("0.1").adding(exact("0.2")) == exact("0.3"))
        #expect(try exact("0.3").subtracting(exact("0.1")) == exact("0.2"))
    }

    @Test("adds and subtracts", arguments: [
        ("19.99", "0.01", "20", "19.98"),
        ("-5", "2.5", "-2.5", "-7.5"),
        ("0.000000000000000001", "0.000000000000000001", "0.000000000000000002", "0"),
        ("24.90", "-24.90", "0", "49.8"),
    ])
    func addsAndSubtracts(left: String, right: String, sum: String, difference: String) throws {
        #expect(try exact(left).adding(exact(right)) == exact(sum))
        #expect(try exact(left).subtracting(exact(right)) == exact(difference))
    }

    @Test("multiplies exactly whenever the product fits", arguments: [
        ("24.90", "0.9", "22.41"),
        ("21.99", "1.15", "25.2885"),
        ("-3", "0.5", "-1.5"),
        ("-3", "-0.5", "1.5"),
        ("0.000000001", "0.000000001", "0.000000000000000001"),
        ("12345678901234567890", "0.000000000000000001", "12.34567890123456789"),
        ("100000000000000000000", "1.5", "150000000000000000000"),
        ("1.5", "0", "0"),
    ])
    func multiplies(left: String, right: String, product: String) throws {
        #expect(try exact(left).multiplied(by: exact(right)) == exact(product))
        #expect(try exact(right).multiplied(by: exact(left)) == exact(product))
    }

    @Test("rounds a product past 18 digits half-even", arguments: [
        ("0.000000000000000001", "0.5", "0"),
        ("0.000000000000000003", "0.5", "0.000000000000000002"),
        ("0.000000000000000001", "0.6", "0.000000000000000001"),
        ("-0.000000000000000003", "0.5", "-0.000000000000000002"),
    ])
    func roundsProducts(left: String, right: String, product: String) throws {
        #expect(try exact(left).multiplied(by: exact(right)) == exact(product))
    }

    @Test("divides, rounding the 18th digit half-even", arguments: [
        ("1", "3", "0.333333333333333333"),
        ("2", "3", "0.666666666666666667"),
        ("-2", "3", "-0.666666666666666667"),
        ("21.99", "24.90", "0.883132530120481928"),
        ("5000", "4", "1250"),
        ("1", "8", "0.125"),
        ("0.000000000000000001", "2", "0"),
        ("0.000000000000000003", "2", "0.000000000000000002"),
        ("-7.5", "-2.5", "3"),
    ])
    func divides(dividend: String, divisor: String, quotient: String) throws {
        #expect(try exact(dividend).divided(by: exact(divisor)) == exact(quotient))
    }

    @Test("division honours an explicit rounding rule")
    func dividesWithRule() throws {
        #expect(try exact("2").divided(by: exact("3"), rounding: .down) == exact("0.666666666666666666"))
        #expect(try exact("-1").divided(by: exact("3"), rounding: .up) == exact("-0.333333333333333333"))
        #expect(try exact("-1").divided(by: exact("3"), rounding: .down) == exact("-0.333333333333333334"))
    }

    @Test("division by zero is a typed error")
    func divisionByZero() {
        #expect(throws: EvaluationError.divisionByZero) { try exact("1").divided(by: .zero) }
        #expect(throws: EvaluationError.divisionByZero) { try Exact.zero.divided(by: .zero) }
    }

    @Test("overflow is a typed error, never a trap")
    func overflowIsReported() {
        #expect(throws: EvaluationError.overflow(.addition)) { try Exact.greatest.adding(Exact(units: 1)) }
        #expect(throws: EvaluationError.overflow(.subtraction)) { try Exact.least.subtracting(Exact(units: 1)) }
        #expect(throws: EvaluationError.overflow(.multiplication)) { try exact("1e20").multiplied(by: exact("2")) }
        #expect(throws: EvaluationError.overflow(.multiplication)) { try Exact.greatest.multiplied(by: 2 as Int64) }
        #expect(throws: EvaluationError.overflow(.division)) { try exact("1e20").divided(by: exact("0.01")) }
        #expect(throws: EvaluationError.overflow(.negation)) { try Exact.least.negated() }
        #expect(throws: EvaluationError.overflow(.negation)) { try Exact.least.absoluteValue() }
    }

    @Test("the range's ends multiply by one and minus one")
    func rangeEnds() throws {
        #expect(try Exact.greatest.multiplied(by: .one) == .greatest)
        #expect(try Exact.least.multiplied(by: .one) == .least)
        #expect(try Exact.greatest.multiplied(by: exact("-1")) == Exact(units: -Int128.max))
        #expect(try Exact.least.divided(by: .one) == .least)
    }

    @Test("negation, absolute value, minimum, maximum and clamp")
    func unaryAndBounds() throws {
        #expect(try exact("2.5").negated() == exact("-2.5"))
        #expect(try exact("-2.5").absoluteValue() == exact("2.5"))
        #expect(Exact.minimum(exact("1"), exact("-1")) == exact("-1"))
        #expect(Exact.maximum(exact("1"), exact("-1")) == exact("1"))
        #expect(exact("0.04").clamped(lower: exact("0.05"), upper: exact("2.50")) == exact("0.05"))
        #expect(exact("3").clamped(lower: exact("0.05"), upper: exact("2.50")) == exact("2.50"))
        #expect(exact("1").clamped(lower: exact("0.05"), upper: exact("2.50")) == exact("1"))
        #expect(exact("5").clamped(lower: exact("3"), upper: exact("2")) == exact("3"))
    }

    @Test("converts from and to Int64", arguments: [Int64.min, -1, 0, 1, 42, Int64.max])
    func convertsInt64(value: Int64) throws {
        let converted = Exact(value)
        #expect(converted.isIntegral)
        #expect(try converted.int64Value() == value)
        #expect(converted.description == String(value))
    }

    @Test("only integral values in range convert to Int64")
    func int64ConversionErrors() {
        #expect(throws: EvaluationError.notAnInteger) { try exact("2.5").int64Value() }
        #expect(throws: EvaluationError.overflow(.conversion)) { try exact("1e19").int64Value() }
    }

    @Test("orders and hashes by value")
    func ordersByValue() {
        #expect(exact("-0.01") < .zero)
        #expect(exact("19.99") < exact("20"))
        #expect(exact("1.50") == exact("1.5"))
        #expect(Set([exact("1.50"), exact("1.5"), exact("1.500")]).count == 1)
        #expect(Exact(mantissa: 1999, fractionDigits: 2) == exact("19.99"))
        let literal: Exact = 5000
        #expect(literal == exact("5e3"))
    }

    @Test("evaluation error messages follow the style")
    func messages() {
        #expect(EvaluationError.overflow(.multiplication).description == "arithmetic overflow in multiplication")
        #expect(EvaluationError.divisionByZero.description == "division by zero")
        #expect(EvaluationError.currencyMismatch("EUR", "USD").description == "cannot combine `EUR` and `USD` amounts")
        #expect(EvaluationError.invalidArgument(.nonPositiveStep).description == "rounding step must be greater than zero")
    }
}
