import Arbiter

/// The terminal summary: aligned columns, no colour, at most 100 columns wide.
extension ReplayReport {
    /// The report as plain text for a terminal, sections separated by blank lines.
    public var text: String {
        var sections: [[String]] = [headerLines, outcomeLines]
        if !rulesFired.isEmpty { sections.append(ruleLines) }
        if !guardActivity.isEmpty { sections.append(guardLines) }
        if approvalsNeeded > 0 { sections.append(approvalLines) }
        if !budgets.isEmpty { sections.append(budgetLines) }
        if !goals.isEmpty { sections.append(goalLines) }
        if !errorTable.isEmpty { sections.append(errorLines) }
        for distribution in changes where distribution.total > 0 { sections.append(changeLines(distribution)) }
        if changedDecisions > 0 { sections.append(topKeyLines) }
        if skippedRowCount > 0 { sections.append(skippedLines) }
        return sections.map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
    }

    var headerLines: [String] {
        var lines = ["Replay of \(TextTable.cut(policy, to: 40))  \(Self.shortVersion(version))"]
        if let historyFile { lines.append("History   " + TextTable.cut(historyFile, to: 88)) }
        if let firstAt, let lastAt {
            let days = daySpan == 1 ? "1 day" : "\(Numbers.grouped(daySpan)) days"
            lines.append("Period    \(firstAt) → \(lastAt)  (\(days))")
        }
        lines.append("Rows      \(Numbers.grouped(rows)) read · \(Numbers.grouped(decisions)) \(decisions == 1 ? "decision" : "decisions") · "
            + "\(Numbers.grouped(skippedRowCount)) skipped · \(Numbers.grouped(keyCount)) \(keyCount == 1 ? "key" : "keys")")
        if wasSortedInMemory { lines.append("Note      the history was not in time order; it was sorted in memory") }
        if let repeatedRowsNote { lines.append("Note      " + repeatedRowsNote) }
        return lines
    }

    /// What the text and the page say of repeated rows; nil when there are none.
    var repeatedRowsNote: String? {
        guard repeatedRowCount > 0, let firstRepeatedLine else { return nil }
        let rows = repeatedRowCount == 1 ? "1 row repeats" : "\(Numbers.grouped(repeatedRowCount)) rows repeat"
        return "\(rows) a key and time already decided (first: line \(firstRepeatedLine)); each was decided again"
    }

    var outcomeLines: [String] {
        var table = TextTable([("Outcomes", .left), ("count", .right), ("%", .right), ("", .left)])
        let largest = Outcome.allCases.map { outcomes[$0] }.max() ?? 0
        for outcome in Outcome.allCases {
            let count = outcomes[outcome]
            table.add([outcome.rawValue, Numbers.grouped(count), Numbers.percent(count, of: decisions),
                       Self.bar(count, of: largest, width: 40)])
        }
        table.add(["total", Numbers.grouped(decisions), "", ""])
        return table.render()
    }

    var ruleLines: [String] {
        var table = TextTable([("Rules fired", .left), ("count", .right), ("of decisions", .right)])
        for rule in rulesFired {
            table.add([rule.name, Numbers.grouped(rule.count), Numbers.percent(rule.count, of: decisions)])
        }
        return table.render()
    }

    var guardLines: [String] {
        var table = TextTable([("Guards", .left), ("clamped", .right), ("blocked", .right), ("escalated", .right),
                               ("warned", .right), ("conflict", .right), ("total", .right)])
        for activity in guardActivity {
            table.add([activity.name] + activity.counts.map { Numbers.grouped($0.count) } + [Numbers.grouped(activity.total)])
        }
        return table.render()
    }

    var approvalLines: [String] {
        var roles = TextTable([("Approvals by role", .left), ("count", .right), ("of decisions", .right)])
        for role in approvalsByRole { roles.add([role.name, Numbers.grouped(role.count), Numbers.percent(role.count, of: decisions)]) }
        roles.add(["total", Numbers.grouped(approvalsNeeded), Numbers.percent(approvalsNeeded, of: decisions)])
        var days = TextTable([("Busiest approval days", .left), ("count", .right)])
        for day in busiestApprovalDays() { days.add([day.date.description, Numbers.grouped(day.count)]) }
        return roles.render() + [""] + days.render()
    }

    var budgetLines: [String] {
        var table = TextTable([("Budgets", .left), ("limit", .right), ("peak", .right), ("of limit", .right), ("peak at", .left)], maxWidth: 28)
        for budget in budgets {
            table.add([budget.name, budget.limit.isEmpty ? "?" : budget.limit, budget.peak?.text ?? "–",
                       budget.peak.flatMap { Self.share($0.used, of: budget.limitAmount) } ?? "–",
                       budget.peakAt?.description ?? "–"])
        }
        var lines = table.render()
        for budget in budgets where !budget.windowEnds.isEmpty {
            let zone = budget.calendar?.zone.flatMap { $0.isUTC ? nil : $0 }
            var windows = TextTable([("Budget \(TextTable.cut(budget.name, to: 28)), last windows" + (zone.map { " (\($0.identifier))" } ?? ""), .left),
                                     ("used", .right), ("of limit", .right), ("", .left)])
            for end in budget.windowEnds.suffix(Self.windowsShown) {
                var cells = [Self.windowLabel(end.start, zone: zone), end.used.text, Self.share(end.used.used, of: budget.limitAmount) ?? "–"]
                if let limit = budget.limitAmount, limit > .zero {
                    let part = Int((Numbers.double(end.used.used) / Numbers.double(limit) * 1000).rounded())
                    cells.append(Self.bar(part, of: 1000, width: 30, track: true))
                }
                windows.add(cells)
            }
            lines += [""] + windows.render()
        }
        return lines
    }

