import Arbiter

extension ReplayReport {
    /// The report for machines (`arbiter replay --json`); see docs/replay-report.md.
    ///
    /// Members, in this order (counts are integers, dates `YYYY-MM-DD` in UTC, times
    /// ISO 8601 UTC, budget amounts strings as decisions write them):
    ///
    /// ```text
    /// schema          "arbiter.replay-report/1"
    /// policy, version, history (string or null)
    /// time_range      {first, last, days} or null when there were no decisions
    /// sorted_in_memory  bool: the history was out of time order
    /// repeated_rows   {count, first_line (or null)}: rows deciding a key again at the
    ///                 time of its previous row
    /// rows, decisions, keys
    /// skipped_rows    {count, first: [{line, column (or null), message}]}   (at most 20)
    /// outcomes        {applied, clamped, pending_approval, blocked, hold, error}
    /// outcomes_by_day [{date, applied, clamped, pending_approval, blocked, hold, error}]
    /// rules           {rule: times fired}
    /// guards          {guard: {clamped, blocked, escalated, warned, conflict}}
    /// approvals       {total, by_role: {role: n}, by_day: {date: n}}
    /// budgets         {budget: {limit, peak (or null), peak_at (or null),
    ///                  by_day: [{date, used}], windows: [{start, used}]}}
    /// goals           {goal: {met, evaluated, failed, attainment (0…1 or null)}}
    /// errors          [{message, count}]   most frequent first
    /// changes         {control: {total, up: {le_1pct, le_5pct, le_10pct, le_25pct, gt_25pct},
    ///                  down: {…same…}, other}}
    /// top_keys        [{key, changes, decisions}]   at most 10, most changes first
    /// ```
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("schema", .string("arbiter.replay-report/1")),
            ("policy", .string(policy)),
            ("version", .string(version)),
            ("history", historyFile.map { .string($0) } ?? .null),
            ("time_range", timeRangeJSON),
            ("sorted_in_memory", .bool(wasSortedInMemory)),
            ("repeated_rows", .object([("count", Self.number(repeatedRowCount)), ("first_line", firstRepeatedLine.map(Self.number) ?? .null)])),
            ("rows", Self.number(rows)),
            ("decisions", Self.number(decisions)),
            ("keys", Self.number(keyCount)),
            ("skipped_rows", skippedJSON),
            ("outcomes", Self.outcomesJSON(outcomes)),
            ("outcomes_by_day", outcomesByDayJSON),
        ]
        members.append(("rules", .object(rulesFired.map { ($0.name, Self.number($0.count)) })))
        members.append(("guards", .object(guardActivity.map { activity in
            (activity.name, .object(activity.counts.map { ($0.result.rawValue, Self.number($0.count)) }))
        })))
        members.append(("approvals", approvalsJSON))
        members.append(("budgets", .object(budgets.map { ($0.name, Self.budgetJSON($0)) })))
        members.append(("goals", .object(goals.map { ($0.name, Self.goalJSON($0)) })))
        members.append(("errors", .array(errors.map { error in
            .object([("message", .string(error.name)), ("count", Self.number(error.count))])
        })))
        members.append(("changes", .object(changes.map { ($0.control, Self.changesJSON($0)) })))
        members.append(("top_keys", .array(topKeys().map { tally in
            .object([("key", .string(tally.key)), ("changes", Self.number(tally.changes)),
                     ("decisions", Self.number(tally.decisions))])
        })))
        return .object(members)
    }

    private var skippedJSON: JSONValue {
        let first: [JSONValue] = skippedRows.map { row in
            .object([("line", Self.number(row.line)), ("column", row.column.map(Self.number) ?? .null),
                     ("message", .string(row.message))])
        }
        return .object([("count", Self.number(skippedRowCount)), ("first", .array(first))])
    }

    private var outcomesByDayJSON: JSONValue {
        .array(days.map { day in
            let counts: [(String, JSONValue)] = Outcome.allCases.map { ($0.rawValue, Self.number(day.outcomes[$0])) }
            return .object([("date", .string(day.date.description))] + counts)
        })
    }

    private var approvalsJSON: JSONValue {
        .object([
            ("total", Self.number(approvalsNeeded)),
            ("by_role", .object(approvalsByRole.map { ($0.name, Self.number($0.count)) })),
            ("by_day", .object(approvalsByDay.map { ($0.date.description, Self.number($0.count)) })),
        ])
    }

    private static func goalJSON(_ goal: GoalAttainment) -> JSONValue {
        let attainment: JSONValue = Numbers.ratio(goal.met, of: goal.evaluated).map { .number($0) } ?? .null
        return .object([("met", number(goal.met)), ("evaluated", number(goal.evaluated)),
                        ("failed", number(goal.failed)), ("attainment", attainment)])
    }

    private var timeRangeJSON: JSONValue {
        guard let firstAt, let lastAt else { return .null }
        return .object([("first", .string(firstAt.description)), ("last", .string(lastAt.description)),
                        ("days", Self.number(daySpan))])
    }

    static func number(_ value: Int) -> JSONValue { .number(String(value)) }

    static func outcomesJSON(_ counts: OutcomeCounts) -> JSONValue {
        .object(Outcome.allCases.map { ($0.rawValue, number(counts[$0])) })
    }

    private static func budgetJSON(_ budget: BudgetUse) -> JSONValue {
        .object([
            ("limit", .string(budget.limit)),
            ("peak", budget.peak.map { .string($0.text) } ?? .null),
            ("peak_at", budget.peakAt.map { .string($0.description) } ?? .null),
            ("by_day", .array(budget.days.map { .object([("date", .string($0.date.description)), ("used", .string($0.used.text))]) })),
            ("windows", .array(budget.windowEnds.map { .object([("start", .string($0.start.description)), ("used", .string($0.used.text))]) })),
        ])
    }

    private static func changesJSON(_ distribution: ChangeDistribution) -> JSONValue {
        func buckets(_ counts: [Int]) -> JSONValue {
            .object(ChangeSize.allCases.map { ($0.jsonName, number(counts[$0.rawValue])) })
        }
        return .object([
            ("total", number(distribution.total)),
            ("up", buckets(distribution.up)),
            ("down", buckets(distribution.down)),
            ("other", number(distribution.other)),
        ])
    }
}
