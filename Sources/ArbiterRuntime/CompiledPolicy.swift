import ArbiterChecker
import ArbiterSyntax

/// A policy compiled to a plan: immutable, `Sendable`, shared by any number of tasks.
///
/// Every name is a slot, every literal a value, every window a `DurationValue`; the
/// interpreter reads arrays by index and never looks a field, let or control up by name.
public final class CompiledPolicy: Sendable {
    /// The policy's name.
    public let name: String
    /// `sha256:` and the hex digest of the policy's source file.
    public let version: String
    /// The actuator family.
    public let family: ActuatorFamily
    /// The file the policy came from, for error places.
    public let source: SourceFile
    /// The policy's currency, nil when it uses no money.
    public let currency: Currency?
    /// The time zone of budget windows and `active` dates.
    public let zone: TimeZoneOffsets
    /// The input fields, by slot.
    public let inputs: [PlanInput]
    /// The slot of the key field.
    public let keyInput: Int
    /// The controls, by slot.
    public let controls: [PlanControl]
    /// The lets, by slot; `lets[slot].code[phase.rawValue]`.
    public let lets: [PlanLet]
    /// The goals in written order.
    public let goals: [PlanGoal]
    /// The rules in priority order.
    public let rules: [PlanRule]
    /// The guards in checking order.
    public let guards: [PlanGuard]
    /// The budgets, by slot.
    public let budgets: [PlanBudget]
    /// The approve blocks in written order.
    public let approvals: [PlanApproval]
    /// Source places of the nodes that can fail, indexed by a node's `site`.
    public let sites: [Span]
    /// Every expression's nodes; a `Code` is an index here.
    public let nodes: [PlanNode]
    /// The literal values constant nodes name.
    public let constants: [RuntimeValue]
    /// The argument lists of calls.
    public let arguments: [Code]
    /// The longest window any state function reads (for pruning).
    public let longestWindow: DurationValue
    /// Each comparison's operand types, by its site: details and traces show its operand
    /// values as the language writes them (`21.99 EUR`, `15%`).
    let comparisonTypes: [Int: ComparisonTypes]

    init(
        name: String,
        version: String,
        family: ActuatorFamily,
        source: SourceFile,
        currency: Currency?,
        zone: TimeZoneOffsets,
        inputs: [PlanInput],
        keyInput: Int,
        controls: [PlanControl],
        lets: [PlanLet],
        goals: [PlanGoal],
        rules: [PlanRule],
        guards: [PlanGuard],
        budgets: [PlanBudget],
        approvals: [PlanApproval],
        sites: [Span],
        nodes: [PlanNode],
        constants: [RuntimeValue],
        arguments: [Code],
        longestWindow: DurationValue,
        comparisonTypes: [Int: ComparisonTypes]
    ) {
        self.name = name
        self.version = version
        self.family = family
        self.source = source
        self.currency = currency
        self.zone = zone
        self.inputs = inputs
        self.keyInput = keyInput
        self.controls = controls
        self.lets = lets
        self.goals = goals
        self.rules = rules
        self.guards = guards
        self.budgets = budgets
        self.approvals = approvals
        self.sites = sites
        self.nodes = nodes
        self.constants = constants
        self.arguments = arguments
        self.longestWindow = longestWindow
        self.comparisonTypes = comparisonTypes
        var hot = HotPath(inputs: inputs, controls: controls, lets: lets, goals: goals, rules: rules, guards: guards, approvals: approvals, currency: currency)
        hot.proposalLets = CompiledPolicy.letsReadingProposal(lets: lets, nodes: nodes, arguments: arguments)
        for index in hot.guards.indices { hot.guards[index].site = CompiledPolicy.site(of: hot.guards[index].condition, in: nodes) }
        self.hot = hot
        self.readsHistory = controls.contains { control in
            if case .defaultValue = control.source { return true }
            return !control.groupInputs.isEmpty
        } || guards.contains { guardItem in
            switch guardItem.form {
            case .within, .rateLimit: true
            default: false
            }
        } || nodes.contains { node in
            switch node {
            case .changeCount, .sinceChange, .count, .within, .rateLimit: true
            default: false
            }
        }
        self.readsSinceChange = nodes.contains { node in
            if case .sinceChange = node { return true }
            return false
        }
        self.canAskForApproval = !approvals.isEmpty || guards.contains { $0.action == .escalate }
            || budgets.contains { $0.action == .escalate }
        self.readsOtherKeys = !budgets.isEmpty || nodes.contains { node in
            if case .count = node { return true }
            return false
        }
        self.tracksInputs = budgets.contains { budget in
            if case .tracks = budget.measure { return true }
            return false
        }
        var groupInputs: [Int] = []
        for control in controls {
            for input in control.groupInputs where !groupInputs.contains(input) { groupInputs.append(input) }
        }
        self.approvalGroupInputs = groupInputs
        self.approvalLayout = ApprovalValues.Layout(controls: controls.map(\.name), groups: groupInputs.map { inputs[$0].name },
                                                    budgets: budgets.map(\.name))
    }

