import ArbiterChecker
import ArbiterSyntax
import ArbiterTestSupport
import Foundation
import Testing

/// The resolved tables of `CheckedPolicy`, on the example policies.
@Suite struct CheckedModelTests {
    static func example(_ name: String) throws -> Harness.Outcome {
        let outcome = try Harness.check(file: Golden.repositoryRoot.appending(path: "Policies/\(name).policy"))
        #expect(outcome.diagnostics.isEmpty, "\(outcome.rendered)")
        return outcome
    }

    @Test func gardenPricing() throws {
        let outcome = try Self.example("garden_pricing")
        let policy = outcome.policy
        #expect(policy.name == "garden_pricing")
        #expect(policy.family == .pricing)
        #expect(policy.currency == "EUR")
        #expect(policy.timeZone.identifier == "GMT" || policy.timeZone.identifier == "UTC")
        #expect(policy.inputs.map(\.name) == ["sku", "cost", "price", "msrp", "competitor_price", "stock", "sales_7d"])
        #expect(policy.inputs.map(\.slot) == Array(0..<7))
        #expect(policy.keyField == 0)
        let competitor = policy.inputs[4]
        #expect(competitor.type == .money && competitor.isOptional)

        #expect(policy.controls.count == 1)
        let price = policy.controls[0]
        #expect(price.name == "price" && price.type == .money && price.source == .input(2) && price.resolve == nil)

        #expect(policy.lets.map(\.name) == ["margin"])
        #expect(policy.lets[0].type == .number)
        #expect(policy.goals.map(\.name) == ["margin"])

        #expect(policy.rules.map(\.name) == ["undercut", "clearance"])
        #expect(policy.rules[0].description == "Match the cheapest competitor")
        #expect(policy.rules[0].assignments.map(\.control) == [0])
        #expect(policy.rules[0].condition != nil)
        #expect(policy.rules[0].context == .current)

        let forms = policy.guards.map(\.form)
        guard case .lowerBound(control: 0, _, inclusive: true) = forms[0],
              case .upperBound(control: 0, _, inclusive: true) = forms[1],
              case .within(control: 0, _, let window) = forms[2],
              case .general = forms[3] else {
            Issue.record("unexpected guard forms \(forms)")
            return
        }
        #expect(window.text == "1d")
        #expect(policy.guards.map(\.enforcement.action) == [.clamp, .clamp, .clamp, .block])
        #expect(policy.guards[0].context == .proposed)

        let budget = try #require(policy.budgets.first)
        #expect(budget.name == "markdown" && budget.type == .money && budget.window.text == "7d")
        #expect(budget.enforcement.action == .escalate && budget.enforcement.role == nil)
        guard case .spends = budget.measure else {
            Issue.record("markdown should spend")
            return
        }
        #expect(policy.approvals.map(\.role) == ["pricing-lead"])
        #expect(policy.approvals.first?.expires?.text == "24h")
    }

    @Test func referencesResolveEveryName() throws {
        let outcome = try Self.example("garden_pricing")
        let policy = outcome.policy
        // `price` in `let margin = (price - cost) / price` is the control; `cost` an input.
        #expect(policy.references[outcome.span(of: "price - cost")] == nil)
        #expect(policy.references[outcome.span(of: "price - cost").prefix(5)] == .control(0))
        #expect(policy.references[outcome.span(of: "cost) / price").prefix(4)] == .input(1))
        #expect(policy.references[outcome.span(of: "margin >= 18%").prefix(6)] == .let(0))
        #expect(policy.types[outcome.span(of: "(price - cost) / price")] == .number)
        #expect(policy.types[outcome.span(of: "max(current(price) - price, 0 EUR) * sales_7d / 7")] == .money)
        #expect(policy.types[outcome.span(of: "changes(price, 1d)")] == .int)
        #expect(policy.types[outcome.span(of: "change(price)")] == .percent)
    }

