// The comparison of a decision with an `expect` mapping, shared by `arbiter test` and the
// conformance suite: only the fields given are compared, and each mismatch is one line
// `field: expected X, got Y`.

import Arbiter
import ArbiterChecker

/// Compares one decision with one `expect` mapping.
public struct DecisionComparison {
    /// The decision compared.
    public let decision: Decision
    let store: InMemoryStateStore
    let now: Instant
    /// One line per difference, `field: expected X, got Y`.
    public private(set) var mismatches: [String] = []

    /// The fields `arbiter test` files may use in `expect`.
    public static let policyTestFields: Set<String> = ["outcome", "controls", "fired", "guards", "approval", "goals", "budgets", "error", "queue"]

    /// The names `guards` may use: the policy's guards and budgets (nil: not checked).
    let actorNames: Set<String>?
    /// The names `fired` may use: the policy's rules (nil: not checked).
    let ruleNames: Set<String>?
    /// The policy's currency code, which an expected `18.00 EUR` must name.
    let currencyCode: String?
    /// The controls whose values are text (`text` or `one of`), by name: `"1h"` and `"60m"`
    /// are two texts there, not one duration.
    let textControls: Set<String>
    /// The percent controls and goals, by name: a mismatch shows their values as percents.
    let percentControls: Set<String>
    let percentGoals: Set<String>
    /// How many goals and budgets the policy has (nil: not known), for `goals: {}` and
    /// `budgets: {}`, which check that a decision reports none: always so without any.
    let policyGoals: Int?
    let policyBudgets: Int?
    /// Whether values are compared as values (`arbiter test`: `18.000` is 18.00) or as
    /// the decision writes them (the conformance suite, which holds the display form too).
    let comparesValues: Bool

    /// Creates a comparison of `decision`, made at `now` on `store` by `plan` (whose guard
    /// and budget names an expectation must use, so a misspelt one fails).
    ///
    /// `plan` is a mutant when `isMutant`: a guard the mutant dropped is one that never
    /// acts, so `held` matches it and any other result does not, as the mutant decides.
    public init(decision: Decision, store: InMemoryStateStore, now: Instant, plan: CompiledPolicy? = nil, comparesValues: Bool = false,
                isMutant: Bool = false) {
        self.decision = decision
        self.store = store
        self.now = now
        self.actorNames = isMutant ? nil : plan.map { Set($0.guards.map(\.name) + $0.budgets.map(\.name)) }
        self.ruleNames = isMutant ? nil : plan.map { Set($0.rules.map(\.name)) }
        self.currencyCode = plan?.currency?.code
        self.textControls = Set(plan?.controls.filter { $0.type.nonOptional.isTextual }.map(\.name) ?? [])
        self.percentControls = Set(plan?.controls.filter { $0.type.nonOptional == .percent }.map(\.name) ?? [])
        self.percentGoals = Set(plan?.goals.filter { $0.valueType?.nonOptional == .percent }.map(\.name) ?? [])
        self.policyGoals = plan?.goals.count
        self.policyBudgets = plan?.budgets.count
        self.comparesValues = comparesValues
    }

    /// Compares every field of `expect` (a mapping) and records the differences.
    public mutating func compare(_ expect: JSONValue) {
        guard case .object(let fields) = expect else {
            mismatches.append("expect: must be a mapping")
            return
        }
        // A decision that failed matches `fired: []`, `guards: []` and `approval: null`:
        // unless the case expects the failure, the failure is the difference, with its message.
        // `error: null` expects no failure, as `approval: null` expects no approval.
        let expectsFailure = fields.contains { ["outcome", "error", "error_line", "error_column", "error_path"].contains($0.0) && $0.1 != .null }
        if decision.outcome == .error, !expectsFailure {
            mismatches.append("outcome: the decision failed: \(decision.error?.description ?? "no message")")
        }
        for (field, expected) in fields {
            switch field {
            case "outcome":
                same(field, expected, decision.outcome.rawValue)
                // Why it failed, when a failure was not expected.
                if decision.outcome == .error, Self.text(expected) != "error", let error = decision.error {
                    mismatches.append("error: \(error.description)")
                }
            case "controls": controls(field, expected, \.to)
            case "proposed": controls(field, expected, \.proposed)
            case "from": controls(field, expected, \.from)
            case "fired": fired(expected)
            case "guards": guards(expected)
            case "guard_details": guardDetails(expected)
            case "approval": approval(expected)
            case "goals": goals(expected)
            case "budgets": budgets(expected)
            case "error": substring(field, expected, decision.error?.message)
            case "error_line": same(field, expected, decision.error?.line.map(String.init) ?? "null")
            case "error_column": same(field, expected, decision.error?.column.map(String.init) ?? "null")
            case "error_path": same(field, expected, decision.error?.path ?? "null")
            case "warnings": warnings(expected)
            case "queue": queue(expected)
            default: mismatches.append("expect.\(field): unknown field")
            }
        }
    }

