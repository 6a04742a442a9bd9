import Arbiter
import Foundation
import Yams

extension TestFileReader {
    static let guardWords: Set<String> = ["held", "clamp", "block", "escalate", "warn", "clamped", "blocked", "escalated", "warned", "conflict"]

    /// Checks an `expect` mapping's fields and the types of their values.
    func expect(_ node: Node) throws(TestFileProblem) -> JSONValue {
        let fields = try members(node, "`expect`", allowed: DecisionComparison.policyTestFields)
        if fields.isEmpty { throw problem(node, "`expect` is empty; give at least one of outcome, controls, fired, guards, approval, goals, budgets, queue, error") }
        for (name, _, value) in fields {
            switch name {
            case "outcome":
                let outcome = try scalar(value, "`outcome`")
                if Outcome(rawValue: outcome) == nil {
                    throw problem(value, "`outcome` must be one of applied, clamped, pending_approval, blocked, hold, error; got \"\(outcome)\"")
                }
            case "error":
                _ = try scalar(value, "`error`")
            case "controls":
                for (control, _, item) in try members(value, "`controls`", allowed: nil) { _ = try scalar(item, "`controls.\(control)`") }
            case "fired":
                guard case .sequence(let list) = value else { throw problem(value, "`fired` must be a list of rule names") }
                for item in list { _ = try scalar(item, "a rule name in `fired`") }
            case "guards":
                if case .sequence(let list) = value, list.isEmpty { continue }
                for (guardName, _, item) in try members(value, "`guards`", allowed: nil) {
                    // One result, or the list of a guard's events in order (a clamp, then
                    // the conflict of the second pass: `[clamp, conflict]`).
                    let items: [Node] = if case .sequence(let list) = item { Array(list) } else { [item] }
                    for part in items {
                        let word = try scalar(part, "`guards.\(guardName)`")
                        if !Self.guardWords.contains(word) || (items.count > 1 && word == "held") {
                            throw problem(part, "`guards.\(guardName)` must be held, clamp, block, escalate, warn (or clamped, blocked, escalated, warned) or conflict, "
                                + "or a list of those a guard did in order; got \"\(word)\"")
                        }
                    }
                }
            case "approval":
                if case .scalar(let scalar) = value, YAMLConversion.json(from: .scalar(scalar)) == .null { continue }
                for (field, _, item) in try members(value, "`approval`", allowed: ["role", "expires", "values"]) {
                    if field == "values" {
                        // The values approving would record, by control, as `controls` gives them.
                        for (control, _, part) in try members(item, "`approval.values`", allowed: nil) { _ = try scalar(part, "`approval.values.\(control)`") }
                        continue
                    }
                    // `expires: null`: a request that never expires, as a state file writes one.
                    if field == "expires", YAMLConversion.json(from: item) == .null { continue }
                    let text = try scalar(item, "`approval.\(field)`")
                    if field == "expires", (try? Instant(parsing: text.trimmingCharacters(in: .whitespaces))) == nil {
                        throw problem(item, "`approval.expires` must be a time such as 2026-11-24T10:00:00Z; got \"\(text)\"")
                    }
                }
            case "goals":
                for (goal, _, item) in try members(value, "`goals`", allowed: nil) {
                    // `true`/`false`, or `{met, value, error}` to check the goal's value or failure.
                    if case .mapping = item {
                        for (field, _, part) in try members(item, "`goals.\(goal)`", allowed: ["met", "value", "error"]) {
                            let text = try scalar(part, "`goals.\(goal).\(field)`")
                            if field == "met", text != "true", text != "false" {
                                throw problem(part, "`goals.\(goal).met` must be true or false; got \"\(text)\"")
                            }
                        }
                        continue
                    }
                    let flag = try scalar(item, "`goals.\(goal)`")
                    if flag != "true", flag != "false" { throw problem(item, "`goals.\(goal)` must be true or false, or {met, value, error}; got \"\(flag)\"") }
                }
            case "queue":
                // The store's approval records by status at the decision's time.
                for (status, _, item) in try members(value, "`queue`", allowed: ["pending", "approved", "rejected", "expired", "superseded"]) {
                    if status == "approved" || status == "rejected" {
                        // Nothing in a test grants or rejects a request: such a count
                        // could never move, and a check that cannot fail checks nothing.
                        throw problem(item, "`queue.\(status)` cannot be checked: nothing in a test \(status == "approved" ? "approves" : "rejects") "
                            + "a request (check `pending`, `expired` or `superseded`)")
                    }
                    let count = try scalar(item, "`queue.\(status)`")
                    if DecisionComparison.count(count).map({ $0 < 0 }) ?? true { throw problem(item, "`queue.\(status)` must be a count of approval records; got \"\(count)\"") }
                }
            case "budgets":
                for (budget, _, item) in try members(value, "`budgets`", allowed: nil) {
                    for (field, _, amount) in try members(item, "`budgets.\(budget)`", allowed: ["used", "remaining", "spent"]) {
                        let text = try scalar(amount, "`budgets.\(budget).\(field)`")
                        if !Self.isAmount(text) {
                            throw problem(amount, "`budgets.\(budget).\(field)` must be an amount such as 12.50 or 12.50 EUR; got \"\(text)\"")
                        }
                    }
                }
            default:
                break
            }
        }
        return YAMLConversion.json(from: node)
    }

    /// Whether an expected budget figure reads as an amount (`ExpectedAmount`); which
    /// code is the policy's is checked against the decision.
    static func isAmount(_ text: String) -> Bool {
        ExpectedAmount(text) != nil
    }
}

/// An amount as a test file writes it: a number with an optional currency code after it
/// (`12.50`, `12.50 EUR`), spaces around it ignored.
struct ExpectedAmount {
    var amount: Exact
    /// The three upper-case letters after the amount, when given.
    var code: Substring?

    init?(_ text: String) {
        let trimmed = text.trimmingSpaces()
        var amountText = Substring(trimmed)
        if let space = amountText.lastIndex(of: " ") {
            let code = amountText[amountText.index(after: space)...]
            guard code.count == 3, code.allSatisfy({ $0.isASCII && $0.isUppercase }) else { return nil }
            self.code = code
            amountText = amountText[..<space]
        }
        guard let amount = try? Exact(parsing: amountText) else { return nil }
        self.amount = amount
    }
}
