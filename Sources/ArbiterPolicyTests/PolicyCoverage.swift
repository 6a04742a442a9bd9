// Which parts of a policy its tests exercised: rules that fired, guards that acted
// (clamped, blocked, escalated or warned), approve conditions that asked for an approval
// and budgets that acted or were exhausted (`remaining` zero or below).

import Arbiter
import ArbiterSyntax

/// One coverable part of a policy.
public struct CoverageItem: Sendable, Hashable {
    /// What kind of part.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A rule: covered when it fired.
        case rule
        /// A guard: covered when it clamped, blocked, escalated or warned.
        case `guard`
        /// An approve block: covered when its condition asked for an approval.
        case approve
        /// A budget: covered when it acted or was exhausted.
        case budget
    }
    /// What kind of part.
    public var kind: Kind
    /// The rule, guard or budget name; the condition's text for an approve block.
    public var name: String
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
            case .approve(let approve): items.append(CoverageItem(kind: .approve, name: source.shownText(of: approve.condition.span)))
            case .budget(let budget): items.append(CoverageItem(kind: .budget, name: budget.name.name))
            default: break
            }
        }
    }

    /// Marks what `decision` exercised.
    public mutating func record(_ decision: Decision) {
        // On a hold a block or escalation acts on nothing (§8): a guard covered only so would
        // have its mutants survive, as nothing a test can see depends on it.
        let acting: Set<GuardEvent.Result> = decision.outcome == .hold ? [.clamped, .warned] : [.clamped, .blocked, .escalated, .warned]
        let acted = Set(decision.guards.filter { acting.contains($0.result) }.map(\.guardName))
        let reasons = decision.approval?.reasons ?? []
        for index in items.indices where !items[index].covered {
            let item = items[index]
            switch item.kind {
            case .rule: items[index].covered = decision.fired.contains(item.name)
            case .guard: items[index].covered = acted.contains(item.name)
            case .approve: items[index].covered = reasons.contains("`\(item.name)`")
            case .budget:
                let remaining = decision.budgets.first { $0.name == item.name }?.remaining.description
                items[index].covered = acted.contains(item.name) || remaining.map(Self.exhausted) == true
            }
        }
    }

    /// Whether a budget's `remaining` is zero or below (`0.00`, `-1.50 EUR`).
    static func exhausted(_ remaining: String) -> Bool {
        let digits = remaining.filter { $0.isNumber }
        return remaining.hasPrefix("-") || digits.allSatisfy { $0 == "0" }
    }

    /// Covered items.
    public var coveredCount: Int { items.filter(\.covered).count }
    /// Items no case exercised.
    public var missed: [CoverageItem] { items.filter { !$0.covered } }
    /// Covered share in percent (100 for a policy with nothing to cover).
    public var percent: Double { items.isEmpty ? 100 : Double(coveredCount) * 100 / Double(items.count) }
}
