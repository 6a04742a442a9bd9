import ArbiterReplay
import ArbiterRuntime
import ArbiterTestSupport
import Testing

@Suite("Replay report: text and JSON")
struct ReportRenderTests {
    typealias D = ReportSamples

    @Test("the text report matches its golden file (UPDATE_GOLDEN=1 rewrites it)")
    func goldenText() {
        var report = D.sampleReport(days: 21, keys: 8, perDay: 2)
        report.noteUnsorted()
        let golden = Golden.fixturesFolder("report").appending(path: "garden_pricing.txt")
        if let diff = Golden.check(report.text, against: golden) { Issue.record(Comment(rawValue: diff)) }
    }

    @Test("the JSON report matches its golden file (UPDATE_GOLDEN=1 rewrites it)")
    func goldenJSON() {
        let report = D.sampleReport(days: 10, keys: 4, perDay: 2)
        let golden = Golden.fixturesFolder("report").appending(path: "garden_pricing.json")
        if let diff = Golden.check(report.json.text(pretty: true) + "\n", against: golden) { Issue.record(Comment(rawValue: diff)) }
    }

    @Test("a period of thousands of days has its digits grouped, as every other count")
    func longPeriod() {
        let report = D.sampleReport(days: 1_200, keys: 1, perDay: 1)
        #expect(report.text.contains("(1,200 days)"), "\(report.text.prefix(400))")
    }

    @Test("every line of the text report fits in 100 columns, even with long names")
    func textWidth() {
        var report = ReplayReport(
            policy: String(repeating: "p", count: 120), version: "sha256:" + String(repeating: "f", count: 64),
            controls: ["price"], rules: [String(repeating: "r", count: 90)], guards: [String(repeating: "g", count: 90)],
            goals: [String(repeating: "o", count: 90)], budgets: [(name: String(repeating: "b", count: 90), limit: "20000 EUR per 7d")])
        report.historyFile = String(repeating: "h/", count: 80)
        D.feedSample(into: &report, days: 30, keys: 12, perDay: 2)
        report.add(D.decision(key: String(repeating: "k", count: 150), outcome: .applied, from: "1.00", to: "2.00"), line: 9_999)
        report.add(D.decision(outcome: .error, error: String(repeating: "e", count: 150)), line: 10_000)
        // Past 20 skipped rows the section's title says how many are shown, and grows.
        for extra in 0..<25 { report.addSkippedRow(String(repeating: "s", count: 150), line: 10_001 + extra, column: 3) }
        for line in (report.text + D.sampleReport().text).split(separator: "\n") {
            #expect(line.count <= 100, "too wide (\(line.count)): \(line)")
        }
    }

    @Test("the JSON report has the documented members, in order")
    func jsonSchema() throws {
        let report = D.sampleReport(days: 14, keys: 5)
        let json = report.json
        guard case .object(let members) = json else { Issue.record("not an object"); return }
        #expect(members.map(\.0) == [
            "schema", "policy", "version", "history", "time_range", "sorted_in_memory", "repeated_rows", "rows", "decisions", "keys",
            "skipped_rows", "outcomes", "outcomes_by_day", "rules", "guards", "approvals", "budgets", "goals", "errors",
            "changes", "top_keys",
        ])
        #expect(json["schema"] == .string("arbiter.replay-report/1"))
        #expect(json["decisions"] == .number(String(report.decisions)))
        guard case .object(let outcomes) = try #require(json["outcomes"]) else { Issue.record("outcomes"); return }
        #expect(outcomes.map(\.0) == ["applied", "clamped", "pending_approval", "blocked", "hold", "error"])
        guard case .array(let days) = try #require(json["outcomes_by_day"]) else { Issue.record("days"); return }
        #expect(days.count == 14)
        #expect(days.first?["date"] == .string("2026-01-05"))
        let price = try #require(json["changes"]?["price"])
        guard case .object(let up) = try #require(price["up"]) else { Issue.record("up"); return }
        #expect(up.map(\.0) == ["le_1pct", "le_5pct", "le_10pct", "le_25pct", "gt_25pct"])
        let floor = try #require(json["guards"]?["floor"])
        guard case .object(let results) = floor else { Issue.record("guard"); return }
        #expect(results.map(\.0) == ["clamped", "blocked", "escalated", "warned", "conflict"])
        let budget = try #require(json["budgets"]?["markdown"])
        #expect(budget["limit"] == .string("20000.00 EUR per 7d"))
        #expect(budget["by_day"] != nil && budget["windows"] != nil && budget["peak"] != nil)
        #expect(json["goals"]?["margin"]?["attainment"] != nil)
        #expect(json["approvals"]?["by_role"]?["pricing-lead"] != nil)
        guard case .array(let top) = try #require(json["top_keys"]) else { Issue.record("top"); return }
        #expect(top.count == 5)
        #expect(try JSONValue.parse(json.text(pretty: true)) == json)
    }

    @Test("an empty report renders")
    func emptyReport() {
        let report = D.gardenReport()
        #expect(report.text.contains("Rows      0 read"))
        #expect(report.json["time_range"] == .null)
        #expect(report.json["goals"]?["margin"]?["attainment"] == .null)
        #expect(report.htmlChartCount == 0)
    }
}
