import Arbiter

extension SVGChart {
    /// One series of a stacked chart: its name (legend, tooltips) and colour.
    struct Series {
        var name: String
        var color: String
    }

    /// One column of a stacked chart: a day (or a run of days) and one value per series.
    struct StackedColumn {
        /// The first day the column covers.
        var date: CalendarDate
        /// Days covered (1, or 7 for a week when the history is long).
        var days: Int
        /// One value per series, in series order.
        var values: [Int]
    }

    /// Stacked columns over dates, with a y grid, a y-axis title and date labels.
    static func stackedColumns(_ columns: [StackedColumn], series: [Series], yTitle: String, label: String, kind: String) -> String {
        var chart = SVGChart(width: 1000, height: 300, left: 58)
        let largest = columns.map { $0.values.reduce(0, +) }.max() ?? 0
        let scale = niceTicks(maximum: Double(max(largest, 1)), integral: true)
        chart.yGrid(ticks: scale.ticks, scaleTop: scale.top) { tickLabel($0) }
        chart.append("<text x=\"14\" y=\"\(f(chart.top + chart.plotHeight / 2))\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 14 \(f(chart.top + chart.plotHeight / 2)))\">\(HTML.escape(yTitle))</text>")
        let slot = chart.plotWidth / Double(max(columns.count, 1))
        let barWidth = max(1, slot * (columns.count > 90 ? 0.86 : 0.72))
        for (index, column) in columns.enumerated() {
            let x = chart.left + Double(index) * slot + (slot - barWidth) / 2
            var stacked = 0
            var breakdown: [String] = []
            for (position, value) in column.values.enumerated() where value > 0 {
                let bottom = chart.y(Double(stacked), scaleTop: scale.top)
                stacked += value
                let top = chart.y(Double(stacked), scaleTop: scale.top)
                chart.rect(x: x, y: top, width: barWidth, height: bottom - top, fill: series[position].color)
                breakdown.append("\(series[position].name) \(ReplayReport.Numbers.grouped(value))")
            }
            let title = dateRangeText(column) + ": " + (breakdown.isEmpty ? "no decisions" : breakdown.joined(separator: ", "))
            chart.rect(x: chart.left + Double(index) * slot, y: chart.top, width: slot, height: chart.plotHeight,
                       fill: "transparent", tooltip: title)
        }
        let step = labelStep(columns: columns.count, daysPerColumn: columns.first?.days ?? 1)
        let labelled = Array(stride(from: 0, to: columns.count, by: step))
        for (index, text) in zip(labelled, axisLabels(labelled.map { columns[$0].date })) {
            let center = chart.left + (Double(index) + 0.5) * slot
            chart.line(x1: center, y1: chart.baseline, x2: center, y2: chart.baseline + 4, stroke: "#adb5bd")
            chart.text(text, x: center, y: chart.baseline + 18, anchor: "middle")
        }
        return chart.render(label: label, kind: kind)
    }

    /// Columns between date labels: about a dozen labels, on a weekly rhythm for longer spans.
    static func labelStep(columns: Int, daysPerColumn: Int) -> Int {
        let rough = max(1, (columns + 11) / 12)
        if daysPerColumn == 1, rough > 3, rough <= 7 { return 7 }
        if daysPerColumn == 1, rough > 7 { return (rough + 6) / 7 * 7 }
        return rough
    }

    /// The labels of an axis's dates: `Jan 5`, with the year (`Jan 5, 2028`) on the first
    /// label and wherever it changes when the dates span more than one year.
    static func axisLabels(_ dates: [CalendarDate]) -> [String] {
        let spansYears = dates.first?.year != dates.last?.year
        return dates.indices.map { index in
            let date = dates[index]
            let showsYear = spansYears && (index == 0 || dates[index - 1].year != date.year)
            return shortDate(date) + (showsYear ? ", \(date.year)" : "")
        }
    }

    /// `Jan 5`.
    static func shortDate(_ date: CalendarDate) -> String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(months[max(0, min(11, date.month - 1))]) \(date.day)"
    }

    /// `2026-01-05` or `2026-01-05 – 2026-01-11`.
    static func dateRangeText(_ column: StackedColumn) -> String {
        column.days <= 1 ? column.date.description
            : "\(column.date) – \(column.date.adding(days: Int64(column.days - 1)))"
    }
}
