import Arbiter
@testable import ArbiterPolicyTests
import ArbiterSyntax
import Testing

/// Mutants made at the spans of the tree, and coverage.
@Suite struct PolicyMutatorTests {
    static let text = """
        policy tiny {
          drives pricing
          key sku
          currency EUR
          input {
            sku: text
            price: money
            stock: int
          }
          control price
          rule overstock { when stock > 100 and price > 9.99 EUR set price = price * 90% }
          guard floor: price >= 5 EUR else clamp
        }
        """

    func mutants() throws -> (SourceFile, [Mutant]) {
        let source = SourceFile(path: "tiny.policy", text: Self.text)
        let parsed = Parser.parse(source)
        let policy = try #require(parsed.file.policies.first)
        return (source, PolicyMutator.mutants(of: policy, in: source))
    }

    @Test func makesEachKindOfMutant() throws {
        let (_, mutants) = try mutants()
        let changes = mutants.map(\.change)
        #expect(changes.contains("drop rule `overstock`"))
        #expect(changes.contains("negate `when` of rule `overstock`"))
        #expect(changes.contains("`>` → `>=`"))
        #expect(changes.contains("`>` → `<`"))
        #expect(changes.contains("`and` → `or`"))
        #expect(changes.contains("`100` → `101`"))
        #expect(changes.contains("`9.99 EUR` → `10.00 EUR`"))
        #expect(changes.contains("`90%` → `91%`"))
        #expect(changes.contains("drop guard `floor`"))
        #expect(changes.contains("guard `floor`: `clamp` → `warn`"))
        #expect(changes.contains("`>=` → `>`"))
        #expect(changes.contains("`5 EUR` → `6 EUR`"))
    }

    @Test func editsTheSourceAtTheSpan() throws {
        let (source, mutants) = try mutants()
        let flip = try #require(mutants.first { $0.change == "`>` → `>=`" })
        #expect(flip.line == 11 && flip.column == 31)
        #expect(flip.apply(to: source).contains("when stock >= 100 and price > 9.99 EUR"))
        let negate = try #require(mutants.first { $0.change.hasPrefix("negate") })
        #expect(negate.apply(to: source).contains("when not (stock > 100 and price > 9.99 EUR) set"))
        // Every mutant still parses.
        for mutant in mutants {
            let parsed = Parser.parse(SourceFile(path: "m.policy", text: mutant.apply(to: source)))
            #expect(!parsed.diagnostics.hasErrors, "\(mutant.change)")
        }
    }

    @Test(arguments: [("19.99", "20.00"), ("20", "21"), ("0.05", "0.06"), ("9", "10"), ("4.0", "4.1"),
                      ("1_999", "2_000"), ("20_000", "20_001"), ("99_999", "100_000"), ("9_999.99", "10_000.00")])
    func stepsTheLastDigit(_ number: String, _ moved: String) {
        #expect(PolicyMutator.step(number) == moved)
    }

    /// A constant written with `_` moves by its last digit, as the same value without
    /// them does: `1_999` and `1999` are one constant.
    @Test func aConstantWithSeparatorsMovesByItsLastDigit() throws {
        let text = Self.text.replacingOccurrences(of: "stock > 100", with: "stock > 1_999")
            .replacingOccurrences(of: "price >= 5 EUR", with: "price >= 9_999.99 EUR")
        let source = SourceFile(path: "tiny.policy", text: text)
        let policy = try #require(Parser.parse(source).file.policies.first)
        let mutants = PolicyMutator.mutants(of: policy, in: source)
        let changes = mutants.map(\.change)
        #expect(changes.contains("`1_999` → `2_000`"))
        #expect(changes.contains("`9_999.99 EUR` → `10_000.00 EUR`"))
        let threshold = try #require(mutants.first { $0.change == "`1_999` → `2_000`" })
        #expect(threshold.apply(to: source).contains("when stock > 2_000 and"))
    }

    @Test func coverageCountsActingGuardsOnly() throws {
        let (source, _) = try mutants()
        let policy = try #require(Parser.parse(source).file.policies.first)
        var coverage = PolicyCoverage(policy: policy, source: source)
        #expect(coverage.items.map(\.name) == ["overstock", "floor"])
        let plan = try #require(try Engine(sources: [(path: "tiny.policy", text: Self.text)], store: InMemoryStateStore()).policies["tiny"])
        let now = try Instant(parsing: "2026-11-23T10:00:00Z")
        let input: JSONValue = .object([("sku", .string("A")), ("price", .string("20.00")), ("stock", .number("150"))])
        coverage.record(plan.decide(json: input, at: now, store: InMemoryStateStore(), options: DecisionOptions(dryRun: true, explain: false)))
        #expect(coverage.missed.map(\.name) == ["floor"])
        #expect(coverage.percent == 50)
    }

    /// A mutant without a guard decides as if the guard never acted: a case expecting it
    /// `held` cannot tell them apart, one expecting it to clamp can.
    @Test func aDroppedGuardIsOneThatNeverActs() throws {
        let (source, mutants) = try mutants()
        let drop = try #require(mutants.first { $0.change == "drop guard `floor`" })
        let plan = try #require(try Engine.compile([SourceFile(path: "tiny.policy", text: drop.apply(to: source))])["tiny"])
        let text = """
            policy: tiny
            now: 2026-11-23T10:00:00Z
            cases:
              - name: named, never acting
                input: {sku: A, price: "20.00", stock: 150}
                expect: {outcome: applied, guards: {floor: held}}
              - name: expected to clamp
                input: {sku: A, price: "20.00", stock: 150}
                expect: {guards: {floor: clamped}}
            """
        let file = try PolicyTestFile.parse(text, path: "tiny_test.yaml")
        let held = PolicyTestRunner.run(file.cases[0], file: file.path, on: plan, mutant: true)
        #expect(held.passed, "\(held.failures)")
        let clamped = PolicyTestRunner.run(file.cases[1], file: file.path, on: plan, mutant: true)
        #expect(clamped.failures == ["guards.floor: expected clamped, got held"])
        // The original's own run still refuses a guard the policy does not have.
        let misspelt = PolicyTestRunner.run(file.cases[0], file: file.path, on: plan)
        #expect(misspelt.failures.count == 1 && misspelt.failures[0].hasPrefix("guards.floor: the policy has no guard or budget"))
    }
}
