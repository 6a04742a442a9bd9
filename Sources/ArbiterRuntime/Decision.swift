import ArbiterChecker

/// One decision: what a policy concluded for one input at one time, and why.
///
/// Its JSON form (`json`, and `Codable`) is the shape of DESIGN.md "Decisions": money as
/// strings with the minor unit's digits, percents and numbers as JSON numbers, times as
/// ISO-8601 UTC. Key order is fixed, so the same decision always prints the same text.
public struct Decision: Sendable, Hashable {
    /// The policy's name.
    public var policy: String
    /// `sha256:` and the digest of the policy's source.
    public var version: String
    /// The key field's value ("" when the input lacked it).
    public var key: String
    /// The decision time.
    public var at: Instant
    /// The conclusion.
    public var outcome: Outcome
    /// Each control: current, proposed by the rules, and final value, in declaration order;
    /// `controls["price"]` finds one by name.
    public var controls: ControlOutcomes
    /// Every rule whose `when` held, in file order.
    public var fired: [String]
    /// Every guard that did not simply hold (clamped, blocked, escalated, warned, conflicted).
    public var guards: [GuardEvent]
    /// The approval needed, for `pending_approval`.
    public var approval: ApprovalNeed?
    /// Each goal on the final values, in file order.
    public var goals: [GoalResult]
    /// Each budget after the decision, in file order.
    public var budgets: [BudgetReport]
    /// Notes about the input (unknown fields).
    public var warnings: [String]
    /// The error, for outcome `error`.
    public var error: DecisionError?
    /// The explanation, when asked for.
    public var trace: [TraceEntry]?

    /// Two decisions are equal when they print the same JSON, whatever the order of the
    /// members of `controls`, `goals` and `budgets`: they are JSON objects, and a decoder
    /// (Foundation's `JSONDecoder`) need not keep their order.
    public static func == (left: Decision, right: Decision) -> Bool {
        left.policy == right.policy && left.version == right.version && left.key == right.key && left.at == right.at
            && left.outcome == right.outcome && left.controls == right.controls && left.fired == right.fired
            && left.guards == right.guards && left.approval == right.approval
            && left.goals.sorted { $0.name < $1.name } == right.goals.sorted { $0.name < $1.name }
            && left.budgets.sorted { $0.name < $1.name } == right.budgets.sorted { $0.name < $1.name }
            && left.warnings == right.warnings && left.error == right.error && left.trace == right.trace
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(policy)
        hasher.combine(key)
        hasher.combine(at)
        hasher.combine(outcome)
        hasher.combine(controls)
    }
}

/// The controls of a decision, in declaration order, also found by name.
public struct ControlOutcomes: Sendable, Hashable, RandomAccessCollection, ExpressibleByArrayLiteral {
    /// The controls in declaration order.
    public var items: [ControlOutcome]

    /// Creates the collection.
    public init(_ items: [ControlOutcome]) { self.items = items }
    /// Creates the collection from a literal.
    public init(arrayLiteral elements: ControlOutcome...) { self.items = elements }

    /// The first index.
    public var startIndex: Int { items.startIndex }
    /// One past the last index.
    public var endIndex: Int { items.endIndex }
    /// The control at a position.
    public subscript(position: Int) -> ControlOutcome { items[position] }
    /// The control with this name.
    public subscript(name: String) -> ControlOutcome? { items.first { $0.name == name } }

    /// Equal when they hold the same controls, in any order (see `Decision.==`).
    public static func == (left: ControlOutcomes, right: ControlOutcomes) -> Bool {
        left.items.count == right.items.count && left.items.allSatisfy { right[$0.name] == $0 }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(Set(items))
    }
}

/// A control in a decision: its value before, as the rules proposed it, and after guards.
public struct ControlOutcome: Sendable, Hashable {
    /// The control's name.
    public var name: String
    /// The value before the decision.
    public var from: DecisionValue
    /// The value the rules proposed.
    public var proposed: DecisionValue
    /// The final value (equal to `from` when nothing is actuated).
    public var to: DecisionValue
}

/// A value as a decision shows it.
public enum DecisionValue: Sendable, Hashable, CustomStringConvertible {
    /// Money, already formatted with the minor unit's digits (`"21.99"`).
    case money(String)
    /// A number or percent, exact (`0.15`).
    case number(Exact)
    /// An int.
    case int(Int64)
    /// A bool.
    case bool(Bool)
    /// Text, durations and times as text.
    case text(String)
    /// Missing.
    case none