    var goalLines: [String] {
        // `failed`: decisions on which the goal could not be evaluated (not in `evaluated`).
        var table = TextTable([("Goals", .left), ("met", .right), ("evaluated", .right), ("attained", .right), ("failed", .right)])
        for goal in goals {
            table.add([goal.name, Numbers.grouped(goal.met), Numbers.grouped(goal.evaluated), Numbers.percent(goal.met, of: goal.evaluated),
                       Numbers.grouped(goal.failed)])
        }
        return table.render()
    }

    var errorLines: [String] {
        var table = TextTable([("Errors", .left), ("count", .right)], maxWidth: 80)
        for error in errors.prefix(10) { table.add([error.name, Numbers.grouped(error.count)]) }
        if errors.count > 10 { table.add(["… \(errors.count - 10) more messages", ""]) }
        return table.render()
    }

    func changeLines(_ distribution: ChangeDistribution) -> [String] {
        // Without a numeric change there are no sizes to draw (the page draws no chart).
        if distribution.total == distribution.other {
            return ["Changes of \(TextTable.cut(distribution.control, to: 30))  \(Numbers.grouped(distribution.total)) "
                + "\(distribution.total == 1 ? "change" : "changes"), not numeric"]
        }
        var lines = ["Changes of \(TextTable.cut(distribution.control, to: 30))  \(Numbers.grouped(distribution.total)) \(distribution.total == 1 ? "change" : "changes"): "
            + "\(Numbers.grouped(distribution.totalUp)) up, \(Numbers.grouped(distribution.totalDown)) down"
            + (distribution.other > 0 ? ", \(Numbers.grouped(distribution.other)) not numeric" : "")]
        let largest = max(distribution.up.max() ?? 0, distribution.down.max() ?? 0)
        lines.append("  size  " + TextTable.align("down", width: 32, .right) + "   up")
        for size in ChangeSize.allCases {
            let down = distribution.down(size)
            let up = distribution.up(size)
            let left = TextTable.align(Numbers.grouped(down), width: 7, .right) + " "
                + TextTable.align(Self.bar(down, of: largest, width: 24), width: 24, .right)
            let right = Self.bar(up, of: largest, width: 24) + " " + Numbers.grouped(up)
            lines.append(TextTable.trimmed("  " + TextTable.align(size.label, width: 6, .left) + left + " │ " + right))
        }
        return lines
    }

    var topKeyLines: [String] {
        var table = TextTable([("Top keys by changes", .left), ("changes", .right), ("decisions", .right)])
        for tally in topKeys() { table.add([tally.key, Numbers.grouped(tally.changes), Numbers.grouped(tally.decisions)]) }
        return table.render()
    }

    var skippedLines: [String] {
        let title = skippedRowCount > skippedRows.count
            ? "Skipped rows (first \(skippedRows.count) of \(Numbers.grouped(skippedRowCount)))" : "Skipped rows"
        var table = TextTable([(title, .left), ("", .left)], maxWidth: 76)
        table.columns[0].maxWidth = 10
        for row in skippedRows { table.add([row.place, row.message]) }
        return table.render()
    }

    /// How many of a budget's last windows the text and HTML reports show.
    static let windowsShown = 6

    /// A window's start: its UTC date when it starts at midnight UTC, else the instant (a
    /// zone's day, an hour, a bucket), so no two windows share a label.
    /// A budget window's start as its policy's calendar lays it: the local date of a
    /// window that starts at local midnight (a day, a week), else the local time with its
    /// offset (`2027-03-22T05:00:00-04:00`); UTC (`…Z`) without a zone.
    static func windowLabel(_ start: Instant, zone: TimeZoneOffsets? = nil) -> String {
        guard let zone, !zone.isUTC else {
            return start.microsecondOfDay == 0 ? start.dateDescription : start.description
        }
        let offset = zone.offsetSeconds(at: start)
        let local = Instant(microsecondsSinceEpoch: start.microsecondsSinceEpoch &+ offset &* Instant.microsecondsPerSecond)
        if local.microsecondOfDay == 0 { return local.dateDescription }
        let minutes = offset.magnitude / 60
        func twoDigits(_ value: UInt64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let offsetText = (offset < 0 ? "-" : "+") + twoDigits(minutes / 60) + ":" + twoDigits(minutes % 60)
        return String(local.description.dropLast()) + offsetText
    }

    /// `sha256:` and the first 12 hex digits.
    static func shortVersion(_ version: String) -> String {
        version.hasPrefix("sha256:") && version.count > 19 ? String(version.prefix(19)) : version
    }

    /// A bar of `█` proportional to `value ÷ largest`, at least one mark for a non-zero value.
    static func bar(_ value: Int, of largest: Int, width: Int, track: Bool = false) -> String {
        guard largest > 0 else { return track ? String(repeating: "░", count: width) : "" }
        let cells = min(width, value <= 0 ? 0 : max(1, (value * width + largest / 2) / largest))
        return String(repeating: "█", count: cells) + (track ? String(repeating: "░", count: width - cells) : "")
    }

    /// `used ÷ limit` as a percentage (`98.4%`).
    static func share(_ used: Exact, of limit: Exact?) -> String? {
        guard let limit, limit > .zero else { return nil }
        let tenths = Int((Numbers.double(used) / Numbers.double(limit) * 1000).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))%"
    }
}
