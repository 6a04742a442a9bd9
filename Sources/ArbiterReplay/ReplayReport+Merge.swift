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
        decisions += lane.decisions
        decidedRows += lane.decidedRows
        for outcome in Outcome.allCases { outcomes[outcome] += lane.outcomes[outcome] }
        for (day, counts) in lane.outcomesByDayTable {
            for outcome in Outcome.allCases { outcomesByDayTable[day, default: OutcomeCounts()][outcome] += counts[outcome] }
        }
        if let first = lane.firstAt, firstAt.map({ first < $0 }) ?? true { firstAt = first }
        if let last = lane.lastAt, lastAt.map({ last > $0 }) ?? true { lastAt = last }
        for rule in lane.rulesFired {
            if let index = ruleIndex[rule.name] {
                rulesFired[index].count += rule.count
            } else {
                ruleIndex[rule.name] = rulesFired.count
                rulesFired.append(rule)
            }
        }
        for activity in lane.guardActivity {
            guard let index = guardIndex[activity.name] else {
                guardIndex[activity.name] = guardActivity.count
                guardActivity.append(activity)
                continue
            }
            guardActivity[index].clamped += activity.clamped
            guardActivity[index].blocked += activity.blocked
            guardActivity[index].escalated += activity.escalated
            guardActivity[index].warned += activity.warned
            guardActivity[index].conflict += activity.conflict
        }
        for goal in lane.goals {
            guard let index = goalIndex[goal.name] else {
                goalIndex[goal.name] = goals.count
                goals.append(goal)
                continue
            }
            goals[index].met += goal.met
            goals[index].evaluated += goal.evaluated
            goals[index].failed += goal.failed
        }
        for change in lane.changes {
            guard let index = changeIndex[change.control] else {
                changeIndex[change.control] = changes.count
                changes.append(change)
                continue
            }
            changes[index].add(change)
        }
        for (role, count) in lane.approvalsByRoleTable { approvalsByRoleTable[role, default: 0] += count }
        for (day, count) in lane.approvalsByDayTable { approvalsByDayTable[day, default: 0] += count }
        for (key, tally) in lane.keyTable {
            if let index = keyTable.index(forKey: key) {
                keyTable.values[index].decisions += tally.decisions
                keyTable.values[index].changes += tally.changes
            } else {
                keyTable[key] = tally
            }
        }
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
