import Arbiter

extension SVGChart {
    /// The distribution of one control's changes: decreases on the left (largest first),
    /// increases on the right (smallest first), so size grows outward from the middle.
    static func changeHistogram(_ distribution: ReplayReport.ChangeDistribution, label: String) -> String {
        typealias Size = ReplayReport.ChangeSize
        let sizes = Size.allCases
        let bars: [(size: Size, count: Int, isUp: Bool)] =
            sizes.reversed().map { ($0, distribution.down($0), false) } + sizes.map { ($0, distribution.up($0), true) }
        var chart = SVGChart(width: 560, height: 280, left: 44, right: 12, top: 22, bottom: 52)
        let largest = bars.map(\.count).max() ?? 0
        let scale = niceTicks(maximum: Double(max(largest, 1)), integral: true)
        chart.yGrid(ticks: scale.ticks, scaleTop: scale.top) { tickLabel($0) }
        let gap = 14.0
        let slot = (chart.plotWidth - gap) / Double(bars.count)
        let barWidth = slot * 0.7
        for (index, bar) in bars.enumerated() {
            let x = chart.left + Double(index) * slot + (bar.isUp ? gap : 0)
            let top = chart.y(Double(bar.count), scaleTop: scale.top)
            let direction = bar.isUp ? "increase" : "decrease"
            let tooltip = "\(direction) \(bar.size.label): \(ReplayReport.Numbers.grouped(bar.count))"
            chart.rect(x: x + (slot - barWidth) / 2, y: top, width: barWidth, height: chart.baseline - top,
                       fill: bar.isUp ? HTMLStyle.up : HTMLStyle.down, tooltip: tooltip, radius: 2)
            if bar.count > 0 {
                chart.text(ReplayReport.Numbers.grouped(bar.count), x: x + slot / 2, y: top - 5, anchor: "middle", cssClass: "value")
            }
            chart.text(bar.size.label, x: x + slot / 2, y: chart.baseline + 16, anchor: "middle")
        }
        let middle = chart.left + slot * Double(sizes.count) + gap / 2
        chart.line(x1: middle, y1: chart.top, x2: middle, y2: chart.baseline + 24, stroke: "#ced4da", dash: "3 3")
        chart.text("◀ decreases", x: chart.left + slot * Double(sizes.count) / 2, y: chart.baseline + 38, anchor: "middle", cssClass: "strong")
        chart.text("increases ▶", x: middle + gap / 2 + slot * Double(sizes.count) / 2, y: chart.baseline + 38, anchor: "middle", cssClass: "strong")
        return chart.render(label: label, kind: "changes")
    }
}