    /// What the interpreter's loops read, as plain values.
    let hot: HotPath

    /// Whether a decision reads recorded changes or stored control values (a state
    /// function, `count`, a control without an input); see `DecisionOptions.keepsUnreadState`.
    public let readsHistory: Bool
    /// Whether the policy reads `since_change`, which needs each control's latest change
    /// however old (`StateStore.pruneChanges(before:keepingLatest:)`).
    public let readsSinceChange: Bool

    /// Whether any decision of this policy can wait for approval (an `approve` block, or a
    /// guard or budget that escalates); only then do decisions look for pending requests.
    public let canAskForApproval: Bool

    /// Whether a decision reads or writes state other keys share: a budget (pooled over
    /// every key), or `count(control, by field)`. `DeciderPool` runs such a policy's
    /// decisions one at a time, and any other policy's one at a time per key.
    public let readsOtherKeys: Bool

    /// Whether a budget `tracks` an input, which every decision reports.
    let tracksInputs: Bool

    /// The names of an approval request's values, shared by every request this policy files.
    let approvalLayout: ApprovalValues.Layout

    /// The input slots of the group fields an approval request records, in the layout's order.
    let approvalGroupInputs: [Int]

    /// `file:line:column` of a site.
    public func location(ofSite site: Int) -> (line: Int, column: Int) {
        guard site >= 0, site < sites.count else { return (0, 0) }
        return source.location(of: sites[site].start)
    }
}

/// One input field of a plan.
public final class PlanInput: Sendable {
    /// The field's name (for decoding inputs and for messages only).
    public let name: String
    /// The type of a present value.
    public let type: ValueType
    /// Whether the field may be missing.
    public let isOptional: Bool

    init(name: String, type: ValueType, isOptional: Bool) {
        self.name = name
        self.type = type
        self.isOptional = isOptional
    }
}

/// One control of a plan.
public final class PlanControl: Sendable {
    /// Where the current value comes from.
    public enum Source: Sendable {
        /// The input field in this slot.
        case input(Int)
        /// The value last applied for the key, else this default.
        case defaultValue(RuntimeValue)
    }

    /// The control's name.
    public let name: String
    /// Its type.
    public let type: ValueType
    /// Where its current value comes from.
    public let source: Source
    /// `resolve … by`, nil for first-match.
    public let resolve: ResolveStrategy?
    /// Input slots that `count(this, by field)` groups by; stored with applied values.
    public let groupInputs: [Int]

    /// The default value (`none` for a control that is an input).
    public var defaultValue: RuntimeValue {
        if case .defaultValue(let value) = source { return value }
        return .none
    }

    init(name: String, type: ValueType, source: Source, resolve: ResolveStrategy?, groupInputs: [Int]) {
        self.name = name
        self.type = type
        self.source = source
        self.resolve = resolve
        self.groupInputs = groupInputs
    }
}

