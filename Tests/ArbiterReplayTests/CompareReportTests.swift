@testable import ArbiterReplay
@testable import ArbiterRuntime
import ArbiterTestSupport
import Testing

@Suite("Compare report")
struct CompareReportTests {
    typealias D = ReportSamples

    func emptyCompare() -> CompareReport {
        var new = D.gardenReport()
        new.version = "sha256:ffff"
        return CompareReport(old: D.gardenReport(), new: new)
    }

    @Test("the transition matrix counts old → new outcomes; both reports are fed")
    func transitionMatrix() {
        var compare = emptyCompare()
        let pairs: [(Outcome, Outcome)] = [(.applied, .applied), (.applied, .clamped), (.applied, .clamped), (.pendingApproval, .blocked),
                                           (.hold, .hold), (.error, .error)]
        for (line, (old, new)) in pairs.enumerated() {
            compare.add(old: D.decision(outcome: old), new: D.decision(outcome: new), line: line + 2)
        }
        #expect(compare.compared == 6)
        #expect(compare.transitions(from: .applied, to: .applied) == 1)
        #expect(compare.transitions(from: .applied, to: .clamped) == 2)
        #expect(compare.transitions(from: .pendingApproval, to: .blocked) == 1)
        #expect(compare.transitions(from: .clamped, to: .applied) == 0)
        #expect(compare.outcomeChanged == 3)
        #expect(compare.valueChanged == 0)
        #expect(compare.differing == 3)
        #expect(compare.old.decisions == 6 && compare.new.decisions == 6)
        #expect(compare.old.outcomes[.applied] == 3 && compare.new.outcomes[.clamped] == 2)
        let total = Outcome.allCases.flatMap { from in Outcome.allCases.map { compare.transitions(from: from, to: $0) } }.reduce(0, +)
        #expect(total == compare.compared)
    }

    @Test("a value differs when some control's final value differs, numbers by value")
    func valueChanges() {
        var compare = emptyCompare()
        compare.add(old: D.decision(outcome: .applied, from: "10.00", to: "9.00"), new: D.decision(outcome: .applied, from: "10.00", to: "9.50"), line: 2)
        compare.add(old: D.decision(outcome: .applied, from: "10.00", to: "9.0"), new: D.decision(outcome: .applied, from: "10.00", to: "9.00"), line: 3)
        compare.add(old: D.decision(outcome: .applied, from: "10.00", to: "9.00"), new: D.decision(outcome: .clamped, from: "10.00", to: "9.10"), line: 4)
        #expect(compare.valueChanged == 2)
        #expect(compare.outcomeChanged == 1)
        #expect(compare.differing == 2)
    }

    /// Two versions that both ask approval differ when they await different values:
    /// a pending decision's final value is the one awaiting approval (semantics §8).
    @Test("pending decisions differ by the values they await")
    func pendingValues() throws {
        func pending(_ awaited: String) -> Decision {
            var decision = D.decision(outcome: .pendingApproval, from: "10.00", to: "10.00", approval: "pricing-lead")
            decision.approval?.values = [AwaitedValue(name: "price", value: .money(awaited))]
            return decision
        }
        var compare = emptyCompare()
        compare.add(old: pending("12.00"), new: pending("11.00"), line: 2)
        compare.add(old: pending("12.00"), new: pending("12.0"), line: 3)
        #expect(compare.valueChanged == 1)
        #expect(compare.differing == 1)
        let example = try #require(compare.topKeys().first?.examples.first)
        #expect(example.oldValue == "12.00" && example.newValue == "11.00")
    }

    @Test("per-key differences: counts, the first three examples, top keys")
    func keyDifferences() throws {
        var compare = emptyCompare()
        var line = 1
        for (key, differing) in [("A", 5), ("B", 2), ("C", 0), ("D", 2)] {
            for index in 0..<6 {
                line += 1
                let old = D.decision(key: key, outcome: .applied, from: "10.00", to: "11.00")
                let new = index < differing ? D.decision(key: key, outcome: .blocked, from: "10.00", to: "10.00") : old
                compare.add(old: old, new: new, line: line)
            }
        }
        compare.add(old: D.decision(key: "D", outcome: .hold), new: D.decision(key: "D", outcome: .hold), line: line + 1)
        let top = compare.topKeys()
        #expect(top.map(\.key) == ["A", "D", "B"])
        #expect(top.map(\.differing) == [5, 2, 2])
        #expect(top[1].rows == 7)
        let first = try #require(top.first)
        #expect(first.examples.count == CompareReport.examplesKept)
        #expect(first.examples[0].summary == "line 2, from 10.00: applied 11.00 → blocked 10.00")
        #expect(compare.differingKeys == 3)
    }

    @Test("key figures put both versions side by side")
    func keyFigures() throws {
        var compare = emptyCompare()
        compare.add(old: D.decision(outcome: .applied, from: "10.00", to: "9.00", goals: [("margin", true)], budget: "100.00"),
                    new: D.decision(outcome: .blocked, goals: [("margin", false)], budget: "40.50"), line: 2)
        let figures = Dictionary(uniqueKeysWithValues: compare.keyFigures.map { ($0.name, $0) })
        #expect(figures["applied"].map { [$0.old, $0.new, $0.delta] } == ["1", "0", "-1"])
        #expect(figures["blocked"]?.delta == "+1")
        #expect(figures["goal margin"].map { [$0.old, $0.new, $0.delta] } == ["100.0%", "0.0%", "-100.0 pt"])
        #expect(figures["budget markdown peak"].map { [$0.old, $0.new, $0.delta] } == ["100.00", "40.50", "-59.50"])
    }

    @Test("a comparison renders with reports fed apart")
    func renderWithOtherReports() {
        var compare = emptyCompare()
        var old = D.gardenReport()
        var new = D.gardenReport()
        let pair = (D.decision(outcome: .applied), D.decision(outcome: .blocked))
        compare.add(old: pair.0, new: pair.1, line: 2)
        old.add(pair.0, line: 2)
        new.add(pair.1, line: 2)
        new.addSkippedRow("bad", line: 3, column: nil)
        let page = HTMLReport.page(old: old, new: new, comparison: compare)
        #expect(page.contains("1 history row was skipped"))
        #expect(compare.with(old: old, new: new).new.skippedRowCount == 1)
        #expect(HTMLReport.page(new) == new.html)
    }

    @Test("JSON has the documented members")
    func json() throws {
        let compare = D.compareSample(days: 14, keys: 5)
        guard case .object(let members) = compare.json else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == ["schema", "compared", "differing", "outcome_changed", "value_changed", "differing_keys",
                                     "figures", "transitions", "top_keys"])
        #expect(compare.json["transitions"]?["applied"]?["clamped"] == .number(String(compare.transitions(from: .applied, to: .clamped))))
        #expect(compare.json["figures"] != nil)
        #expect(try JSONValue.parse(compare.json.text()) == compare.json)
    }

    @Test("the compare text matches its golden file and fits in 100 columns")
    func goldenText() {
        let text = D.compareSample(days: 21, keys: 8, perDay: 2).text
        let golden = Golden.fixturesFolder("report").appending(path: "compare.txt")
        if let diff = Golden.check(text, against: golden) { Issue.record(Comment(rawValue: diff)) }
        for line in text.split(separator: "\n") { #expect(line.count <= 100, "too wide: \(line)") }
    }
}
