import ArbiterChecker
import ArbiterSyntax
import ArbiterTestSupport
import Foundation
import Testing

/// The acceptance cases of the issue: each gives exactly one precise diagnostic.
@Suite struct AcceptanceTests {
    static func fixture(_ name: String) throws -> Harness.Outcome {
        try Harness.check(file: Golden.fixturesFolder("check").appending(path: "acceptance/\(name).policy"))
    }

    @Test func typoSuggestsTheDeclaredName() throws {
        let outcome = try Self.fixture("typo_in_rule")
        #expect(outcome.diagnostics.count == 1, "\(outcome.rendered)")
        let diagnostic = try #require(outcome.diagnostics.first)
        #expect(diagnostic.code == .unknownName)
        #expect(diagnostic.severity == .error)
        #expect(diagnostic.message == "unknown name `stok`")
        #expect(diagnostic.label == "not declared in this policy")
        #expect(diagnostic.help == "did you mean `stock`?")
        #expect(diagnostic.span == outcome.span(of: "stok ").prefix(4))
        #expect(diagnostic.fixIts == [FixIt(span: outcome.span(of: "stok", occurrence: 1), replacement: "stock")])
        #expect(outcome.rendered.contains("typo_in_rule.policy:29:10"))
    }

    @Test func moneyPlusPercentNamesBothTypes() throws {
        let outcome = try Self.fixture("money_plus_percent")
        #expect(outcome.diagnostics.count == 1, "\(outcome.rendered)")
        let diagnostic = try #require(outcome.diagnostics.first)
        #expect(diagnostic.code == .invalidArithmetic)
        #expect(diagnostic.message == "cannot add percent to money")
        #expect(diagnostic.help == "to raise a price by a percent write `price * 110%`")
        #expect(diagnostic.span == outcome.span(of: "price + 10%"))
    }

    @Test func uncheckedOptionalAsksForExists() throws {
        let outcome = try Self.fixture("unchecked_optional")
        #expect(outcome.diagnostics.count == 1, "\(outcome.rendered)")
        let diagnostic = try #require(outcome.diagnostics.first)
        #expect(diagnostic.code == .unnarrowedOptional)
        #expect(diagnostic.message == "optional `competitor_price` may be missing here")
        #expect(diagnostic.help?.hasPrefix("check `competitor_price exists` first") == true)
        #expect(diagnostic.span == outcome.span(of: "competitor_price < price").prefix(16))
    }

    @Test func floorAboveCeilingIsAWarning() throws {
        let outcome = try Self.fixture("floor_above_ceiling")
        #expect(outcome.diagnostics.count == 1, "\(outcome.rendered)")
        let diagnostic = try #require(outcome.diagnostics.first)
        #expect(diagnostic.code == .contradictoryBounds)
        #expect(diagnostic.severity == .warning)
        #expect(diagnostic.message == "no value of `price` is at least `20 EUR` and at most `10 EUR`")
        #expect(diagnostic.span == outcome.span(of: "price <= 10 EUR"))
        #expect(diagnostic.notes.map(\.span) == [outcome.span(of: "20 EUR")])
        #expect(!outcome.result.hasErrors)
    }
}

extension Span {
    /// The first `length` bytes of the span.
    func prefix(_ length: Int) -> Span { Span(file: file, start: start, end: start + length) }
}
