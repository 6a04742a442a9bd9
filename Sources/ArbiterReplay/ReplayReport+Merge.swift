import Arbiter

// Merging the reports of `--jobs` lanes
//
// Each lane of a parallel replay folds the rows of its own keys into a report of its own;
// the lanes' reports are then added into the observer's. Everything a lane counts is a
// sum, a minimum or a maximum, or a table keyed by something (a key, a day, a role) that
// merges entry by entry, so the result is the report one lane would have made. What
// depends on row order stays out of lanes: skipped rows and `error` decisions (whose
// message table is capped in arrival order) reach the observer in row order, and policies
// with budgets are never split into lanes.

extension ReplayReport {
    /// Adds the counts of `lane`, a report of the same plan (`init(plan:)`) over other
    /// rows with no skipped rows and no `error` decisions.
    public mutating func merge(lane: ReplayReport) {
        precondition(lane.skippedRowCount == 0 && lane.errorTable.isEmpty, "a lane report holds only decided rows without errors")
        lastDay = nil
        decisions += lane.decisions
        decidedRows += lane.decidedRows
        for outcome in Outcome.allCases { outcomes[outcome] += lane.outcomes[outcome] }
        for (day, counts) in lane.outcomesByDayTable {
            for outcome in Outcome.allCases { outcomesByDayTable[day, default: OutcomeCounts()][outcome] += counts[outcome] }
        }
        if let first = lane.firstAt, firstAt.map({ first < $0 }) ?? true { firstAt = first }
        if let last = lane.lastAt, lastAt.map({ last > $0 }) ?? true { lastAt = last }
        Self.merge(lane.rulesFired, into: &rulesFired, index: &ruleIndex, name: \.name) { $0.count += $1.count }
        Self.merge(lane.guardActivity, into: &guardActivity, index: &guardIndex, name: \.name) { $0.add($1) }
        Self.merge(lane.goals, into: &goals, index: &goalIndex, name: \.name) { $0.add($1) }
        Self.merge(lane.changes, into: &changes, index: &changeIndex, name: \.control) { $0.add($1) }
        for (role, count) in lane.approvalsByRoleTable { approvalsByRoleTable[role, default: 0] += count }
        for (day, count) in lane.approvalsByDayTable { approvalsByDayTable[day, default: 0] += count }
        keyTable.merge(lane.keyTable)
        // A key's rows are all in one lane, so each lane found its own repeats.
        repeatedRowCount += lane.repeatedRowCount
        if let line = lane.firstRepeatedLine, firstRepeatedLine.map({ line < $0 }) ?? true { firstRepeatedLine = line }
    }
}

extension ReplayReport {
    /// Adds named tallies into a list indexed by name; a name not yet listed is appended.
    private static func merge<Tally>(_ tallies: [Tally], into list: inout [Tally], index: inout [String: Int],
                                     name: KeyPath<Tally, String>, add: (inout Tally, Tally) -> Void) {
        for tally in tallies {
            if let position = index[tally[keyPath: name]] {
                add(&list[position], tally)
            } else {
                index[tally[keyPath: name]] = list.count
                list.append(tally)
            }
        }
    }
}

extension ReplayReport.GuardActivity {
    /// Adds another tally of the same guard.
    mutating func add(_ other: Self) {
        clamped += other.clamped
        blocked += other.blocked
        escalated += other.escalated
        warned += other.warned
        conflict += other.conflict
    }
}

extension ReplayReport.GoalAttainment {
    /// Adds another tally of the same goal.
    mutating func add(_ other: Self) {
        met += other.met
        evaluated += other.evaluated
        failed += other.failed
    }
}

extension ReplayReport.ChangeDistribution {
    /// Adds another distribution of the same control.
    mutating func add(_ other: Self) {
        for index in up.indices { up[index] += other.up[index] }
        for index in down.indices { down[index] += other.down[index] }
        self.other += other.other
    }
}
