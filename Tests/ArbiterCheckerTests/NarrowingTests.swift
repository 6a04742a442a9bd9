import ArbiterChecker
import ArbiterSyntax
import Testing

/// Where an optional input may be read: after `exists` in an `and` chain, in the rule's
/// `set` values, in `if … exists then`, through `??`; nowhere else.
@Suite struct NarrowingTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var items: String
        var codes: [DiagnosticCode]
        var testDescription: String { items.replacingOccurrences(of: "\n", with: " ") }
    }

    static let cases: [Case] = [
        // Allowed.
        Case(items: "rule r { when competitor_price exists and competitor_price < price  set price = price * 99% }", codes: []),
        Case(items: "rule r { when competitor_price exists and stock > 1  set price = competitor_price }", codes: []),
        Case(items: "rule r { when stock > 1 and competitor_price exists and competitor_price < price and competitor_price > cost  set price = competitor_price }", codes: []),
        Case(items: "rule r { when (competitor_price exists and stock > 1) and competitor_price < price  set price = competitor_price }", codes: []),
        Case(items: "rule r { when stock > 1  set price = competitor_price ?? price }", codes: []),
        Case(items: "rule r { when stock > 1  set price = if competitor_price exists then competitor_price else price }", codes: []),
        Case(items: "rule r { when stock > 1  set price = if competitor_price exists and stock > 2 then competitor_price * 99% else price }", codes: []),
        Case(items: "guard g: competitor_price exists and price >= competitor_price * 90% else block", codes: []),
        Case(items: "approve when competitor_price exists and price > competitor_price { by \"lead\" }", codes: []),
        Case(items: "let gap = if competitor_price exists then price - competitor_price else 0 EUR\ngoal gap <= 5 EUR", codes: []),
        // Not allowed.
        Case(items: "rule r { when competitor_price < price  set price = price * 99% }", codes: [.unnarrowedOptional]),
        Case(items: "rule r { when competitor_price < price and competitor_price exists  set price = price * 99% }", codes: [.unnarrowedOptional]),
        Case(items: "rule r { when competitor_price exists or competitor_price < price  set price = price * 99% }", codes: [.unnarrowedOptional]),
        Case(items: "rule r { when not (competitor_price exists) and competitor_price < price  set price = price * 99% }", codes: [.unnarrowedOptional]),
        Case(items: "rule r { when competitor_price exists or stock > 1  set price = competitor_price }", codes: [.unnarrowedOptional]),
        Case(items: "rule r { when stock > 1  set price = if competitor_price exists then price else competitor_price }", codes: [.unnarrowedOptional]),
        Case(items: "let gap = price - competitor_price\ngoal gap <= 5 EUR", codes: [.unnarrowedOptional]),
        Case(items: "guard g: price >= competitor_price else block", codes: [.unnarrowedOptional]),
        // One report per item, even when read twice.
        Case(items: "rule r { when competitor_price < price  set price = competitor_price }", codes: [.unnarrowedOptional]),
        // `exists` and `??` need an optional.
        Case(items: "rule r { when stock exists  set price = price * 99% }", codes: [.existsOnRequired]),
        Case(items: "rule r { when stock > 1  set price = cost ?? price }", codes: [.existsOnRequired]),
        Case(items: "rule r { when stock > 1  set price = competitor_price ?? 0 }", codes: [.invalidOperand]),
    ]

    @Test(arguments: cases)
    func narrowing(_ testCase: Case) {
        let outcome = Harness.check(Harness.pricing(testCase.items))
        #expect(outcome.codes == testCase.codes, "\(outcome.rendered)")
    }

    @Test func typesRecordWhereAValueMayBeMissing() {
        let outcome = Harness.check(Harness.pricing(
            "rule r { when competitor_price exists and competitor_price < price  set price = competitor_price ?? price }"))
        #expect(outcome.diagnostics.isEmpty, "\(outcome.rendered)")
        let policy = outcome.policy
        // Under `exists` and left of `??` the read may be missing; after narrowing it may not.
        #expect(policy.types[outcome.span(of: "competitor_price", occurrence: 3)] == .optional(.money))
        #expect(policy.types[outcome.span(of: "competitor_price", occurrence: 4)] == .money)
        #expect(policy.types[outcome.span(of: "competitor_price", occurrence: 5)] == .optional(.money))
        #expect(policy.types[outcome.span(of: "competitor_price ?? price", occurrence: 2)] == .money)
        #expect(policy.types[outcome.span(of: "competitor_price exists", occurrence: 1)] == .bool)
    }

    @Test func theMessageNamesTheField() throws {
        let outcome = Harness.check(Harness.pricing("guard g: price >= competitor_price else block"))
        let diagnostic = try #require(outcome.diagnostics.first)
        #expect(diagnostic.message == "optional `competitor_price` may be missing here")
        #expect(diagnostic.help == "check `competitor_price exists` first, or give a fallback: `competitor_price ?? …`")
        #expect(diagnostic.span == outcome.span(of: "competitor_price", occurrence: 3))
    }
}
