import Arbiter

/// The HTML report: one self-contained page (inline CSS, inline SVG, no script, no
/// network) with key figures, charts and the tables of the text report.
extension ReplayReport {
    /// The report as one self-contained HTML page (`arbiter replay --report report.html`).
    ///
    /// Charts, each one `<svg class="chart" data-chart="…">`: decisions per day by outcome
    /// (`outcomes-per-day`, when there were decisions), one per budget with use (`budget`),
    /// one per control with changes (`changes`), and guard activity (`guards`, when a guard
    /// acted). Every piece of user text is HTML-escaped.
    public var html: String {
        HTMLPage(title: "Replay · \(policy)", eyebrow: "Arbiter · replay report", heading: policy,
                 meta: htmlMeta, cards: htmlCards, notices: htmlNotices, body: htmlCharts + htmlTables).render()
    }

    /// How many charts `html` draws.
    public var htmlChartCount: Int {
        (decisions > 0 ? 1 : 0) + budgets.filter { !$0.dayEnds.isEmpty }.count
            + changes.filter { $0.total > $0.other }.count + (guardActivity.contains { $0.total > 0 } ? 1 : 0)
    }

    var htmlMeta: [HTMLPage.MetaItem] {
        var items = [HTMLPage.MetaItem(label: "Version", value: Self.shortVersion(version), tooltip: version, isCode: true)]
        if let historyFile { items.append(HTMLPage.MetaItem(label: "History", value: historyFile, isCode: true)) }
        if let firstAt, let lastAt {
            items.append(HTMLPage.MetaItem(label: "From", value: firstAt.description))
            items.append(HTMLPage.MetaItem(label: "To", value: lastAt.description))
            items.append(HTMLPage.MetaItem(label: "Span", value: daySpan == 1 ? "1 day" : "\(Numbers.grouped(daySpan)) days"))
        }
        var rowsText = Numbers.grouped(rows)
        if skippedRowCount > 0 { rowsText += " (\(Numbers.grouped(skippedRowCount)) skipped)" }
        items.append(HTMLPage.MetaItem(label: "Rows", value: rowsText))
        return items
    }

    var htmlNotices: [String] {
        var notices: [String] = []
        if wasSortedInMemory { notices.append("The history was not in time order; the replay sorted it in memory first.") }
        if let repeatedRowsNote { notices.append(repeatedRowsNote.capitalizedFirst) }
        if skippedRowCount > 0 {
            notices.append("\(Numbers.grouped(skippedRowCount)) history \(skippedRowCount == 1 ? "row was" : "rows were") skipped; see “Skipped rows” below.")
        }
        return notices
    }

    var htmlCards: String {
        var cards = HTML.card("Decisions", Numbers.grouped(decisions), "\(Numbers.grouped(keyCount)) \(keyCount == 1 ? "key" : "keys")", color: HTMLStyle.neutral)
        for outcome in Outcome.allCases {
            cards += HTML.card(outcome.rawValue.replacingUnderscores.capitalizedFirst, Numbers.grouped(outcomes[outcome]),
                               Numbers.percent(outcomes[outcome], of: decisions), color: HTMLStyle.color(of: outcome))
        }
        cards += HTML.card("Changes", Numbers.grouped(changedDecisions), Numbers.percent(changedDecisions, of: decisions), color: HTMLStyle.up)
        return "<section class=\"cards\">" + cards + "</section>\n"
    }

    var htmlCharts: String {
        var out = ""
        if decisions > 0 {
            let series = Outcome.allCases.map { SVGChart.Series(name: $0.rawValue, color: HTMLStyle.color(of: $0)) }
            let columns = dayColumns
            let per = columns.first.map { $0.days > 1 ? "week" : "day" } ?? "day"
            let chart = SVGChart.stackedColumns(columns, series: series, yTitle: "decisions", label: "Decisions per \(per) by outcome",
                                                kind: "outcomes-per-day")
            out += HTML.panel("Decisions per \(per) by outcome", note: "UTC \(per)s; hover a column for its counts.",
                              HTML.legend(series.map { ($0.name, $0.color) }) + chart)
        }
        var side: [String] = []
        for distribution in changes where distribution.total > distribution.other {
            let chart = SVGChart.changeHistogram(distribution, label: "Changes of \(distribution.control)")
            side.append(HTML.panel("Changes of \(distribution.control)",
                                   note: "\(Numbers.grouped(distribution.totalUp)) up, \(Numbers.grouped(distribution.totalDown)) down; size relative to the value before",
                                   HTML.legend([("increase", HTMLStyle.up), ("decrease", HTMLStyle.down)]) + chart))
        }
        let acting = guardActivity.filter { $0.total > 0 }
        if !acting.isEmpty {
            let legend = HTML.legend(SVGChart.guardResults.map { ($0.rawValue, HTMLStyle.color(of: $0)) })
            side.append(HTML.panel("Guard activity", note: "How often each guard acted, by what it did",
                                   legend + SVGChart.guardBars(acting, label: "Guard activity")))
        }
        out += HTML.grid(side)
        var budgetPanels: [String] = []
        for budget in budgets where !budget.dayEnds.isEmpty {
            budgetPanels.append(budgetPanel(budget))
        }
        out += HTML.grid(budgetPanels)
        return out + "\n"
    }

    private func budgetPanel(_ budget: BudgetUse) -> String {
        let samples = budget.days.map { SVGChart.BudgetSample(date: $0.date, used: Numbers.double($0.used.used), text: $0.used.text) }
        let first = firstAt?.date ?? samples[0].date
        let last = lastAt?.date ?? samples[samples.count - 1].date
        let limitText = budget.limitAmount.map { SVGChart.tickLabel(Numbers.double($0)) } ?? ""
        let chart = SVGChart.budgetLine(samples, first: first, last: last, limit: budget.limitAmount.map(Numbers.double),
                                        limitText: limitText, peakText: budget.peak?.text, label: "Budget \(budget.name)")
        var note = "Used at the end of each UTC day"
        if !budget.limit.isEmpty { note += "; limit \(budget.limit)" }
        let legend = HTML.legend([("used", HTMLStyle.budget), ("limit", HTMLStyle.limit)])
        return HTML.panel("Budget \(budget.name)", note: note, legend + chart)
    }

    /// One column per day, or per 7 days when there are more than 120 days: the days of
    /// each run of 7 from the first day share a column, so days listed sparsely (`days`
    /// keeps only days with decisions when the period is long) are grouped by the week
    /// they fall in too, never one column each.
    var dayColumns: [SVGChart.StackedColumn] {
        let all = days
        let group = all.count > 120 ? 7 : 1
        guard let first = all.first?.date.daysSinceEpoch else { return [] }
        var columns: [SVGChart.StackedColumn] = []
        var week: Int64 = -1
        for day in all {
            let index = (day.date.daysSinceEpoch - first) / Int64(group)
            if index != week || columns.isEmpty {
                week = index
                columns.append(SVGChart.StackedColumn(date: day.date, days: group, values: Array(repeating: 0, count: Outcome.allCases.count)))
            }
            for (slot, outcome) in Outcome.allCases.enumerated() { columns[columns.count - 1].values[slot] += day.outcomes[outcome] }
        }
        return columns
    }
}

extension String {
    /// `pending_approval` → `pending approval`.
    fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? " " : $0 }) }
}