    @Test func searchAds() throws {
        let outcome = try Self.example("search_ads")
        let policy = outcome.policy
        #expect(policy.family == .bidding)
        #expect(policy.lets.first?.type == .number)
        let budget = try #require(policy.budgets.first)
        #expect(budget.measure == .tracks(2))
        #expect(budget.enforcement.action == .block)
        #expect(policy.references[outcome.span(of: "ads.pace")] == .budgetMember(0, .pace))
        #expect(policy.types[outcome.span(of: "ads.pace")] == .percent)
        #expect(policy.types[outcome.span(of: "ads.remaining")] == .money)
        guard case .between(control: 0, _, _) = policy.guards[0].form, case .general = policy.guards[1].form else {
            Issue.record("unexpected guard forms")
            return
        }
    }

    @Test func storefrontAutoscale() throws {
        let outcome = try Self.example("storefront_autoscale")
        let policy = outcome.policy
        #expect(policy.currency == nil)
        #expect(policy.controls.first?.resolve == .max)
        #expect(policy.goals.map(\.name) == ["cpu", "p95_latency"])
        #expect(policy.types[outcome.span(of: "ceil(replicas * cpu / 60%)")] == .int)
        guard case .rateLimit(control: 0, direction: .increase, _, let window, inclusive: true) = policy.guards[1].form else {
            Issue.record("up_rate should be a rate limit: \(policy.guards[1].form)")
            return
        }
        #expect(window.text == "15s")
    }

    @Test func categoryRanking() throws {
        let outcome = try Self.example("category_ranking")
        let policy = outcome.policy
        #expect(policy.controls.map(\.name) == ["boost", "pinned"])
        #expect(policy.controls.map(\.type) == [.number, .bool])
        guard case .defaultValue(let value) = policy.controls[0].source else {
            Issue.record("boost has a default")
            return
        }
        #expect(outcome.source.text(of: value.span) == "1.0")
        let spring = try #require(policy.rules.last?.active)
        #expect(spring.start == Date(timeIntervalSince1970: 1_805_500_800))
        #expect(spring.end == Date(timeIntervalSince1970: 1_809_043_200)) // `.. 2027-04-30` ends when that day starts
        #expect(policy.references[outcome.span(of: "category)").prefix(8)] == .input(1))
    }

    @Test func letsAreInDependencyOrder() {
        let outcome = Harness.check(Harness.pricing("""
          let c = b * 2
          let b = a + 1
          let a = stock * 3
          rule r { when c > 100  set price = price * 90% }
        """))
        #expect(outcome.diagnostics.isEmpty, "\(outcome.rendered)")
        #expect(outcome.policy.lets.map(\.name) == ["a", "b", "c"])
        #expect(outcome.policy.lets.map(\.slot) == [0, 1, 2])
        #expect(outcome.policy.lets.map(\.type) == [.int, .int, .int])
        #expect(outcome.policy.references[outcome.span(of: "b * 2").prefix(1)] == .let(1))
    }

    @Test func policiesOfSeveralFilesAreCheckedTogether() {
        let first = SourceFile(path: "one.policy", text: Harness.pricing(""))
        let second = SourceFile(path: "two.policy", text: Harness.pricing("rule r { when stok > 1  set price = cost }"))
        let result = Checker.check([Parser.parse(second), Parser.parse(first)])
        #expect(result.policies.count == 2)
        #expect(result.diagnostics.map(\.code) == [.unknownName, .duplicatePolicy])
        #expect(result.diagnostics.map(\.span.file) == [second.id, first.id])
        #expect(result.policies.allSatisfy { $0.hasErrors })
        #expect(result.policy(named: "shop") != nil)
    }

    @Test func aLetReadOnlyByUnusedLetsIsUnused() {
        let outcome = Harness.check(Harness.pricing("""
            let a = cost
            let b = a * 2
            let c = b + a
            let kept = price - cost
            let margin = kept / price
            goal margin >= 10%
            """))
        #expect(outcome.codes == [.unusedLet, .unusedLet, .unusedLet])
        #expect(outcome.diagnostics.map(\.message).sorted() == [
            "let `a` is read only by unused lets (`b`, `c`)",
            "let `b` is read only by unused lets (`c`)",
            "let `c` is never read",
        ])
    }

    @Test func warningsDoNotMakeAPolicyInvalid() {
        let outcome = Harness.check(Harness.pricing("let unused = 1"))
        #expect(outcome.codes == [.unusedLet])
        #expect(!outcome.policy.hasErrors)
        #expect(!outcome.result.hasErrors)
    }
}
