import Arbiter

extension ReplayReport {
    /// Folds one decision into the report; `line` is its history line.
    ///
    /// Decisions should come in replay (time) order: a budget's "end of day" is the last
    /// decision seen for that day.
    public mutating func add(_ decision: Decision, line: Int) {
        let day = count(decision.outcome, at: decision.at, line: line)

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
        countKey(decision.key, at: decision.at, line: line, changed: changed)
    }

    /// Folds the last decision of `decider` into the report, as `add(decider.decision(), line:)`
    /// would, reading its compact form instead of rendering its text. The report must have
    /// been made with `init(plan:)` for the decider's policy.
    public mutating func add(_ decider: Decider, line: Int) {
        let plan = decider.policy
        guard followsPlan, decider.outcome != .error, plan.version == version, plan.name == policy else {
            add(decider.decision(), line: line)
            return
        }
        let at = decider.at
        let day = count(decider.outcome, at: at, line: line)
        for rule in decider.firedRules { rulesFired[rule].count += 1 }
        for index in 0..<decider.guardEventCount {
            let event = decider.guardEvent(index)
            if let guardIndex = event.guardIndex {
                guardActivity[guardIndex].record(event.result)
            } else {
                recordGuard(name: event.name, result: event.result)
            }
        }
        if let role = decider.approvalRole {
            approvalsByRoleTable[role, default: 0] += 1
            approvalsByDayTable[day, default: 0] += 1
        }
        for index in plan.goals.indices {
            let goal = decider.goal(index)
            goals[index].record(met: goal.met, failed: goal.failed)
        }
        for slot in plan.budgets.indices {
            let used = decider.budgetUsedAmount(slot)
            budgets[slot].record(BudgetPoint(used: used.amount, fractionDigits: used.fractionDigits), at: at, day: day)
        }
        var changed = false
        if decider.outcome.isApplied {
            for control in plan.controls.indices {
                let from = decider.currentValue(of: control)
                let to = decider.finalValue(of: control)
                let moved = changes[control].record(from: decider.shownAmount(from, control: control),
                                                    to: decider.shownAmount(to, control: control), differs: from != to)
                if moved { changed = true }
            }
        }
        countKey(decider.key, at: at, line: line, changed: changed)
    }

    /// Counts a decision and its outcome; returns its UTC day.
    private mutating func count(_ outcome: Outcome, at: Instant, line: Int) -> CalendarDate {
        decisions += 1
        if line != lastLine {
            decidedRows += 1
            lastLine = line
        }
        let day: CalendarDate
        let entry: [CalendarDate: OutcomeCounts].Index
        if let lastDay, lastDay.start <= at, at < lastDay.end {
            (day, entry) = (lastDay.day, lastDay.entry)
        } else {
            day = at.date
            if outcomesByDayTable[day] == nil { outcomesByDayTable[day] = OutcomeCounts() }
            entry = outcomesByDayTable.index(forKey: day)!
            let start = Instant(date: day)
            lastDay = (day, start, Instant(microsecondsSinceEpoch: start.microsecondsSinceEpoch + Instant.microsecondsPerDay), entry)
        }
        outcomes[outcome] += 1
        outcomesByDayTable.values[entry][outcome] += 1
        if firstAt.map({ at < $0 }) ?? true { firstAt = at }
        if lastAt.map({ at > $0 }) ?? true { lastAt = at }
        return day
    }

    private mutating func countKey(_ key: String, at: Instant, line: Int, changed: Bool) {
        guard keyTable.add(key, at: at, line: line, changed: changed) else { return }
        repeatedRowCount += 1
        if firstRepeatedLine.map({ line < $0 }) ?? true { firstRepeatedLine = line }
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
        recordGuard(name: event.guardName, result: event.result)
    }

    private mutating func recordGuard(name: String, result: GuardEvent.Result) {
        let index: Int
        if let known = guardIndex[name] {
            index = known
        } else {
            index = guardActivity.count
            guardIndex[name] = index
            guardActivity.append(GuardActivity(name: name))
        }
        guardActivity[index].record(result)
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
        goals[index].record(met: result.met, failed: result.error != nil)
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
