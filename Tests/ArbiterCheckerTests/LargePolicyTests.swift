import ArbiterChecker
import ArbiterSyntax
import Testing

/// A policy of 20,000 lines (5,000 rules and 5,000 guards) checks cleanly. Checking is
/// linear in the size of the policy; `LargePolicy.text` is also what the speed figure in
/// the report was measured on (release build, parse + check).
@Suite struct LargePolicyTests {
    @Test func checksTwentyThousandLines() {
        let text = LargePolicy.text(rules: 5_000, guards: 5_000)
        #expect(text.split(separator: "\n").count >= 20_000)
        let outcome = Harness.check(text, path: "large.policy")
        #expect(outcome.diagnostics.isEmpty, "\(outcome.rendered.prefix(2_000))")
        let policy = outcome.policy
        #expect(policy.rules.count == 5_000)
        #expect(policy.guards.count == 5_000)
        #expect(policy.guards.filter { $0.form.isBound }.count == 5_000)
    }

    /// The parser allows chains of up to 100 operators; the checker walks them iteratively.
    @Test func longChainsCheck() {
        let conjuncts = (0..<90).map { "stock > \($0)" }.joined(separator: " and ")
        let sum = (0..<95).map { _ in "cost" }.joined(separator: " + ")
        let outcome = Harness.check(Harness.pricing("""
          rule long { when competitor_price exists and \(conjuncts) and competitor_price < price  set price = \(sum) }
        """))
        #expect(outcome.diagnostics.isEmpty, "\(outcome.rendered.prefix(2_000))")
    }
}

/// Generates large, valid policies.
enum LargePolicy {
    static func text(rules: Int, guards: Int) -> String {
        var lines = [
            "policy large {",
            "  drives pricing",
            "  key sku",
            "  currency EUR",
            "  input { sku: text  price: money  cost: money  stock: int  competitor_price: money? }",
            "  control price",
            "  control boost: number = 1.0",
            "  let margin = (price - cost) / price",
        ]
        lines.reserveCapacity(rules * 3 + guards + 10)
        for index in 0..<rules {
            lines.append("  rule r\(index) {")
            lines.append("    when stock > \(index) and margin > \(index % 50)% and (competitor_price ?? cost) < price")
            lines.append("    set price = cost * \(100 + index % 90)% }")
        }
        for index in 0..<guards {
            switch index % 5 {
            case 0: lines.append("  guard g\(index): price >= cost * \(index % 100)% else clamp")
            case 1: lines.append("  guard g\(index): price <= \(1_000 + index) EUR else clamp")
            case 2: lines.append("  guard g\(index): change(price) within \(1 + index % 30)% per 1d else clamp")
            case 3: lines.append("  guard g\(index): increase(boost) <= 1 per 1h else clamp")
            default: lines.append("  guard g\(index): boost between 0 and \(index + 1) else clamp")
            }
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
