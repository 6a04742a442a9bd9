import Arbiter

// How the report accumulates
//
// A replay can run over millions of rows, so the report never keeps decisions. Each
// `add` folds one decision into counters whose number grows only with the things a
// reader wants to see: keys, UTC days, rules, guards, goals, budgets, budget windows and
// distinct error messages (capped). Everything else is derived when a renderer asks:
// ordered lists, top keys, percentages.
//
// Days are UTC calendar days of the decision time. Budget windows follow the budget's
// calendar when it is known (`init(plan:)`, or `per 7d` in the limit text), else UTC days.

/// What a replay of one policy found: outcomes, rules, guards, approvals, budgets, goals,
/// errors and changes, accumulated one decision at a time.
///
/// Feed it with `add(_:line:)` for each decision in replay order, `addSkippedRow` for
/// each bad history row and `noteUnsorted()` when the rows were sorted in memory; then
/// render it with `text`, `json` or `html`.
public struct ReplayReport: Sendable {
    /// The policy's name.
    public var policy: String
    /// The policy's version (`sha256:…`).
    public var version: String
    /// The history file as the user named it, for headers; nil when unknown.
    public var historyFile: String?
    /// The controls, in declaration order.
    public let controls: [String]

    /// Rows that gave a decision plus skipped rows.
    public var rows: Int { decidedRows + skippedRowCount }
    /// Decisions added.
    public internal(set) var decisions = 0
    /// History rows that gave at least one decision.
    public internal(set) var decidedRows = 0
    /// History rows skipped (bad cell, wrong type, bad time).
    public internal(set) var skippedRowCount = 0
    /// The first `ReplayReport.skippedRowsKept` skipped rows.
    public internal(set) var skippedRows: [SkippedRow] = []
    /// Whether the history was out of time order and was sorted in memory.
    public internal(set) var wasSortedInMemory = false
    /// Decided rows of a key at the time an earlier row of that key was decided at: the
    /// key was decided twice at one instant (a duplicated row, most often).
    public internal(set) var repeatedRowCount = 0
    /// The first history line of such a row.
    public internal(set) var firstRepeatedLine: Int?
    /// Decisions by outcome.
    public internal(set) var outcomes = OutcomeCounts()
    /// Per rule, how often it fired: declared rules first, in file order.
    public internal(set) var rulesFired: [NamedCount]
    /// Per guard (and budget), what it did: declared guards first, then others as seen.
    public internal(set) var guardActivity: [GuardActivity]
    /// Per goal, how often it was met.
    public internal(set) var goals: [GoalAttainment]
    /// Per budget, its use over time.
    public internal(set) var budgets: [BudgetUse]
    /// Per control, the distribution of applied changes.
    public internal(set) var changes: [ChangeDistribution]
    /// The earliest decision time.
    public internal(set) var firstAt: Instant?
    /// The latest decision time.
    public internal(set) var lastAt: Instant?

    /// Approvals needed, per role.
    var approvalsByRoleTable: [String: Int] = [:]
    /// Approvals needed, per UTC day.
    var approvalsByDayTable: [CalendarDate: Int] = [:]
    /// Outcomes per UTC day.
    var outcomesByDayTable: [CalendarDate: OutcomeCounts] = [:]
    /// Error decisions, per message.
    var errorTable: [String: Int] = [:]
    /// Per key: decisions and changes.
    var keyTable = KeyTable()
    /// Indexes into the ordered arrays above.
    var ruleIndex: [String: Int] = [:]
    var guardIndex: [String: Int] = [:]
    var goalIndex: [String: Int] = [:]
    var budgetIndex: [String: Int] = [:]
    var changeIndex: [String: Int] = [:]
    /// The line of the last decision added, to count rows rather than decisions.
    var lastLine: Int?
    /// The UTC day of the last decision added, its bounds and its entry in
    /// `outcomesByDayTable`: decisions come in time order, so most fall in the same day
    /// and skip the calendar arithmetic and the table look-up. Nil after a merge, which
    /// may add days to the table and so move its entries.
    var lastDay: (day: CalendarDate, start: Instant, end: Instant, entry: [CalendarDate: OutcomeCounts].Index)?
    /// Whether rules, guards, goals, budgets and controls are listed in the order of the
    /// plan (`init(plan:)`), so a `Decider`'s indices address them directly.
    var followsPlan = false

    /// How many skipped rows keep their message.
    public static let skippedRowsKept = 20
    /// How many distinct error messages are counted apart; the rest share one entry.
    public static let distinctErrorsKept = 200
    /// The message under which further distinct errors are counted.
    public static let otherErrorsMessage = "(other errors)"

    /// Creates an empty report for a policy and its declared items, in file order.
    ///
    /// A budget's `limit` is shown as given (`"20000 EUR per 7d"`); its leading number is
    /// the chart's limit line and a `per <duration>` part sets its windows (UTC).
    public init(policy: String, version: String, controls: [String], rules: [String], guards: [String],
                goals: [String], budgets: [(name: String, limit: String)]) {
        self.policy = policy
        self.version = version
        self.controls = controls
        self.rulesFired = rules.map { NamedCount(name: $0, count: 0) }
        self.guardActivity = guards.map { GuardActivity(name: $0) }
        self.goals = goals.map { GoalAttainment(name: $0) }
        self.budgets = budgets.map { BudgetUse(name: $0.name, limit: $0.limit, calendar: nil) }
        self.changes = controls.map { ChangeDistribution(control: $0) }
        reindex()
    }

    /// Creates an empty report for a compiled policy, with its budgets' own windows.
    public init(plan: CompiledPolicy, historyFile: String? = nil) {
        self.init(policy: plan.name, version: plan.version, controls: plan.controls.map(\.name),
                  rules: plan.rules.map(\.name), guards: plan.guards.map(\.name), goals: plan.goals.map(\.name),
                  budgets: [])
        self.historyFile = historyFile
        budgets = plan.budgets.map { budget in
            var limit = budget.limit.description
            if budget.isMoney, let currency = plan.currency { limit = currency.format(budget.limit) + " " + currency.code }
            limit += " per " + Self.durationText(budget.calendar.length)
            return BudgetUse(name: budget.name, limit: limit, calendar: budget.calendar)
        }
        reindex()
        followsPlan = true
    }

    mutating func reindex() {
        ruleIndex = Dictionary(rulesFired.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        guardIndex = Dictionary(guardActivity.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        goalIndex = Dictionary(goals.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        budgetIndex = Dictionary(budgets.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        changeIndex = Dictionary(changes.enumerated().map { ($1.control, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// `7d` rather than `1w`, as budgets are usually written.
    static func durationText(_ duration: DurationValue) -> String {
        let day = Instant.microsecondsPerDay
        if duration.microseconds > 0, duration.microseconds % day == 0 { return "\(duration.microseconds / day)d" }
        return duration.description
    }
}
