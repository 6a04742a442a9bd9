// Which parts of a policy its tests exercised: rules that fired, guards that acted
// (clamped, blocked, escalated or warned), approve conditions that asked for an approval
// and budgets that acted (or, for a budget without `else`, reported a spend).

import Arbiter
import ArbiterSyntax

/// One coverable part of a policy.
public struct CoverageItem: Sendable, Hashable {
    /// What kind of part.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case rule, `guard`, approve, budget
    }
    /// What kind of part.
    public var kind: Kind
    /// The rule, guard or budget name; the condition's text for an approve block.
    public var name: String
    /// Whether a budget has an `else` enforcement.
    var acts: Bool = true
    /// Whether some case exercised it.
    public var covered: Bool = false
}

/// The coverage of one policy by its test cases.
public struct PolicyCoverage: Sendable {
    /// The policy's name.
    public var policy: String
    /// Every item, in the policy's written order.
    public var items: [CoverageItem]

    /// The items of `policy`'s source, none covered yet.
    public init(policy: Policy, source: SourceFile) {
        self.policy = policy.name.name
        items = []
        for item in policy.items {
            switch item.kind {
            case .rule(let rule): items.append(CoverageItem(kind: .rule, name: rule.name.name))
            case .guard(let guardItem): items.append(CoverageItem(kind: .guard, name: guardItem.name.name))
            case .approve(let approve): items.append(CoverageItem(kind: .approve, name: source.text(of: approve.condition.span)))
            case .budget(let budget):
                let acts = budget.clauses.contains { if case .otherwise = $0 { true } else { false } }
                items.append(CoverageItem(kind: .budget, name: budget.name.name, acts: acts))
            default: break
            }
        }
    }

    /// Marks what `decision` exercised.
    public mutating func record(_ decision: Decision) {
        let acting: Set<GuardEvent.Result> = [.clamped, .blocked, .escalated, .warned]
        let acted = Set(decision.guards.filter { acting.contains($0.result) }.map(\.guardName))
        let reasons = decision.approval?.reasons ?? []
        for index in items.indices where !items[index].covered {
            let item = items[index]
            switch item.kind {
            case .rule: items[index].covered = decision.fired.contains(item.name)
            case .guard: items[index].covered = acted.contains(item.name)
            case .approve: items[index].covered = reasons.contains("`\(item.name)`")
            case .budget:
                if item.acts {
                    items[index].covered = acted.contains(item.name)
                } else if let report = decision.budgets.first(where: { $0.name == item.name }) {
                    items[index].covered = !report.spent.description.allSatisfy { "0.-".contains($0) || $0.isLetter || $0 == " " }
                }
            }
        }
    }

    /// Covered items.
    public var coveredCount: Int { items.filter(\.covered).count }
    /// Items no case exercised.
    public var missed: [CoverageItem] { items.filter { !$0.covered } }
    /// Covered share in percent (100 for a policy with nothing to cover).
    public var percent: Double { items.isEmpty ? 100 : Double(coveredCount) * 100 / Double(items.count) }
}
