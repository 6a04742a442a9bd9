import Arbiter

/// Views derived from the counters, in the order the renderers show them.
extension ReplayReport {
    /// Distinct keys seen.
    public var keyCount: Int { keyTable.count }

    /// Decisions that moved at least one control (applied or clamped).
    public var changedDecisions: Int { keyTable.counts.reduce(0) { $0 + $1.changes } }

    /// Approvals needed in all.
    public var approvalsNeeded: Int { approvalsByRoleTable.values.reduce(0, +) }

    /// Approvals needed per role, most first (ties by name).
    public var approvalsByRole: [NamedCount] {
        Self.ranked(approvalsByRoleTable)
    }

    /// Approvals needed per UTC day, in date order (days with none are left out).
    public var approvalsByDay: [DayCount] {
        approvalsByDayTable.sorted { $0.key < $1.key }.map { DayCount(date: $0.key, count: $0.value) }
    }

    /// The days with the most approvals needed, most first (ties by date).
    public func busiestApprovalDays(limit: Int = 5) -> [DayCount] {
        Array(approvalsByDay.sorted { $0.count != $1.count ? $0.count > $1.count : $0.date < $1.date }.prefix(limit))
    }

    /// Error decisions per message, most first (ties by message).
    public var errors: [NamedCount] {
        Self.ranked(errorTable)
    }

    /// Outcomes per UTC day from the first decision's day to the last, days without
    /// decisions included (with zero counts) over at most `densePeriodDays`; over a longer
    /// period (a row dated 2207 for 2027) only the days with decisions, so one stray
    /// date cannot fill a report with millions of empty days.
    public var days: [DayOutcomes] {
        guard let first = outcomesByDayTable.keys.min(), let last = outcomesByDayTable.keys.max() else { return [] }
        if last.daysSinceEpoch - first.daysSinceEpoch >= Int64(Self.densePeriodDays) {
            return outcomesByDayTable.keys.sorted().map { DayOutcomes(date: $0, outcomes: outcomesByDayTable[$0] ?? OutcomeCounts()) }
        }
        var result: [DayOutcomes] = []
        var date = first
        while date <= last {
            result.append(DayOutcomes(date: date, outcomes: outcomesByDayTable[date] ?? OutcomeCounts()))
            date = date.adding(days: 1)
        }
        return result
    }

    /// The longest period whose days are all listed in `days`: ten years.
    public static let densePeriodDays = 3_653

    /// Calendar days from the first decision to the last, both included.
    public var daySpan: Int {
        guard let firstAt, let lastAt else { return 0 }
        return Int(lastAt.date.daysSinceEpoch - firstAt.date.daysSinceEpoch) + 1
    }

    /// The keys with the most changes, most first (ties: more decisions, then key);
    /// keys without changes are left out.
    public func topKeys(limit: Int = 10) -> [KeyTally] {
        let changed = zip(keyTable.keys, keyTable.counts).compactMap { key, counts in
            counts.changes > 0 ? KeyTally(key: key, decisions: counts.decisions, changes: counts.changes) : nil
        }
        return Array(changed.sorted { a, b in
            if a.changes != b.changes { return a.changes > b.changes }
            if a.decisions != b.decisions { return a.decisions > b.decisions }
            return a.key < b.key
        }.prefix(limit))
    }

    /// One key's tally, if it was seen.
    public func tally(forKey key: String) -> KeyTally? {
        keyTable[key].map { KeyTally(key: key, decisions: $0.decisions, changes: $0.changes) }
    }

    /// The distribution of changes of one control.
    public func changes(of control: String) -> ChangeDistribution? {
        changeIndex[control].map { changes[$0] }
    }

    /// What one guard did.
    public func activity(ofGuard name: String) -> GuardActivity? {
        guardIndex[name].map { guardActivity[$0] }
    }

    /// Counts sorted by count, most first, ties by name.
    static func ranked(_ table: [String: Int]) -> [NamedCount] {
        table.map { NamedCount(name: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.name < $1.name }
    }
}