/// One let: its code compiled once per phase.
public final class PlanLet: Sendable {
    /// The let's name.
    public let name: String
    /// `code[Phase.current.rawValue]` and `code[Phase.proposed.rawValue]`.
    public let code: [Code]
    /// The let's type, for the trace (a money let shows its cents and currency).
    public let type: ValueType

    init(name: String, code: [Code], type: ValueType) {
        self.name = name
        self.code = code
        self.type = type
    }
}

/// One goal.
public final class PlanGoal: Sendable {
    /// The goal's name.
    public let name: String
    /// The condition, on the final values.
    public let condition: Code
    /// The value reported with the goal: the left side of its comparison, if any.
    public let value: Code?
    /// The type of `value`, which says how a decision shows it (money with its minor unit).
    public let valueType: ValueType?

    init(name: String, condition: Code, value: Code?, valueType: ValueType?) {
        self.name = name
        self.condition = condition
        self.value = value
        self.valueType = valueType
    }
}

/// One rule.
public final class PlanRule: Sendable {
    /// The rule's name.
    public let name: String
    /// The `when` condition, nil when the rule always fires.
    public let condition: Code?
    /// `set` assignments: control slot and value.
    public let assignments: [(control: Int, value: Code)]
    /// `[start, end)` of `active`, nil when always active.
    public let active: (start: Instant, end: Instant)?
    /// Each assignment's value expression as a site, which a failure to assign names
    /// (money rounded past the range).
    let assignmentSites: [Int]

    init(name: String, condition: Code?, assignments: [(control: Int, value: Code)], assignmentSites: [Int], active: (start: Instant, end: Instant)?) {
        self.name = name
        self.condition = condition
        self.assignments = assignments
        self.assignmentSites = assignmentSites
        self.active = active
    }
}

/// The bound form of a guard, with compiled bounds.
public enum PlanGuardForm: Sendable {
    case lowerBound(control: Int, bound: Code, inclusive: Bool)
    case upperBound(control: Int, bound: Code, inclusive: Bool)
    case between(control: Int, low: Code, high: Code)
    case within(control: Int, tolerance: Code, window: DurationValue)
    case rateLimit(control: Int, direction: RateDirection, limit: Code, window: DurationValue, inclusive: Bool)
    case general

    /// The control a bound form constrains.
    public var control: Int? {
        switch self {
        case .lowerBound(let control, _, _), .upperBound(let control, _, _), .between(let control, _, _),
             .within(let control, _, _), .rateLimit(let control, _, _, _, _):
            control
        case .general:
            nil
        }
    }
}

/// One guard.
public final class PlanGuard: Sendable {
    /// The guard's name.
    public let name: String
    /// The whole condition, on proposed values.
    public let condition: Code
    /// The condition as written, for details and traces.
    public let text: String
    /// The bound form, for clamping.
    public let form: PlanGuardForm
    /// What a failure does.
    public let action: EnforcementAction
    /// The role an escalation goes to.
    public let role: String?
    /// How long an escalation waits.
    public let expires: DurationValue?
    /// The site of the `expires` that gave `expires` (this guard's or the approve
    /// block's), -1 for none: an expiry past the year 9999 is reported there.
    let expiresSite: Int

    init(name: String, condition: Code, text: String, form: PlanGuardForm, action: EnforcementAction, role: String?, expires: (DurationValue, site: Int)?) {
        self.name = name
        self.condition = condition
        self.text = text
        self.form = form
        self.action = action
        self.role = role
        self.expires = expires?.0
        self.expiresSite = expires?.site ?? -1
    }
}

/// One budget.
public final class PlanBudget: Sendable {
    /// What one decision consumes.
    public enum Measure: Sendable {
        case spends(Code)
        case tracks(Int)
    }

