import Arbiter

extension SVGChart {
    /// The results a guard chart stacks, in order.
    static let guardResults: [GuardEvent.Result] = [.clamped, .blocked, .escalated, .warned, .conflict]

    /// One horizontal bar per guard, its results stacked, the total at its end.
    static func guardBars(_ activity: [ReplayReport.GuardActivity], label: String) -> String {
        let rowHeight = activity.count <= 5 ? 44.0 : 30.0
        let barHeight = activity.count <= 5 ? 20.0 : 16.0
        var chart = SVGChart(width: 560, height: 40 + rowHeight * Double(max(activity.count, 1)), left: 132, right: 52, top: 8, bottom: 30)
        let largest = activity.map(\.total).max() ?? 0
        let scale = niceTicks(maximum: Double(max(largest, 1)), integral: true)
        for tick in scale.ticks {
            let x = chart.left + tick / scale.top * chart.plotWidth
            chart.line(x1: x, y1: chart.top, x2: x, y2: chart.baseline, stroke: tick == 0 ? "#adb5bd" : "#edf0f3")
            chart.text(tickLabel(tick), x: x, y: chart.baseline + 16, anchor: "middle")
        }
        for (row, guardActivity) in activity.enumerated() {
            let y = chart.top + Double(row) * rowHeight + (rowHeight - barHeight) / 2
            let name = ReplayReport.TextTable.cut(guardActivity.name, to: 20)
            chart.text(name, x: chart.left - 10, y: y + barHeight / 2 + 4, anchor: "end", cssClass: "strong")
            var offset = 0
            for (result, count) in guardActivity.counts where count > 0 {
                let x = chart.left + Double(offset) / scale.top * chart.plotWidth
                let width = Double(count) / scale.top * chart.plotWidth
                chart.rect(x: x, y: y, width: width, height: barHeight, fill: HTMLStyle.color(of: result),
                           tooltip: "\(guardActivity.name) · \(result.rawValue): \(ReplayReport.Numbers.grouped(count))")
                offset += count
            }
            let end = chart.left + Double(offset) / scale.top * chart.plotWidth
            chart.text(ReplayReport.Numbers.grouped(guardActivity.total), x: end + 6, y: y + barHeight / 2 + 4, cssClass: "value")
        }
        return chart.render(label: label, kind: "guards")
    }
}
