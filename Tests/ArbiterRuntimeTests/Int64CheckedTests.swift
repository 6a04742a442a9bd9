import ArbiterRuntime
import Testing

@Suite("Int64: checked arithmetic")
struct Int64CheckedTests {
    @Test("in-range results are plain arithmetic")
    func inRange() throws {
        #expect(try Int64(40).checkedAdding(2) == 42)
        #expect(try Int64(40).checkedSubtracting(42) == -2)
        #expect(try Int64(-6).checkedMultiplied(by: 7) == -42)
        #expect(try Int64(-7).checkedDivided(by: 2) == -3)
        #expect(try Int64(-7).checkedRemainder(dividingBy: 2) == -1)
        #expect(try Int64(-7).checkedAbsoluteValue() == 7)
        #expect(try Int64.min.checkedRemainder(dividingBy: -1) == 0)
    }

    @Test("overflow and division by zero are typed errors")
    func errors() {
        #expect(throws: EvaluationError.overflow(.addition)) { try Int64.max.checkedAdding(1) }
        #expect(throws: EvaluationError.overflow(.subtraction)) { try Int64.min.checkedSubtracting(1) }
        #expect(throws: EvaluationError.overflow(.multiplication)) { try Int64.max.checkedMultiplied(by: 2) }
        #expect(throws: EvaluationError.overflow(.division)) { try Int64.min.checkedDivided(by: -1) }
        #expect(throws: EvaluationError.overflow(.negation)) { try Int64.min.checkedNegated() }
        #expect(throws: EvaluationError.overflow(.negation)) { try Int64.min.checkedAbsoluteValue() }
        #expect(throws: EvaluationError.divisionByZero) { try Int64(1).checkedDivided(by: 0) }
        #expect(throws: EvaluationError.divisionByZero) { try Int64(1).checkedRemainder(dividingBy: 0) }
    }
}