    /// The budget's name.
    public let name: String
    /// The limit.
    public let limit: Exact
    /// Whether amounts are money (printed with the currency's digits).
    public let isMoney: Bool
    /// The calendar of its windows.
    public let calendar: WindowCalendar
    /// What a decision consumes.
    public let measure: Measure
    /// What an overspend does (`block`, `escalate` or `warn`).
    public let action: EnforcementAction
    /// The role an escalation goes to.
    public let role: String?
    /// How long an escalation waits.
    public let expires: DurationValue?
    /// The site of the `expires` that gave `expires`, -1 for none.
    let expiresSite: Int
    /// The site of the budget's name: where a failure of its arithmetic is reported.
    let site: Int

    init(name: String, limit: Exact, isMoney: Bool, calendar: WindowCalendar, measure: Measure, action: EnforcementAction, role: String?,
         expires: (DurationValue, site: Int)?, site: Int) {
        self.site = site
        self.name = name
        self.limit = limit
        self.isMoney = isMoney
        self.calendar = calendar
        self.measure = measure
        self.action = action
        self.role = role
        self.expires = expires?.0
        self.expiresSite = expires?.site ?? -1
    }
}

/// One approve block.
public final class PlanApproval: Sendable {
    /// When approval is needed, on final values.
    public let condition: Code
    /// The condition as written, for details and traces.
    public let text: String
    /// Who approves.
    public let role: String
    /// How long the request waits, nil for no expiry.
    public let expires: DurationValue?
    /// The site of the block's `expires`, -1 for none.
    let expiresSite: Int

    init(condition: Code, text: String, role: String, expires: (DurationValue, site: Int)?) {
        self.condition = condition
        self.text = text
        self.role = role
        self.expires = expires?.0
        self.expiresSite = expires?.site ?? -1
    }
}

/// Plain-value copies of what the interpreter's loops read on every decision, so that
/// they run without reference counting: the plan items are classes holding names and
/// texts, and reading one retains it.
struct HotPath: Sendable {
    /// How a control's values are stored and rounded.
    enum ControlKind: Sendable {
        /// An `int`.
        case int
        /// Money, rounded to the minor unit on assignment.
        case money
        /// A `number` or `percent`.
        case exact
        /// Anything else (bool, text, enum, duration, time).
        case other
    }

    struct Rule: Sendable {
        var condition: Code?
        var active: (start: Instant, end: Instant)?
        /// Indices into `assignments`.
        var assignments: Range<Int>
    }

    struct Guard: Sendable {
        var condition: Code
        var form: PlanGuardForm
        var action: EnforcementAction
        /// The condition's site, which an error of the clamp's own arithmetic names.
        var site = -1
    }

    var rules: [Rule] = []
    var assignments: [(control: Int, value: Code)] = []
    /// The site of each of `assignments`' value expressions.
    var assignmentSites: [Int] = []
    var guards: [Guard] = []
    var goals: [(condition: Code, value: Code?)] = []
    var approvals: [Code] = []
    /// Let code by phase: `lets[phase * count + slot]`.
    var lets: [Code] = []
    var controlKinds: [ControlKind] = []
    /// The lets whose value in the rules' context reads the proposal as the rules leave
    /// it (`change`, `increase`, `decrease`, `count`, or such a let): forgotten whenever
    /// a rule sets a control.
    var proposalLets: [Int] = []
    /// Each control's input slot when its current value is an input, else -1 (stored).
    var controlInputs: [Int] = []
    var resolve: [ResolveStrategy?] = []
    /// Each input's type, where a cell can be read without the general decoder.
    var inputKinds: [InputKind] = []
    var inputIsOptional: [Bool] = []
    /// Whether each input is the current value of a money control, whose decision warns
    /// when it has more digits than the minor unit (`CompiledPolicy.controlValueWarning`).
    var inputFeedsMoneyControl: [Bool] = []
    /// The inputs that feed a money control, in slot order.
    var moneyControlInputs: [Int] = []

    /// Input types with a fast path from text.
    enum InputKind: Sendable {
        case text, int, number, money, other
    }
    /// The currency's minor-unit digits (0 without a currency).
    var minorUnitDigits = 0