    /// Two values are equal when their JSON is: a whole `number` equals the same `int`,
    /// and `money` equals `text` of the same characters (JSON tells neither apart, so a
    /// decoded decision equals the one that was encoded).
    public static func == (left: DecisionValue, right: DecisionValue) -> Bool {
        left.json == right.json
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(json)
    }

    /// The value as text: `21.99`, `0.15`, `true`.
    public var description: String {
        switch self {
        case .money(let text), .text(let text): text
        case .number(let value): value.description
        case .int(let value): String(value)
        case .bool(let value): value ? "true" : "false"
        case .none: "null"
        }
    }

    /// The JSON form.
    public var json: JSONValue {
        switch self {
        case .money(let text), .text(let text): .string(text)
        case .number(let value): .number(value.description)
        case .int(let value): .number(String(value))
        case .bool(let value): .bool(value)
        case .none: .null
        }
    }
}

/// A guard that acted.
public struct GuardEvent: Sendable, Hashable {
    /// What the guard did.
    public enum Result: String, Sendable, Hashable, Codable {
        case held, clamped, blocked, escalated, warned
        /// A clamp guard that no longer holds after later guards moved the value.
        case conflict
    }

    /// The guard's name (for a budget: the budget's name).
    public var guardName: String
    /// The enforcement as written: `clamp`, `block`, `escalate`, `warn`.
    public var enforcement: String
    /// What happened.
    public var result: Result
    /// One line saying why, with the values.
    public var detail: String
}

/// The approval a `pending_approval` decision waits for.
public struct ApprovalNeed: Sendable, Hashable {
    /// The approval record's id (nil on a dry run).
    public var id: String?
    /// The role that must approve.
    public var role: String
    /// When the request expires, nil for never.
    public var expiresAt: Instant?
    /// Why: the approve condition or the guards and budgets that escalated.
    public var reasons: [String]
    /// The values awaiting approval, by control, in declaration order: the rules'
    /// proposal after the guards' clamps, which approving records (§8's final values).
    public var values: [AwaitedValue] = []

    /// Equal with the same values in any order, as `ControlOutcomes` are (a decoded
    /// decision's order is its JSON object's).
    public static func == (left: ApprovalNeed, right: ApprovalNeed) -> Bool {
        left.id == right.id && left.role == right.role && left.expiresAt == right.expiresAt && left.reasons == right.reasons
            && left.values.count == right.values.count && Set(left.values) == Set(right.values)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(role)
        hasher.combine(expiresAt)
        hasher.combine(reasons)
        hasher.combine(Set(values))
    }
}

/// A control's value awaiting approval.
public struct AwaitedValue: Sendable, Hashable {
    /// The control's name.
    public var name: String
    /// The value approving records.
    public var value: DecisionValue

    /// Creates an awaited value.
    public init(name: String, value: DecisionValue) {
        self.name = name
        self.value = value
    }
}

extension Decision {
    /// A control's final value (§8): the value awaiting approval for `pending_approval`,
    /// else its `to`.
    public func finalValue(of control: ControlOutcome) -> DecisionValue {
        guard outcome == .pendingApproval, let awaited = approval?.values.first(where: { $0.name == control.name }) else { return control.to }
        return awaited.value
    }
}

/// A goal on the final values.
public struct GoalResult: Sendable, Hashable {
    /// The goal's name.
    public var name: String
    /// The value of the goal's left-hand side, if it could be computed.
    public var value: DecisionValue?
    /// Whether the goal held.
    public var met: Bool
    /// Why it could not be evaluated, if it could not.
    public var error: String?
}

/// A budget after the decision.
public struct BudgetReport: Sendable, Hashable {
    /// The budget's name.
    public var name: String
    /// Used in the current window, this decision's spend included.
    public var used: DecisionValue
    /// `limit − used`.
    public var remaining: DecisionValue
    /// What this decision spent (zero when it spent nothing).
    public var spent: DecisionValue
}

/// Why a decision is `error`.
public struct DecisionError: Sendable, Hashable, Error {
    /// One line, lowercase: `$.cost: expected money, got "abc"` or `division by zero`.
    public var message: String
    /// The input field's path, for input errors.
    public var path: String?
    /// The policy line, for evaluation errors.
    public var line: Int?
    /// The policy column, for evaluation errors.
    public var column: Int?

    /// The message with its place: `division by zero at 12:9`.
    public var description: String {
        if let line, let column { return "\(message) at line \(line), column \(column)" }
        return message
    }
}

/// One line of an explanation.
public struct TraceEntry: Sendable, Hashable {
    /// What the entry is about: `let`, `rule`, `guard`, `budget`, `approve`, `goal`.
    public var kind: String
    /// The item's name.
    public var name: String
    /// What happened, with the values.
    public var detail: String
}
