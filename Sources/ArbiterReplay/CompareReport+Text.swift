import Arbiter

/// The terminal form of a comparison: at most 100 columns, no colour.
extension CompareReport {
    typealias TextTable = ReplayReport.TextTable
    typealias Numbers = ReplayReport.Numbers

    /// The comparison as plain text: headline, key figures, transition matrix, the keys
    /// that differ most.
    public var text: String {
        var sections = [headerLines, figureLines, matrixLines]
        if differing > 0 { sections.append(keyLines) }
        return sections.map { $0.joined(separator: "\n") }.joined(separator: "\n\n") + "\n"
    }

    /// `garden_pricing sha256:…` or both names when they differ.
    var versionsText: String {
        let before = ReplayReport.shortVersion(old.version)
        let after = ReplayReport.shortVersion(new.version)
        if old.policy == new.policy { return "\(TextTable.cut(old.policy, to: 30))  \(before) → \(after)" }
        return "\(TextTable.cut(old.policy, to: 24)) \(before) → \(TextTable.cut(new.policy, to: 24)) \(after)"
    }

    var headerLines: [String] {
        var lines = ["Compare   " + versionsText]
        if let history = new.historyFile ?? old.historyFile { lines.append("History   " + TextTable.cut(history, to: 88)) }
        if let firstAt = new.firstAt, let lastAt = new.lastAt { lines.append("Period    \(firstAt) → \(lastAt)") }
        lines.append("Rows      \(Numbers.grouped(compared)) compared · \(Numbers.grouped(differing)) differ "
            + "(\(Numbers.percent(differing, of: compared))) · \(Numbers.grouped(differingKeys)) keys differ")
        lines.append("          \(Numbers.grouped(outcomeChanged)) changed outcome · \(Numbers.grouped(valueChanged)) changed value")
        return lines
    }

    var figureLines: [String] {
        var table = TextTable([("Key figures", .left), ("old", .right), ("new", .right), ("change", .right)], maxWidth: 28)
        for figure in keyFigures { table.add([figure.name, figure.old, figure.new, figure.delta]) }
        return table.render()
    }

    var matrixLines: [String] {
        let names = ["applied", "clamped", "pending", "blocked", "hold", "error"]
        var table = TextTable([("Outcomes: old ↓ new →", .left)] + names.map { ($0, .right) } + [("total", .right)])
        for from in Outcome.allCases {
            var cells = [from.rawValue]
            for to in Outcome.allCases {
                let count = transitions(from: from, to: to)
                cells.append(from == to ? "[\(Numbers.grouped(count))]" : Numbers.grouped(count))
            }
            cells.append(Numbers.grouped(old.outcomes[from]))
            table.add(cells)
        }
        table.add(["total"] + Outcome.allCases.map { Numbers.grouped(new.outcomes[$0]) } + [Numbers.grouped(compared)])
        return table.render() + ["  [n]: unchanged outcome"]
    }

    var keyLines: [String] {
        var table = TextTable([("Keys that differ most", .left), ("differ", .right), ("rows", .right), ("first example", .left)],
                              maxWidth: 56)
        table.columns[0].maxWidth = 20
        for difference in topKeys() {
            table.add([difference.key, Numbers.grouped(difference.differing), Numbers.grouped(difference.rows),
                       difference.examples.first?.summary ?? ""])
        }
        return table.render()
    }
}
