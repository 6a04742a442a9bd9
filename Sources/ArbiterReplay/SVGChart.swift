import Arbiter

/// An inline SVG drawing: a plot area inside margins, elements appended as text.
///
/// Charts scale with their container (`viewBox`, `width:100%`); text is styled by the
/// page's CSS. Every label and tooltip is escaped. Coordinates are written with at most
/// one decimal, so the same report always gives the same bytes.
struct SVGChart {
    let width: Double
    let height: Double
    let left: Double
    let right: Double
    let top: Double
    let bottom: Double
    private var elements: [String] = []

    init(width: Double, height: Double, left: Double = 52, right: Double = 16, top: Double = 14, bottom: Double = 34) {
        self.width = width
        self.height = height
        self.left = left
        self.right = right
        self.top = top
        self.bottom = bottom
    }

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }
    /// The y of the plot's bottom edge (the zero line).
    var baseline: Double { top + plotHeight }

    /// The finished `<svg>` element; `label` is read by screen readers.
    func render(label: String, kind: String) -> String {
        "<svg class=\"chart\" data-chart=\"\(HTML.escape(kind))\" viewBox=\"0 0 \(Self.f(width)) \(Self.f(height))\" "
            + "role=\"img\" aria-label=\"\(HTML.escape(label))\">"
            + elements.joined() + "</svg>"
    }

    mutating func append(_ element: String) { elements.append(element) }

    /// A rectangle, with a tooltip when `tooltip` is given.
    mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String, tooltip: String? = nil, radius: Double = 0) {
        var element = "<rect x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" width=\"\(Self.f(max(0, width)))\" height=\"\(Self.f(max(0, height)))\" fill=\"\(fill)\""
        if radius > 0 { element += " rx=\"\(Self.f(radius))\"" }
        if let tooltip {
            element += "><title>\(HTML.escape(tooltip))</title></rect>"
        } else {
            element += "/>"
        }
        elements.append(element)
    }

    /// A straight line.
    mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String, width: Double = 1, dash: String? = nil) {
        var element = "<line x1=\"\(Self.f(x1))\" y1=\"\(Self.f(y1))\" x2=\"\(Self.f(x2))\" y2=\"\(Self.f(y2))\" stroke=\"\(stroke)\" stroke-width=\"\(Self.f(width))\""
        if let dash { element += " stroke-dasharray=\"\(dash)\"" }
        elements.append(element + "/>")
    }

    /// Text; `anchor` is `start`, `middle` or `end`.
    mutating func text(_ text: String, x: Double, y: Double, anchor: String = "start", cssClass: String? = nil) {
        let classAttribute = cssClass.map { " class=\"\($0)\"" } ?? ""
        elements.append("<text x=\"\(Self.f(x))\" y=\"\(Self.f(y))\" text-anchor=\"\(anchor)\"\(classAttribute)>\(HTML.escape(text))</text>")
    }

    /// Horizontal grid lines with labels at `ticks`, on a scale from 0 to `top`.
    mutating func yGrid(ticks: [Double], scaleTop: Double, label: (Double) -> String) {
        for tick in ticks {
            let y = self.y(tick, scaleTop: scaleTop)
            line(x1: left, y1: y, x2: width - right, y2: y, stroke: tick == 0 ? "#adb5bd" : "#edf0f3")
            text(label(tick), x: left - 8, y: y + 4, anchor: "end")
        }
    }

    /// The y of a value on a scale from 0 (baseline) to `scaleTop` (plot top).
    func y(_ value: Double, scaleTop: Double) -> Double {
        guard scaleTop > 0 else { return baseline }
        return baseline - value / scaleTop * plotHeight
    }

    /// A coordinate with at most one decimal: `12`, `12.5`.
    static func f(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        guard tenths.isFinite else { return "0" }
        let whole = Int(tenths) / 10
        let fraction = abs(Int(tenths) % 10)
        let sign = tenths < 0 && whole == 0 ? "-" : ""
        return fraction == 0 ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }

    /// A scale top and about `count` round ticks (1, 2, 2.5 or 5 × 10ⁿ) from 0 to at least
    /// `maximum`; for `integral` values (counts of decisions) only whole ticks, so a scale
    /// up to 2 reads 0, 1, 2 and never 0.5.
    static func niceTicks(maximum: Double, count: Int = 4, integral: Bool = false) -> (top: Double, ticks: [Double]) {
        guard maximum > 0, maximum.isFinite else { return (1, [0, 1]) }
        let rough = maximum / Double(count)
        var magnitude = 1.0
        while magnitude * 10 <= rough { magnitude *= 10 }
        while magnitude > rough { magnitude /= 10 }
        let candidates = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.filter { !integral || ($0 >= 1 && $0 == $0.rounded()) }
        let step = candidates.first { $0 >= rough } ?? max(10 * magnitude, integral ? 1 : 0)
        let top = (maximum / step).rounded(.up) * step
        let ticks = stride(from: 0, through: top + step / 2, by: step).map { $0 }
        return (top, ticks)
    }

    /// A tick label: `0`, `250`, `1.5k`, `20k`, `1.2M`, `0.25`.
    static func tickLabel(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 1_000_000 { return trimmed(value / 1_000_000) + "M" }
        if magnitude >= 10_000 { return trimmed(value / 1_000) + "k" }
        if magnitude >= 1_000 { return ReplayReport.Numbers.grouped(Int(value.rounded())) }
        return trimmed(value)
    }

    /// Up to two decimals, trailing zeros dropped.
    static func trimmed(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        var text = "\(hundredths / 100)"
        let fraction = abs(hundredths % 100)
        if hundredths < 0, hundredths / 100 == 0 { text = "-0" }
        if fraction != 0 {
            text += fraction % 10 == 0 ? ".\(fraction / 10)" : (fraction < 10 ? ".0\(fraction)" : ".\(fraction)")
        }
        return text
    }
}
