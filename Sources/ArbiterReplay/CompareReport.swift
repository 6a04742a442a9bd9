import Arbiter

/// Two versions of a policy replayed on the same history (`arbiter replay --compare`):
/// both reports, the transition matrix of outcomes, and the keys whose decisions differ
/// most.
///
/// Create it with the two empty reports (or the two compiled versions), then feed each
/// row's pair of decisions with `add(old:new:line:)`, which also adds them to its `old`
/// and `new` reports. A caller that keeps its own reports can render with them through
/// `with(old:new:)`. Memory grows with keys (a counter and at most `examplesKept`
/// examples per key), never with rows.
public struct CompareReport: Sendable {
    /// One row on which the versions decided differently.
    public struct Example: Sendable, Hashable {
        /// The history line.
        public var line: Int
        /// The decision time.
        public var at: Instant
        /// The values before the decision (the old version's `from`).
        public var current: String
        /// The old version's outcome and final values (`19.99`, or `price=19.99, stock=3`).
        public var oldOutcome: Outcome
        /// The old version's final values.
        public var oldValue: String
        /// The new version's outcome.
        public var newOutcome: Outcome
        /// The new version's final values.
        public var newValue: String

        /// `line 12, from 24.90: applied 19.99 → blocked 24.90`.
        public var summary: String {
            "line \(line), from \(current): \(oldOutcome.rawValue) \(oldValue) → \(newOutcome.rawValue) \(newValue)"
        }
    }

    /// How the two versions differ on one key.
    public struct KeyDifference: Sendable, Hashable {
        /// The key.
        public var key: String
        /// Rows compared for this key.
        public var rows = 0
        /// Rows whose outcome or final values differ.
        public var differing = 0
        /// The first few differing rows.
        public var examples: [Example] = []
    }

    /// The old version's report.
    public internal(set) var old: ReplayReport
    /// The new version's report.
    public internal(set) var new: ReplayReport
    /// Rows compared (pairs of decisions).
    public internal(set) var compared = 0
    /// Rows whose outcome differs.
    public internal(set) var outcomeChanged = 0
    /// Rows where some control's final value (`to`) differs.
    public internal(set) var valueChanged = 0
    /// Rows whose outcome or final values differ.
    public internal(set) var differing = 0
    /// `matrix[old][new]`, outcomes in `Outcome.allCases` order.
    var matrix = Array(repeating: Array(repeating: 0, count: Outcome.allCases.count), count: Outcome.allCases.count)
    var keyTable: [String: KeyDifference] = [:]

    /// Examples kept per key.
    public static let examplesKept = 3

    /// Creates a comparison of two (empty) reports: the old version's and the new one's.
    public init(old: ReplayReport, new: ReplayReport) {
        self.old = old
        self.new = new
    }

    /// Creates a comparison of two compiled versions of a policy, with empty reports.
    public init(old: CompiledPolicy, new: CompiledPolicy, historyFile: String? = nil) {
        self.init(old: ReplayReport(plan: old, historyFile: historyFile), new: ReplayReport(plan: new, historyFile: historyFile))
    }

    /// The same comparison rendered with other reports of the two versions (for example
    /// reports that were fed separately and also counted skipped rows).
    public func with(old: ReplayReport, new: ReplayReport) -> CompareReport {
        var copy = self
        copy.old = old
        copy.new = new
        return copy
    }

    /// Adds one row's decisions: the old version's and the new version's, to both
    /// reports and to the comparison.
    public mutating func add(old oldDecision: Decision, new newDecision: Decision, line: Int = 0) {
        old.add(oldDecision, line: line)
        new.add(newDecision, line: line)
        compared += 1
        matrix[Self.position(oldDecision.outcome)][Self.position(newDecision.outcome)] += 1
        let outcomeDiffers = oldDecision.outcome != newDecision.outcome
        let valueDiffers = Self.valuesDiffer(oldDecision, newDecision)
        if outcomeDiffers { outcomeChanged += 1 }
        if valueDiffers { valueChanged += 1 }
        let key = newDecision.key
        keyTable[key, default: KeyDifference(key: key)].rows += 1
        guard outcomeDiffers || valueDiffers else { return }
        differing += 1
        keyTable[key]?.differing += 1
        if let count = keyTable[key]?.examples.count, count < Self.examplesKept {
            keyTable[key]?.examples.append(Example(
                line: line, at: newDecision.at, current: Self.values(oldDecision.controls, \.from), oldOutcome: oldDecision.outcome, oldValue: Self.finalValues(oldDecision),
                newOutcome: newDecision.outcome, newValue: Self.finalValues(newDecision)))
        }
    }

    /// Counts a skipped history row in both reports.
    public mutating func addSkippedRow(_ message: String, line: Int, column: Int?) {
        old.addSkippedRow(message, line: line, column: column)
        new.addSkippedRow(message, line: line, column: column)
    }

    /// Notes, in both reports, that the history was sorted in memory.
    public mutating func noteUnsorted() {
        old.noteUnsorted()
        new.noteUnsorted()
    }

    /// Rows whose old outcome was `from` and new outcome is `to`.
    public func transitions(from: Outcome, to: Outcome) -> Int {
        matrix[Self.position(from)][Self.position(to)]
    }

    /// The keys with the most differing rows, most first (ties: more rows, then key);
    /// keys whose decisions never differ are left out.
    public func topKeys(limit: Int = 10) -> [KeyDifference] {
        Array(keyTable.values.filter { $0.differing > 0 }.sorted { a, b in
            if a.differing != b.differing { return a.differing > b.differing }
            if a.rows != b.rows { return a.rows > b.rows }
            return a.key < b.key
        }.prefix(limit))
    }

    /// Keys with at least one differing row.
    public var differingKeys: Int { keyTable.values.count { $0.differing > 0 } }

    static func position(_ outcome: Outcome) -> Int {
        Outcome.allCases.firstIndex(of: outcome) ?? 0
    }

    /// Whether some control's final value differs (numbers compared by value): its `to`,
    /// or for `pending_approval` the value awaiting approval (semantics §8).
    static func valuesDiffer(_ old: Decision, _ new: Decision) -> Bool {
        if old.controls.count != new.controls.count { return true }
        for control in old.controls {
            guard let other = new.controls[control.name] else { return true }
            let (a, b) = (old.finalValue(of: control), new.finalValue(of: other))
            if let first = ReplayReport.amount(a), let second = ReplayReport.amount(b) {
                if first != second { return true }
            } else if a != b {
                return true
            }
        }
        return false
    }

    /// A decision's final values as `values` shows them.
    static func finalValues(_ decision: Decision) -> String {
        values(decision.controls) { decision.finalValue(of: $0) }
    }

    /// `19.99` for one control, `price=19.99, stock=3` for several.
    static func values(_ controls: ControlOutcomes, _ value: KeyPath<ControlOutcome, DecisionValue>) -> String {
        values(controls) { $0[keyPath: value] }
    }

    private static func values(_ controls: ControlOutcomes, _ value: (ControlOutcome) -> DecisionValue) -> String {
        if controls.count == 1 { return value(controls[0]).description }
        return controls.map { "\($0.name)=\(value($0))" }.joined(separator: ", ")
    }
}
