import Arbiter

extension ReplayReport {
    /// Folds one decision into the report; `line` is its history line.
    ///
    /// Decisions should come in replay (time) order: a budget's "end of day" is the last
    /// decision seen for that day.
    public mutating func add(_ decision: Decision, line: Int) {
        decisions += 1
        if line != lastLine {
            decidedRows += 1
            lastLine = line
        }
        let day = decision.at.date
        outcomes[decision.outcome] += 1
        outcomesByDayTable[day, default: OutcomeCounts()][decision.outcome] += 1
        if firstAt.map({ decision.at < $0 }) ?? true { firstAt = decision.at }
        if lastAt.map({ decision.at > $0 }) ?? true { lastAt = decision.at }

        for rule in decision.fired { countRule(rule) }
        for event in decision.guards { recordGuard(event) }
        if let approval = decision.approval {
            approvalsByRoleTable[approval.role, default: 0] += 1
            approvalsByDayTable[day, default: 0] += 1
        }
        for goal in decision.goals { recordGoal(goal) }
        for budget in decision.budgets { recordBudget(budget, at: decision.at) }
        if decision.outcome == .error { countError(decision.error?.message ?? "unknown error") }

        var changed = false
        if decision.outcome.isApplied {
            for control in decision.controls where recordChange(control) { changed = true }
        }
        keyTable[decision.key, default: KeyTally(key: decision.key)].decisions += 1
        if changed { keyTable[decision.key]?.changes += 1 }
    }

    /// Counts a history row the replay skipped; the first `skippedRowsKept` keep their message.
    public mutating func addSkippedRow(_ message: String, line: Int, column: Int?) {
        skippedRowCount += 1
        if skippedRows.count < Self.skippedRowsKept {
            skippedRows.append(SkippedRow(line: line, column: column, message: message))
        }
    }

    /// Notes that the history was out of time order and the replay sorted it in memory.
    public mutating func noteUnsorted() {
        wasSortedInMemory = true
    }

    private mutating func countRule(_ name: String) {
        if let index = ruleIndex[name] {
            rulesFired[index].count += 1
        } else {
            ruleIndex[name] = rulesFired.count
            rulesFired.append(NamedCount(name: name, count: 1))
        }
    }

    private mutating func recordGuard(_ event: GuardEvent) {
        let index: Int
        if let known = guardIndex[event.guardName] {
            index = known
        } else {
            index = guardActivity.count
            guardIndex[event.guardName] = index
            guardActivity.append(GuardActivity(name: event.guardName))
        }
        guardActivity[index].record(event.result)
    }

    private mutating func recordGoal(_ result: GoalResult) {
        let index: Int
        if let known = goalIndex[result.name] {
            index = known
        } else {
            index = goals.count
            goalIndex[result.name] = index
            goals.append(GoalAttainment(name: result.name))
        }
        if result.error != nil {
            goals[index].failed += 1
            return
        }
        goals[index].evaluated += 1
        if result.met { goals[index].met += 1 }
    }

    private mutating func recordBudget(_ report: BudgetReport, at: Instant) {
        let index: Int
        if let known = budgetIndex[report.name] {
            index = known
        } else {
            index = budgets.count
            budgetIndex[report.name] = index
            budgets.append(BudgetUse(name: report.name, limit: "", calendar: nil))
        }
        budgets[index].record(report.used, at: at)
    }

    private mutating func countError(_ message: String) {
        if errorTable[message] == nil, errorTable.count >= Self.distinctErrorsKept {
            errorTable[Self.otherErrorsMessage, default: 0] += 1
        } else {
            errorTable[message, default: 0] += 1
        }
    }

    /// Records a control's move; returns whether it changed.
    private mutating func recordChange(_ control: ControlOutcome) -> Bool {
        let index: Int
        if let known = changeIndex[control.name] {
            index = known
        } else {
            index = changes.count
            changeIndex[control.name] = index
            changes.append(ChangeDistribution(control: control.name))
        }
        return changes[index].record(from: control.from, to: control.to)
    }
}