    /// The text of an expected scalar: `"9.00"`, `9.00`, `true` and `null` as written.
    public static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let text), .number(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .array, .object: value.text(pretty: false)
        }
    }

    private mutating func same(_ field: String, _ expected: JSONValue, _ actual: String) {
        let wanted = Self.text(expected)
        if wanted != actual { mismatches.append("\(field): expected \(wanted), got \(actual)") }
    }

    /// Compares an expected value with a decision's; with `comparesValues` as values, not
    /// as text: `18.000` and `18.00 EUR` are the money 18.00, `25%` is 0.25, `1m30s` is
    /// `90s` (and so is the number 90), and a time with an offset is the same UTC time. A
    /// mismatch shows both as written.
    private mutating func sameValue(_ field: String, _ expected: JSONValue, _ actual: DecisionValue, isText: Bool = false, isPercent: Bool = false) {
        let wanted = Self.text(expected)
        if wanted == actual.description || (comparesValues && !isText && equalValues(wanted, actual)) { return }
        // A duration may be expected as a number of seconds, as an input gives one: a JSON
        // number or its text (`90`, `"90"`).
        if comparesValues, !isText, case .text(let text) = actual,
           let value = try? DurationValue(parsing: text), let exact = try? Exact(parsing: wanted.trimmingSpaces()),
           (try? exact.multiplied(by: Exact(1_000_000)).int64Value()) == value.microseconds { return }
        // A percent as the policy writes one (`got 25%`, not `got 0.25`).
        var shown = actual.description
        if isPercent, case .number(let fraction) = actual { shown = fraction.percentDescription }
        if comparesValues, let kind = Self.unreadable(wanted, as: actual) {
            // `boost: "one and a half"` can never match: say so, not just that it differs.
            mismatches.append("\(field): expected \(kind), got \"\(wanted)\" (the decision has \(shown))")
            return
        }
        // `22.41 USD` for an EUR policy can never match either: its currency is the problem.
        if comparesValues, case .money = actual, let currencyCode, let code = ExpectedAmount(wanted.trimmingSpaces())?.code, String(code) != currencyCode {
            mismatches.append("\(field): expected \(wanted), which is in \(code), but the policy's money is in \(currencyCode) (the decision has \(shown))")
            return
        }
        mismatches.append("\(field): expected \(wanted), got \(shown)")
    }

    /// What kind of value `written` should have been, when it cannot be read as the kind
    /// of `actual` at all; nil when it can (it is then merely another value) or when the
    /// kind is text, which any value can be.
    private static func unreadable(_ written: String, as actual: DecisionValue) -> String? {
        let wanted = written.trimmingSpaces()
        switch actual {
        case .money: return ExpectedAmount(wanted) == nil ? "an amount such as 12.50 or 12.50 EUR" : nil
        case .number:
            let number = wanted.hasSuffix("%") ? String(wanted.dropLast()).trimmingSpaces() : wanted
            return (try? Exact(parsing: number)) == nil ? "a number or a percent such as 0.15 or 15%" : nil
        case .int: return (try? Exact(parsing: wanted)) == nil ? "an int" : nil
        case .bool: return wanted == "true" || wanted == "false" ? nil : "true or false"
        case .text, .none: return nil
        }
    }

    private func equalValues(_ written: String, _ actual: DecisionValue) -> Bool {
        // Spaces around a value are ignored, as they are in an input (semantics §2).
        let wanted = written.trimmingSpaces()
        switch actual {
        case .money(let text):
            // A code, if given, is the policy's.
            guard let expected = ExpectedAmount(wanted), expected.code.map({ code in currencyCode == String(code) }) ?? true,
                  let value = try? Exact(parsing: text) else { return false }
            return expected.amount == value
        case .number(let value):
            if wanted.hasSuffix("%") {
                // `11%` or `11 %`, as an input reads a percent.
                guard let percent = try? Exact(parsing: wanted.dropLast().trimmingSpaces()), let fraction = try? percent.divided(by: Exact(100)) else { return false }
                return fraction == value
            }
            return (try? Exact(parsing: wanted)) == value
        case .text(let text):
            if let expected = try? Instant(parsing: wanted), let value = try? Instant(parsing: text) { return expected == value }
            if let expected = try? DurationValue(parsing: wanted), let value = try? DurationValue(parsing: text) { return expected == value }
            return false
        case .int(let value):
            // `15.0`, `015`, `+15` are the int 15, as `18.000` is the money 18.00.
            return (try? Exact(parsing: wanted)) == Exact(value)
        case .bool, .none:
            return false
        }
    }

    private mutating func substring(_ field: String, _ expected: JSONValue, _ actual: String?) {
        if expected == .null {
            if let actual { mismatches.append("\(field): expected none, got \"\(actual)\"") }
            return
        }
        let wanted = Self.text(expected)
        guard let actual else {
            mismatches.append("\(field): expected a message containing \"\(wanted)\", got none")
            return
        }
        if !actual.contains(wanted) { mismatches.append("\(field): expected a message containing \"\(wanted)\", got \"\(actual)\"") }
    }

    /// `the decision has no goal `magin` (it has `margin`); did you mean `margin`?`
    private static func unknown(_ what: String, _ name: String, among names: some Sequence<String>) -> String {
        let names = Array(names).sorted()
        let list = names.isEmpty ? "none" : names.map { "`\($0)`" }.joined(separator: ", ")
        let hint = Suggestion.closest(to: name, among: names).map { "; did you mean `\($0)`?" } ?? ""
        return "\(what) `\(name)` (it has \(list))\(hint)"
    }

    private mutating func controls(_ field: String, _ expected: JSONValue, _ value: KeyPath<ControlOutcome, DecisionValue>) {
        guard case .object(let members) = expected, !members.isEmpty else {
            // `{}` would check nothing.
            mismatches.append("\(field): expected a mapping of control names to values, such as {price: \"19.99\"}")
            return
        }
        for (name, wanted) in members {
            guard let control = decision.controls[name] else {
                if decision.controls.isEmpty, decision.outcome == .error {
                    mismatches.append("\(field).\(name): none: the decision failed on its input, before any control was decided")
                    continue
                }
                mismatches.append("\(field).\(name): " + Self.unknown("the decision has no control", name, among: decision.controls.map(\.name)))
                continue
            }
            sameValue("\(field).\(name)", wanted, control[keyPath: value], isText: textControls.contains(name), isPercent: percentControls.contains(name))
        }
    }

    private mutating func fired(_ expected: JSONValue) {
        guard case .array(let names) = expected else {
            mismatches.append("fired: expected a list of rule names")
            return
        }
        let wanted = names.map(Self.text)
        if let ruleNames {
            let unknown = wanted.filter { !ruleNames.contains($0) }
            for name in unknown { mismatches.append("fired: " + Self.unknown("the policy has no rule", name, among: ruleNames)) }
            if !unknown.isEmpty { return }
        }
        if wanted != decision.fired {
            mismatches.append("fired: expected [\(wanted.joined(separator: ", "))], got [\(decision.fired.joined(separator: ", "))]")
        }
    }

    /// `{name: result}`; `held` means the guard is not in the decision's list; a list of
    /// results means exactly those events in order. `[]` (or `{}`) means no guard acted.
    private mutating func guards(_ expected: JSONValue) {
        if expected == .array([]) || expected == .object([]) {
            if !decision.guards.isEmpty {
                mismatches.append("guards: expected none to act, got " + decision.guards.map { "\($0.guardName): \($0.result.rawValue)" }.joined(separator: ", "))
            }
            return
        }
        guard case .object(let members) = expected else {
            mismatches.append("guards: expected a mapping of guard names to results")
            return
        }
        for (name, wanted) in members {
            if let actorNames, !actorNames.contains(name) {
                mismatches.append("guards.\(name): " + Self.unknown("the policy has no guard or budget", name, among: actorNames))
                continue
            }
            let actual = decision.guards.filter { $0.guardName == name }.map(\.result.rawValue)
            let shown = actual.isEmpty ? "held" : actual.joined(separator: ", ")
            switch wanted {
            case .array(let results):
                let list = results.map { Self.resultWord(Self.text($0)) }
                if list != actual { mismatches.append("guards.\(name): expected [\(list.joined(separator: ", "))], got [\(shown)]") }
            default:
                let result = Self.resultWord(Self.text(wanted))
                if result == "held" {
                    if !actual.isEmpty { mismatches.append("guards.\(name): expected held, got \(shown)") }
                } else if !actual.contains(result) {
                    mismatches.append("guards.\(name): expected \(result), got \(shown)")
                }
            }
        }
    }

    /// A guard result as written in a test file: the enforcement words `clamp`, `block`,
    /// `escalate`, `warn` stand for the results they produce.
    static func resultWord(_ word: String) -> String {
        switch word {
        case "clamp": "clamped"
        case "block": "blocked"
        case "escalate": "escalated"
        case "warn": "warned"
        default: word
        }
    }

    /// `{name: substring}`: some event of the guard has a detail containing it.
    private mutating func guardDetails(_ expected: JSONValue) {
        guard case .object(let members) = expected else {
            mismatches.append("guard_details: expected a mapping of guard names to substrings")
            return
        }
        for (name, wanted) in members {
            let details = decision.guards.filter { $0.guardName == name }.map(\.detail)
            let text = Self.text(wanted)
            if !details.contains(where: { $0.contains(text) }) {
                mismatches.append("guard_details.\(name): expected a detail containing \"\(text)\", got \(details.map { "\"\($0)\"" })")
            }
        }
    }

    private mutating func approval(_ expected: JSONValue) {
        if expected == .null {
            if let need = decision.approval { mismatches.append("approval: expected null, got role \(need.role)") }
            return
        }
        guard case .object(let members) = expected else {
            mismatches.append("approval: expected null or a mapping")
            return
        }
        guard let need = decision.approval else {
            mismatches.append("approval: expected \(expected.text(pretty: false)), got null")
            return
        }
        for (field, wanted) in members {
            switch field {
            case "role": same("approval.role", wanted, need.role)
            case "expires": sameValue("approval.expires", wanted, need.expiresAt.map { .text($0.description) } ?? .none)
            case "id":
                // `true`: the decision filed an approval record with an id.
                if wanted == .bool(true) {
                    if need.id == nil { mismatches.append("approval.id: expected an id, got none") }
                } else {
                    same("approval.id", wanted, need.id ?? "null")
                }
            case "reasons":
                guard case .array(let items) = wanted else {
                    mismatches.append("approval.reasons: expected a list of substrings")
                    continue
                }
                for item in items.map(Self.text) where !need.reasons.contains(where: { $0.contains(item) }) {
                    mismatches.append("approval.reasons: expected one containing \"\(item)\", got \(need.reasons)")
                }
            case "values":
                // What approving would record: the rules' proposal after the clamps.
                guard case .object(let controls) = wanted, !controls.isEmpty else {
                    mismatches.append("approval.values: expected a mapping of control names to values, such as {price: \"19.99\"}")
                    continue
                }
                for (name, value) in controls {
                    guard let awaited = need.values.first(where: { $0.name == name }) else {
                        mismatches.append("approval.values.\(name): " + Self.unknown("the approval holds no control", name, among: need.values.map(\.name)))
                        continue
                    }
                    sameValue("approval.values.\(name)", value, awaited.value, isText: textControls.contains(name), isPercent: percentControls.contains(name))
                }
            default: mismatches.append("approval.\(field): unknown field")
            }
        }
    }

    /// `{name: bool}` or `{name: {met: bool, value: text, error: text}}` (error: a part of the message).
    private mutating func goals(_ expected: JSONValue) {
        guard case .object(let members) = expected else {
            mismatches.append("goals: expected a mapping of goal names")
            return
        }
        if members.isEmpty {
            // `{}` checks that there are none (an error decision reports none), which
            // cannot fail for a policy without goals.
            if policyGoals == 0 {
                mismatches.append("goals: `{}` compares nothing: the policy has no goals")
            } else if !decision.goals.isEmpty {
                mismatches.append("goals: expected none, got \(decision.goals.map(\.name))")
            }
        }
        for (name, wanted) in members {
            guard let goal = decision.goals.first(where: { $0.name == name }) else {
                mismatches.append("goals.\(name): " + Self.unknown("the decision has no goal", name, among: decision.goals.map(\.name)))
                continue
            }
            switch wanted {
            case .object(let fields) where fields.isEmpty:
                mismatches.append("goals.\(name): expected true, false or a mapping of met, value, error")
            case .object(let fields):
                for (field, value) in fields {
                    switch field {
                    case "met": same("goals.\(name).met", value, goal.met ? "true" : "false")
                    case "value": sameValue("goals.\(name).value", value, goal.value ?? .none, isPercent: percentGoals.contains(name))
                    case "error": substring("goals.\(name).error", value, goal.error)
                    default: mismatches.append("goals.\(name).\(field): unknown field; expected met, value or error")
                    }
                }
            default:
                same("goals.\(name)", wanted, goal.met ? "true" : "false")
            }
        }
    }

    private mutating func budgets(_ expected: JSONValue) {
        guard case .object(let members) = expected else {
            mismatches.append("budgets: expected a mapping of budget names")
            return
        }
        if members.isEmpty {
            if policyBudgets == 0 {
                mismatches.append("budgets: `{}` compares nothing: the policy has no budgets")
            } else if !decision.budgets.isEmpty {
                mismatches.append("budgets: expected none, got \(decision.budgets.map(\.name))")
            }
        }
        for (name, wanted) in members {
            guard let report = decision.budgets.first(where: { $0.name == name }) else {
                mismatches.append("budgets.\(name): " + Self.unknown("the decision has no budget", name, among: decision.budgets.map(\.name)))
                continue
            }
            guard case .object(let fields) = wanted, !fields.isEmpty else {
                mismatches.append("budgets.\(name): expected a mapping of used, remaining, spent")
                continue
            }
            for (field, value) in fields {
                switch field {
                case "used": sameValue("budgets.\(name).used", value, report.used)
                case "remaining": sameValue("budgets.\(name).remaining", value, report.remaining)
                case "spent": sameValue("budgets.\(name).spent", value, report.spent)
                default: mismatches.append("budgets.\(name).\(field): unknown field")
                }
            }
        }
    }

    /// A list of substrings, each found in some warning; `[]` means no warnings.
    private mutating func warnings(_ expected: JSONValue) {
        guard case .array(let items) = expected else {
            mismatches.append("warnings: expected a list of substrings")
            return
        }
        if items.isEmpty, !decision.warnings.isEmpty {
            mismatches.append("warnings: expected none, got \(decision.warnings)")
        }
        for item in items.map(Self.text) where !decision.warnings.contains(where: { $0.contains(item) }) {
            mismatches.append("warnings: expected one containing \"\(item)\", got \(decision.warnings)")
        }
    }

    /// `{status: count}`: approval records of the store by status at this step's `now`.
    /// A count as written: `2`, `02`, or `2.0`, which is 2 as an int input's `2.0` is (§2);
    /// nil for anything else.
    static func count(_ text: String) -> Int? {
        if let count = Int(text) { return count }
        guard let exact = try? Exact(parsing: text.trimmingSpaces()), exact.isIntegral, let whole = try? exact.int64Value() else { return nil }
        return Int(whole)
    }

    private mutating func queue(_ expected: JSONValue) {
        guard case .object(let members) = expected, !members.isEmpty else {
            // `{}` would check nothing.
            mismatches.append("queue: expected a mapping of approval statuses to counts, such as {pending: 1}")
            return
        }
        for (name, wanted) in members {
            guard let status = ApprovalStatus(rawValue: name) else {
                mismatches.append("queue.\(name): unknown approval status")
                continue
            }
            let records = store.approvals(status: status, now: now)
            // A count, compared as a number (`00` is 0).
            let text = Self.text(wanted)
            if let count = Self.count(text) {
                if count != records.count { mismatches.append("queue.\(name): expected \(count), got \(records.count)") }
            } else {
                same("queue.\(name)", wanted, String(records.count))
            }
        }
    }
}