    init(inputs: [PlanInput], controls: [PlanControl], lets: [PlanLet], goals: [PlanGoal], rules: [PlanRule], guards: [PlanGuard],
         approvals: [PlanApproval], currency: Currency?) {
        inputKinds = inputs.map { input in
            switch input.type.nonOptional {
            case .text: .text
            case .int: .int
            case .number: .number
            case .money: .money
            default: .other
            }
        }
        inputIsOptional = inputs.map(\.isOptional)
        for rule in rules {
            let start = assignments.count
            assignments.append(contentsOf: rule.assignments)
            assignmentSites.append(contentsOf: rule.assignmentSites)
            self.rules.append(Rule(condition: rule.condition, active: rule.active, assignments: start..<assignments.count))
        }
        self.guards = guards.map { Guard(condition: $0.condition, form: $0.form, action: $0.action) }
        self.goals = goals.map { ($0.condition, $0.value) }
        self.approvals = approvals.map(\.condition)
        self.lets = lets.map { $0.code[Phase.current.rawValue] } + lets.map { $0.code[Phase.proposed.rawValue] }
        controlKinds = controls.map { control in
            switch control.type {
            case .int: .int
            case .money: .money
            case .number, .percent: .exact
            default: .other
            }
        }
        controlInputs = controls.map { control in
            if case .input(let input) = control.source { return input }
            return -1
        }
        resolve = controls.map(\.resolve)
        inputFeedsMoneyControl = Array(repeating: false, count: inputs.count)
        for (slot, input) in controlInputs.enumerated() where input >= 0 && controlKinds[slot] == .money {
            inputFeedsMoneyControl[input] = true
        }
        moneyControlInputs = inputFeedsMoneyControl.indices.filter { inputFeedsMoneyControl[$0] }
        minorUnitDigits = currency?.minorUnitDigits ?? 0
    }
}

extension CompiledPolicy {
    /// The source place of a node (-1 for a node without one).
    static func site(of code: Code, in nodes: [PlanNode]) -> Int {
        switch nodes[code.index] {
        case .compare(_, _, _, let site, _), .between(_, _, _, let site), .within(_, _, _, let site),
             .rateLimit(_, _, _, _, _, let site), .arithmetic(_, _, _, _, let site), .negate(_, let site),
             .call(_, _, _, let site), .change(_, let site), .movement(_, _, let site):
            return site
        default:
            return -1
        }
    }

    /// The lets whose current-context code reads the proposal (see `HotPath.proposalLets`).
    static func letsReadingProposal(lets: [PlanLet], nodes: [PlanNode], arguments: [Code]) -> [Int] {
        var known: [Int: Bool] = [:]
        func readsProposal(_ code: Code) -> Bool {
            switch nodes[code.index] {
            case .constant, .input, .budget, .current, .changeCount, .sinceChange:
                return false
            case .control(_, let phase):
                return phase == .proposed
            case .change, .movement, .count, .within, .rateLimit:
                return true
            case .letValue(let slot, let phase):
                if phase == .proposed { return true }
                if let answer = known[slot] { return answer }
                known[slot] = false
                let answer = readsProposal(lets[slot].code[Phase.current.rawValue])
                known[slot] = answer
                return answer
            case .arithmetic(_, _, let left, let right, _), .compare(_, let left, let right, _, _), .and(let left, let right),
                 .or(let left, let right), .coalesce(let left, let right):
                return readsProposal(left) || readsProposal(right)
            case .negate(let inner, _), .not(let inner), .exists(let inner):
                return readsProposal(inner)
            case .conditional(let first, let second, let third), .between(let first, let second, let third, _):
                return readsProposal(first) || readsProposal(second) || readsProposal(third)
            case .call(_, let range, _, _):
                return range.contains { readsProposal(arguments[$0]) }
            }
        }
        return lets.indices.filter { readsProposal(lets[$0].code[Phase.current.rawValue]) }
    }
}

/// The checked types of a comparison's two operands.
struct ComparisonTypes: Sendable {
    var left: ValueType
    var right: ValueType
}
