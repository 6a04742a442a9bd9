import Arbiter

/// The tables of the HTML report: the same sections as the text report.
extension ReplayReport {
    var htmlTables: String {
        var out = HTML.grid([outcomeTable, ruleTable])
        out += HTML.grid([guardTable, goalTable])
        if approvalsNeeded > 0 { out += HTML.grid([approvalRoleTable, approvalDayTable]) }
        if !budgets.isEmpty { out += budgetTable }
        out += HTML.grid([topKeyTable] + (errorTable.isEmpty ? [] : [errorListTable]))
        if skippedRowCount > 0 { out += skippedTable }
        return out
    }

    private var outcomeTable: String {
        let largest = Outcome.allCases.map { outcomes[$0] }.max() ?? 0
        let rows: [[HTML.Cell]] = Outcome.allCases.map { outcome in
            [.markup(HTML.outcomeTag(outcome)), .count(outcomes[outcome]), .number(Numbers.percent(outcomes[outcome], of: decisions)),
             .markup(HTML.meter(outcomes[outcome], of: largest, color: HTMLStyle.color(of: outcome)))]
        }
        return HTML.panel("Outcomes", HTML.table([("Outcome", false), ("Decisions", true), ("Share", true), ("", false)], rows))
    }

    private var ruleTable: String {
        guard !rulesFired.isEmpty else { return HTML.panel("Rules fired", HTML.empty("The policy has no rules.")) }
        let largest = rulesFired.map(\.count).max() ?? 0
        let rows: [[HTML.Cell]] = rulesFired.map { rule in
            [.markup("<code>\(HTML.escape(rule.name))</code>"), .count(rule.count), .number(Numbers.percent(rule.count, of: decisions)),
             .markup(HTML.meter(rule.count, of: largest, color: HTMLStyle.neutral))]
        }
        return HTML.panel("Rules fired", HTML.table([("Rule", false), ("Fired", true), ("Of decisions", true), ("", false)], rows))
    }

    private var guardTable: String {
        guard !guardActivity.isEmpty else { return HTML.panel("Guards", HTML.empty("The policy has no guards.")) }
        let rows: [[HTML.Cell]] = guardActivity.map { activity in
            [.markup("<code>\(HTML.escape(activity.name))</code>")] + activity.counts.map { .count($0.count) }
        }
        let headers = [("Guard", false)] + SVGChart.guardResults.map { ($0.rawValue.capitalizedFirst, true) }
        return HTML.panel("Guards", HTML.table(headers, rows))
    }

    private var goalTable: String {
        guard !goals.isEmpty else { return HTML.panel("Goals", HTML.empty("The policy has no goals.")) }
        let rows: [[HTML.Cell]] = goals.map { goal in
            [.markup("<code>\(HTML.escape(goal.name))</code>"), .count(goal.met), .count(goal.evaluated),
             .number(Numbers.percent(goal.met, of: goal.evaluated)),
             .markup(HTML.meter(goal.met, of: goal.evaluated, color: HTMLStyle.color(of: .applied))), .count(goal.failed)]
        }
        return HTML.panel("Goals", note: "Share of evaluated decisions on which each goal was met; failed: could not be evaluated",
                          HTML.table([("Goal", false), ("Met", true), ("Evaluated", true), ("Attained", true), ("", false), ("Failed", true)], rows))
    }

    private var approvalRoleTable: String {
        let largest = approvalsByRole.first?.count ?? 0
        let rows: [[HTML.Cell]] = approvalsByRole.map { role in
            [.text(role.name), .count(role.count), .markup(HTML.meter(role.count, of: largest, color: HTMLStyle.color(of: .pendingApproval)))]
        }
        return HTML.panel("Approvals needed by role",
                          note: "\(Numbers.grouped(approvalsNeeded)) in all, \(Numbers.percent(approvalsNeeded, of: decisions)) of decisions",
                          HTML.table([("Role", false), ("Approvals", true), ("", false)], rows))
    }

    private var approvalDayTable: String {
        let busiest = busiestApprovalDays(limit: 7)
        let largest = busiest.first?.count ?? 0
        let rows: [[HTML.Cell]] = busiest.map { day in
            [.text(day.date.description), .count(day.count), .markup(HTML.meter(day.count, of: largest, color: HTMLStyle.color(of: .pendingApproval)))]
        }
        return HTML.panel("Busiest approval days", note: "\(approvalsByDay.count) days needed an approval",
                          HTML.table([("Day (UTC)", false), ("Approvals", true), ("", false)], rows))
    }

    private var budgetTable: String {
        var rows: [[HTML.Cell]] = []
        for budget in budgets {
            let zone = budget.calendar?.zone.flatMap { $0.isUTC ? nil : $0 }
            let ends = budget.windowEnds.suffix(Self.windowsShown).map { "\(Self.windowLabel($0.start, zone: zone)): \($0.used.text)" }
            rows.append([.markup("<code>\(HTML.escape(budget.name))</code>"), .unbroken(budget.limit.isEmpty ? "–" : budget.limit),
                         .number(budget.peak?.text ?? "–"), .number(budget.peak.flatMap { Self.share($0.used, of: budget.limitAmount) } ?? "–"),
                         .unbroken(budget.peakAt?.description ?? "–"), .text(ends.joined(separator: " · "))])
        }
        // One policy, one zone: its windows start at its local midnights and hours.
        let zone = budgets.lazy.compactMap { $0.calendar?.zone }.first { !$0.isUTC }
        return HTML.panel("Budgets", note: "Last windows: the start of each window\(zone.map { " (\($0.identifier))" } ?? "") and the amount used when it ended",
                          HTML.table([("Budget", false), ("Limit", false), ("Peak", true), ("Of limit", true), ("Peak at", false),
                                      ("Last windows", false)], rows))
    }

    private var topKeyTable: String {
        let top = topKeys()
        guard !top.isEmpty else { return HTML.panel("Top keys by changes", HTML.empty("No decision changed a control.")) }
        let largest = top.first?.changes ?? 0
        let rows: [[HTML.Cell]] = top.map { tally in
            [.markup("<code>\(HTML.escape(tally.key))</code>"), .count(tally.changes), .count(tally.decisions),
             .markup(HTML.meter(tally.changes, of: largest, color: HTMLStyle.up))]
        }
        return HTML.panel("Top keys by changes", note: "\(Numbers.grouped(keyCount)) \(keyCount == 1 ? "key" : "keys") in all",
                          HTML.table([("Key", false), ("Changes", true), ("Decisions", true), ("", false)], rows))
    }

    private var errorListTable: String {
        let rows: [[HTML.Cell]] = errors.prefix(20).map { [.text($0.name), .count($0.count)] }
        let note = errors.count > 20 ? "The 20 most frequent of \(errors.count) messages" : nil
        return HTML.panel("Errors", note: note, HTML.table([("Message", false), ("Decisions", true)], rows))
    }

    private var skippedTable: String {
        let rows: [[HTML.Cell]] = skippedRows.map { [.text($0.place), .text($0.message)] }
        let note = skippedRowCount > skippedRows.count ? "The first \(skippedRows.count) of \(Numbers.grouped(skippedRowCount))" : nil
        return HTML.panel("Skipped rows", note: note, HTML.table([("Line", false), ("Problem", false)], rows))
    }
}

extension String {
    /// `clamped` → `Clamped`.
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
