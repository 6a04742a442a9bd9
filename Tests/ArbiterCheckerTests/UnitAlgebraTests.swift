import ArbiterChecker
import ArbiterSyntax
import Testing

/// The unit algebra table of DESIGN.md, row by row.
@Suite struct UnitAlgebraTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var op: ArithmeticOperator
        var left: ValueType
        var right: ValueType
        /// nil: the combination is an error.
        var result: ValueType?

        var testDescription: String {
            "\(left) \(op.rawValue) \(right) = \(result.map(\.displayName) ?? "error")"
        }
    }

    static let rows: [Row] = [
        // Dimensionless.
        Row(op: .add, left: .int, right: .int, result: .int),
        Row(op: .subtract, left: .int, right: .int, result: .int),
        Row(op: .multiply, left: .int, right: .int, result: .int),
        Row(op: .divide, left: .int, right: .int, result: .number),
        Row(op: .add, left: .percent, right: .percent, result: .percent),
        Row(op: .subtract, left: .percent, right: .percent, result: .percent),
        Row(op: .multiply, left: .percent, right: .percent, result: .percent),
        Row(op: .divide, left: .percent, right: .percent, result: .number),
        Row(op: .add, left: .number, right: .percent, result: .number),
        Row(op: .multiply, left: .int, right: .percent, result: .number),
        Row(op: .divide, left: .number, right: .int, result: .number),
        Row(op: .subtract, left: .number, right: .int, result: .number),
        // Money.
        Row(op: .add, left: .money, right: .money, result: .money),
        Row(op: .subtract, left: .money, right: .money, result: .money),
        Row(op: .multiply, left: .money, right: .percent, result: .money),
        Row(op: .multiply, left: .money, right: .number, result: .money),
        Row(op: .multiply, left: .money, right: .int, result: .money),
        Row(op: .multiply, left: .percent, right: .money, result: .money),
        Row(op: .multiply, left: .int, right: .money, result: .money),
        Row(op: .divide, left: .money, right: .int, result: .money),
        Row(op: .divide, left: .money, right: .percent, result: .money),
        Row(op: .divide, left: .money, right: .money, result: .number),
        Row(op: .add, left: .money, right: .percent, result: nil),
        Row(op: .add, left: .money, right: .number, result: nil),
        Row(op: .subtract, left: .money, right: .int, result: nil),
        Row(op: .add, left: .percent, right: .money, result: nil),
        Row(op: .multiply, left: .money, right: .money, result: nil),
        Row(op: .divide, left: .number, right: .money, result: nil),
        Row(op: .add, left: .money, right: .duration, result: nil),
        // Durations and times.
        Row(op: .add, left: .duration, right: .duration, result: .duration),
        Row(op: .subtract, left: .duration, right: .duration, result: .duration),
        Row(op: .multiply, left: .duration, right: .int, result: .duration),
        Row(op: .multiply, left: .number, right: .duration, result: .duration),
        Row(op: .divide, left: .duration, right: .number, result: .duration),
        Row(op: .divide, left: .duration, right: .duration, result: .number),
        Row(op: .multiply, left: .duration, right: .duration, result: nil),
        Row(op: .add, left: .duration, right: .int, result: nil),
        Row(op: .subtract, left: .time, right: .time, result: .duration),
        Row(op: .add, left: .time, right: .duration, result: .time),
        Row(op: .subtract, left: .time, right: .duration, result: .time),
        Row(op: .add, left: .duration, right: .time, result: .time),
        Row(op: .add, left: .time, right: .time, result: nil),
        Row(op: .subtract, left: .duration, right: .time, result: nil),
        Row(op: .add, left: .date, right: .duration, result: nil),
        // Values without arithmetic.
        Row(op: .add, left: .text, right: .text, result: nil),
        Row(op: .add, left: .bool, right: .int, result: nil),
        Row(op: .multiply, left: .enumeration(["a"]), right: .int, result: nil),
        // The error type absorbs everything silently.
        Row(op: .add, left: .error, right: .money, result: .error),
        Row(op: .divide, left: .text, right: .error, result: .error),
    ]

    @Test(arguments: rows)
    func arithmetic(_ row: Row) {
        #expect(UnitAlgebra.arithmetic(row.op, row.left, row.right) == row.result)
    }

    struct Comparison: Sendable, CustomTestStringConvertible {
        var op: ComparisonOperator
        var left: ValueType
        var right: ValueType
        var valid: Bool
        var testDescription: String { "\(left) \(op.rawValue) \(right): \(valid ? "valid" : "error")" }
    }

    static let comparisons: [Comparison] = [
        Comparison(op: .less, left: .number, right: .percent, valid: true),
        Comparison(op: .greaterEqual, left: .int, right: .number, valid: true),
        Comparison(op: .lessEqual, left: .money, right: .money, valid: true),
        Comparison(op: .greater, left: .duration, right: .duration, valid: true),
        Comparison(op: .less, left: .time, right: .time, valid: true),
        Comparison(op: .less, left: .date, right: .date, valid: true),
        Comparison(op: .equal, left: .bool, right: .bool, valid: true),
        Comparison(op: .equal, left: .text, right: .enumeration(["a", "b"]), valid: true),
        Comparison(op: .notEqual, left: .enumeration(["a"]), right: .enumeration(["b"]), valid: true),
        Comparison(op: .greater, left: .duration, right: .money, valid: false),
        Comparison(op: .equal, left: .duration, right: .money, valid: false),
        Comparison(op: .greater, left: .money, right: .int, valid: false),
        Comparison(op: .less, left: .text, right: .text, valid: false),
        Comparison(op: .greater, left: .bool, right: .bool, valid: false),
        Comparison(op: .less, left: .time, right: .date, valid: false),
        Comparison(op: .equal, left: .bool, right: .int, valid: false),
        Comparison(op: .less, left: .error, right: .text, valid: true),
    ]

    @Test(arguments: comparisons)
    func comparison(_ row: Comparison) {
        #expect(UnitAlgebra.canCompare(row.op, row.left, row.right) == row.valid)
    }

    @Test func negation() {
        for type in [ValueType.int, .number, .percent, .money, .duration] {
            #expect(UnitAlgebra.negation(type) == type)
        }
        for type in [ValueType.text, .bool, .time, .date, .enumeration(["a"])] {
            #expect(UnitAlgebra.negation(type) == nil)
        }
    }

    @Test func join() {
        #expect(UnitAlgebra.join(.int, .int) == .int)
        #expect(UnitAlgebra.join(.int, .number) == .number)
        #expect(UnitAlgebra.join(.percent, .number) == .number)
        #expect(UnitAlgebra.join(.money, .money) == .money)
        #expect(UnitAlgebra.join(.money, .int) == nil)
        #expect(UnitAlgebra.join(.text, .enumeration(["a"])) == .text)
        #expect(UnitAlgebra.join(.error, .bool) == .error)
    }

    @Test func assignability() {
        #expect(UnitAlgebra.isAssignable(.int, to: .number))
        #expect(!UnitAlgebra.isAssignable(.number, to: .int))
        #expect(!UnitAlgebra.isAssignable(.percent, to: .number))
        #expect(!UnitAlgebra.isAssignable(.number, to: .money))
        #expect(UnitAlgebra.isAssignable(.enumeration(["a"]), to: .text))
        #expect(UnitAlgebra.isAssignable(.enumeration(["a"]), to: .enumeration(["a", "b"])))
        #expect(!UnitAlgebra.isAssignable(.enumeration(["c"]), to: .enumeration(["a", "b"])))
    }

    @Test func displayNames() {
        #expect(ValueType.int.displayName == "int")
        #expect(ValueType.money.displayName == "money")
        #expect(ValueType.optional(.money).displayName == "money?")
        #expect(ValueType.enumeration(["a", "b"]).displayName == "one of \"a\", \"b\"")
        #expect(ValueType(named: "percent") == .percent)
        #expect(ValueType(named: "decimal") == nil)
    }
}
