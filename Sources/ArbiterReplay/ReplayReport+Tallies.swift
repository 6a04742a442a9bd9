import Arbiter

extension ReplayReport {
    /// A name and how many times something happened to it.
    public struct NamedCount: Sendable, Hashable {
        /// The rule, role or message.
        public var name: String
        /// The count.
        public var count: Int

        /// Creates a count.
        public init(name: String, count: Int) {
            self.name = name
            self.count = count
        }
    }

    /// A day and a count.
    public struct DayCount: Sendable, Hashable {
        /// The UTC day.
        public var date: CalendarDate
        /// The count.
        public var count: Int
    }

    /// One count per outcome.
    public struct OutcomeCounts: Sendable, Hashable {
        // INVARIANT: one entry per `Outcome.allCases`, in that order.
        private var counts = Array(repeating: 0, count: Outcome.allCases.count)

        /// No decisions.
        public init() {}

        /// The count of one outcome.
        public subscript(outcome: Outcome) -> Int {
            get { counts[Self.position(outcome)] }
            set { counts[Self.position(outcome)] = newValue }
        }

        /// All outcomes together.
        public var total: Int { counts.reduce(0, +) }

        private static func position(_ outcome: Outcome) -> Int {
            switch outcome {
            case .applied: 0
            case .clamped: 1
            case .pendingApproval: 2
            case .blocked: 3
            case .hold: 4
            case .error: 5
            }
        }
    }

    /// The outcomes of one UTC day.
    public struct DayOutcomes: Sendable, Hashable {
        /// The day.
        public var date: CalendarDate
        /// Its decisions by outcome.
        public var outcomes: OutcomeCounts
    }

    /// What one guard (or budget, when it acted as one) did over the replay.
    public struct GuardActivity: Sendable, Hashable {
        /// The guard's name.
        public var name: String
        /// Times it moved a value.
        public var clamped = 0
        /// Times it stopped a change.
        public var blocked = 0
        /// Times it asked for an approval.
        public var escalated = 0
        /// Times it only warned.
        public var warned = 0
        /// Times its clamp no longer held after later guards.
        public var conflict = 0

        /// Creates an idle guard.
        public init(name: String) { self.name = name }

        /// Every time it acted.
        public var total: Int { clamped + blocked + escalated + warned + conflict }

        mutating func record(_ result: GuardEvent.Result) {
            switch result {
            case .held: break
            case .clamped: clamped += 1
            case .blocked: blocked += 1
            case .escalated: escalated += 1
            case .warned: warned += 1
            case .conflict: conflict += 1
            }
        }

        /// The counts in the order reports show them, with their result names.
        public var counts: [(result: GuardEvent.Result, count: Int)] {
            [(.clamped, clamped), (.blocked, blocked), (.escalated, escalated), (.warned, warned), (.conflict, conflict)]
        }
    }

    /// How often one goal held.
    public struct GoalAttainment: Sendable, Hashable {
        /// The goal's name.
        public var name: String
        /// Decisions on which it was met.
        public var met = 0
        /// Decisions on which it could be evaluated.
        public var evaluated = 0
        /// Decisions on which it could not be evaluated (an error in its expression).
        public var failed = 0

        /// Creates a goal not yet evaluated.
        public init(name: String) { self.name = name }

        /// Counts one decision: the goal was met or not, or could not be evaluated.
        mutating func record(met: Bool, failed: Bool) {
            if failed {
                self.failed += 1
            } else {
                evaluated += 1
                if met { self.met += 1 }
            }
        }
    }

    /// One key's decisions and changes, as `keyTable` keeps them.
    struct KeyCounts: Sendable, Hashable {
        var decisions = 0
        var changes = 0
        /// The time (in microseconds since the epoch; `Int64.min` before any) and history
        /// line of its last decision.
        var lastAt = Int64.min
        var lastLine = 0
    }

    /// One key's decisions and changes.
    public struct KeyTally: Sendable, Hashable {
        /// The key.
        public var key: String
        /// Its decisions.
        public var decisions = 0
        /// Its applied or clamped decisions that moved a control.
        public var changes = 0

        /// Creates a tally.
        public init(key: String, decisions: Int = 0, changes: Int = 0) {
            self.key = key
            self.decisions = decisions
            self.changes = changes
        }
    }

    /// A history row the replay could not use.
    public struct SkippedRow: Sendable, Hashable {
        /// 1-based line.
        public var line: Int
        /// 1-based column, when known.
        public var column: Int?
        /// What was wrong.
        public var message: String

        /// `12:9` or `12`.
        public var place: String { column.map { "\(line):\($0)" } ?? String(line) }
    }
}
