import Arbiter

extension SVGChart {
    /// One point of a budget line: a day and `used` at its end.
    struct BudgetSample {
        var date: CalendarDate
        var used: Double
        /// `used` as the decisions wrote it, for tooltips.
        var text: String
    }

    /// A budget's use at the end of each day against its limit: a shaded line, a dashed
    /// limit line, the peak marked. `first`…`last` is the report's span, so budget charts
    /// line up with the decisions-per-day chart.
    static func budgetLine(_ samples: [BudgetSample], first: CalendarDate, last: CalendarDate, limit: Double?,
                           limitText: String, peakText: String?, label: String) -> String {
        var chart = SVGChart(width: 1000, height: 260, left: 58, right: 24, top: 22)
        let peak = samples.map(\.used).max() ?? 0
        // A limit far above the use would flatten the line: then the limit is noted, not drawn.
        let limitOnScale = limit.map { $0 > 0 && $0 <= max(peak, 0) * 2.5 } ?? false
        let scale = niceTicks(maximum: max(peak, limitOnScale ? limit ?? 0 : 0) * 1.05)
        chart.yGrid(ticks: scale.ticks, scaleTop: scale.top) { tickLabel($0) }
        let span = Double(max(1, last.daysSinceEpoch - first.daysSinceEpoch + 1))
        func x(_ date: CalendarDate) -> Double {
            chart.left + (Double(date.daysSinceEpoch - first.daysSinceEpoch) + 0.5) / span * chart.plotWidth
        }
        let points = samples.map { (x: x($0.date), y: chart.y(max(0, $0.used), scaleTop: scale.top)) }
        if let firstPoint = points.first, let lastPoint = points.last {
            let path = points.map { "\(f($0.x)),\(f($0.y))" }.joined(separator: " ")
            chart.append("<polygon points=\"\(f(firstPoint.x)),\(f(chart.baseline)) \(path) \(f(lastPoint.x)),\(f(chart.baseline))\" "
                + "fill=\"\(HTMLStyle.budget)\" fill-opacity=\"0.12\"/>")
            chart.append("<polyline points=\"\(path)\" fill=\"none\" stroke=\"\(HTMLStyle.budget)\" stroke-width=\"2\" stroke-linejoin=\"round\"/>")
        }
        let showDots = samples.count <= 120
        var peakIndex: Int?
        for (index, sample) in samples.enumerated() where peakIndex.map({ sample.used > samples[$0].used }) ?? true {
            peakIndex = index
        }
        for (index, sample) in samples.enumerated() where showDots || index == peakIndex {
            let radius = index == peakIndex ? 4.5 : 2.5
            chart.append("<circle cx=\"\(f(points[index].x))\" cy=\"\(f(points[index].y))\" r=\"\(f(radius))\" fill=\"\(HTMLStyle.budget)\" "
                + "stroke=\"#fff\" stroke-width=\"1\"><title>\(HTML.escape("\(sample.date): used \(sample.text)"))</title></circle>")
        }
        if let limit, limit > 0, limitOnScale {
            let y = chart.y(limit, scaleTop: scale.top)
            chart.line(x1: chart.left, y1: y, x2: chart.width - chart.right, y2: y, stroke: HTMLStyle.limit, width: 1.5, dash: "6 4")
            chart.text("limit " + limitText, x: chart.width - chart.right, y: y - 6, anchor: "end", cssClass: "limit-label")
        } else if let limit, limit > 0 {
            let tenths = Int((peak / limit * 1_000).rounded())
            let share = peak > 0 ? " — the peak is \(tenths / 10).\(tenths % 10)% of it" : ""
            chart.text("▲ limit \(limitText) is above this scale\(share)", x: chart.width - chart.right, y: chart.top - 8, anchor: "end",
                       cssClass: "limit-label")
        }
        if let peakIndex, let peakText {
            let point = points[peakIndex]
            let onRight = point.x > chart.width * 0.8
            chart.text("peak " + peakText, x: point.x + (onRight ? -9 : 9), y: point.y + 4, anchor: onRight ? "end" : "start", cssClass: "strong halo")
        }
        let columns = Int(span)
        let step = labelStep(columns: columns, daysPerColumn: 1)
        let dates = stride(from: 0, to: columns, by: step).map { first.adding(days: Int64($0)) }
        for (date, text) in zip(dates, axisLabels(dates)) {
            chart.line(x1: x(date), y1: chart.baseline, x2: x(date), y2: chart.baseline + 4, stroke: "#adb5bd")
            chart.text(text, x: x(date), y: chart.baseline + 18, anchor: "middle")
        }
        return chart.render(label: label, kind: "budget")
    }
}
