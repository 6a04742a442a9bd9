import Arbiter

/// The HTML form of a comparison: a section for a page, and a whole page with both
/// versions' reports under it.
extension CompareReport {
    /// The whole page: the comparison, then the new version's charts and tables, then the
    /// old version's (folded). Self-contained like `ReplayReport.html`.
    public var html: String {
        var meta = [HTMLPage.MetaItem(label: "Old version", value: ReplayReport.shortVersion(old.version), tooltip: old.version, isCode: true),
                    HTMLPage.MetaItem(label: "New version", value: ReplayReport.shortVersion(new.version), tooltip: new.version, isCode: true)]
        meta += new.htmlMeta.dropFirst()
        let heading = old.policy == new.policy ? new.policy : "\(old.policy) → \(new.policy)"
        var body = htmlSection
        body += "<h2 class=\"divider\">New version <code>\(HTML.escape(ReplayReport.shortVersion(new.version)))</code></h2>\n"
        body += new.htmlCards + new.htmlCharts + new.htmlTables
        body += "<details class=\"section\"><summary>Old version <code>\(HTML.escape(ReplayReport.shortVersion(old.version)))</code>"
            + ": its charts and tables</summary>\n" + old.htmlCards + old.htmlCharts + old.htmlTables + "</details>\n"
        return HTMLPage(title: "Compare · \(heading)", eyebrow: "Arbiter · replay comparison", heading: heading, meta: meta,
                        cards: compareCards, notices: new.htmlNotices, body: body).render()
    }

    /// How many charts `html` draws (both versions').
    public var htmlChartCount: Int { old.htmlChartCount + new.htmlChartCount }

    /// The comparison alone, to put in a page: key figures side by side, the transition
    /// matrix (diagonal highlighted) and the keys that differ most.
    public var htmlSection: String {
        var out = "<div class=\"grid compare\">" + figuresPanel + matrixPanel + "</div>"
        out += keysPanel
        return out + "\n"
    }

    var compareCards: String {
        let numbers = ReplayReport.Numbers.self
        var cards = HTML.card("Rows compared", numbers.grouped(compared), "\(numbers.grouped(new.keyCount)) keys", color: HTMLStyle.neutral)
        cards += HTML.card("Decisions differ", numbers.grouped(differing), numbers.percent(differing, of: compared), color: HTMLStyle.down)
        cards += HTML.card("Outcome changed", numbers.grouped(outcomeChanged), numbers.percent(outcomeChanged, of: compared),
                           color: HTMLStyle.color(of: .pendingApproval))
        cards += HTML.card("Value changed", numbers.grouped(valueChanged), numbers.percent(valueChanged, of: compared), color: HTMLStyle.up)
        cards += HTML.card("Keys differ", numbers.grouped(differingKeys), "of \(numbers.grouped(new.keyCount))", color: HTMLStyle.budget)
        return "<section class=\"cards\">" + cards + "</section>\n"
    }

    private var figuresPanel: String {
        let rows: [[HTML.Cell]] = keyFigures.map { figure in
            let arrow = figure.sign > 0 ? "▲ " : (figure.sign < 0 ? "▼ " : "")
            let css = figure.sign > 0 ? "delta-up" : (figure.sign < 0 ? "delta-down" : "")
            var delta = HTML.Cell.number(arrow + figure.delta)
            delta.cssClass = css.isEmpty ? nil : css
            return [.text(figure.name), .number(figure.old), .number(figure.new), delta]
        }
        return HTML.panel("Old and new side by side", HTML.table([("Figure", false), ("Old", true), ("New", true), ("Change", true)], rows))
    }

    private var matrixPanel: String {
        let largest = Outcome.allCases.flatMap { from in Outcome.allCases.map { transitions(from: from, to: $0) } }.max() ?? 0
        var table = "<div class=\"scroll\"><table class=\"matrix\"><thead><tr><th class=\"row\">old ↓ new →</th>"
        for outcome in Outcome.allCases { table += "<th>\(HTML.outcomeTag(outcome, short: true))</th>" }
        table += "<th>Total</th></tr></thead><tbody>"
        for from in Outcome.allCases {
            table += "<tr><th class=\"row\">\(HTML.outcomeTag(from, short: true))</th>"
            for to in Outcome.allCases {
                let count = transitions(from: from, to: to)
                let strength = largest > 0 && count > 0 ? 0.08 + 0.55 * Double(count) / Double(largest) : 0
                let color = from == to ? "47,158,68" : "224,49,49"
                let style = count > 0 ? " style=\"background:rgba(\(color),\(SVGChart.trimmed(strength)))\"" : ""
                let css = from == to ? " class=\"diagonal\"" : ""
                table += "<td\(css)\(style)>\(count > 0 ? ReplayReport.Numbers.grouped(count) : "·")</td>"
            }
            table += "<td>\(ReplayReport.Numbers.grouped(old.outcomes[from]))</td></tr>"
        }
        table += "<tr><th class=\"row\">Total</th>"
        for outcome in Outcome.allCases { table += "<td>\(ReplayReport.Numbers.grouped(new.outcomes[outcome]))</td>" }
        table += "<td>\(ReplayReport.Numbers.grouped(compared))</td></tr></tbody></table></div>"
        return HTML.panel("Outcome transitions", note: "Rows: the old version's outcome; columns: the new one's. The outlined diagonal is unchanged.",
                          table)
    }

    private var keysPanel: String {
        let top = topKeys()
        guard !top.isEmpty else { return HTML.panel("Keys whose decisions differ", HTML.empty("Both versions decided every row alike.")) }
        let rows: [[HTML.Cell]] = top.map { difference in
            let examples = difference.examples.map { example in
                "<div class=\"example\"><span class=\"mono\">line \(example.line)</span> from <code>\(HTML.escape(example.current))</code>: "
                    + HTML.outcomeTag(example.oldOutcome) + " <code>\(HTML.escape(example.oldValue))</code> → "
                    + HTML.outcomeTag(example.newOutcome) + " <code>\(HTML.escape(example.newValue))</code></div>"
            }.joined()
            return [.markup("<code>\(HTML.escape(difference.key))</code>"), .count(difference.differing), .count(difference.rows),
                    .number(ReplayReport.Numbers.percent(difference.differing, of: difference.rows)), .markup(examples)]
        }
        return HTML.panel("Keys whose decisions differ most", note: "\(ReplayReport.Numbers.grouped(differingKeys)) keys differ at least once",
                          HTML.table([("Key", false), ("Differ", true), ("Rows", true), ("Share", true), ("Examples", false)], rows))
    }
}
