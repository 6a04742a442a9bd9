@testable import ArbiterReplay
@testable import ArbiterRuntime
import Testing

@Suite("Replay report: changes, days and keys")
struct ReportChangeTests {
    typealias D = ReportSamples
    typealias Size = ReplayReport.ChangeSize

    @Test("a change falls in the bucket of |to − from| ÷ |from|", arguments: [
        ("100.00", "101.00", Size.upToOnePercent, true),
        ("100.00", "99.00", .upToOnePercent, false),
        ("100.00", "101.01", .upToFivePercent, true),
        ("100.00", "105.00", .upToFivePercent, true),
        ("100.00", "90.00", .upToTenPercent, false),
        ("100.00", "89.99", .upToTwentyFivePercent, false),
        ("100.00", "125.00", .upToTwentyFivePercent, true),
        ("100.00", "74.00", .overTwentyFivePercent, false),
        ("0.00", "5.00", .overTwentyFivePercent, true),
        ("-10.00", "-9.00", .upToTenPercent, true),
    ])
    func buckets(from: String, to: String, size: Size, isUp: Bool) throws {
        var report = D.gardenReport()
        report.add(D.decision(outcome: .applied, from: from, to: to), line: 2)
        let changes = try #require(report.changes(of: "price"))
        #expect((isUp ? changes.up(size) : changes.down(size)) == 1)
        #expect(changes.total == 1)
    }

    @Test("only applied and clamped decisions that move a value are changes")
    func onlyActuatedChanges() throws {
        var report = D.gardenReport()
        report.add(D.decision(outcome: .applied, from: "10.00", to: "10.00"), line: 2)
        report.add(D.decision(outcome: .pendingApproval, from: "10.00", to: "12.00"), line: 3)
        report.add(D.decision(outcome: .blocked, from: "10.00", to: "10.00"), line: 4)
        report.add(D.decision(outcome: .clamped, from: "10.00", to: "10.50"), line: 5)
        report.add(D.decision(outcome: .applied, from: "10.00", to: "10.000"), line: 6)
        let changes = try #require(report.changes(of: "price"))
        #expect(changes.total == 1)
        #expect(changes.up(.upToFivePercent) == 1)
        #expect(report.changedDecisions == 1)
    }

    @Test("int controls are numeric; text and bool changes are counted apart")
    func otherControlKinds() throws {
        var report = ReplayReport(policy: "p", version: "v", controls: ["replicas", "mode"], rules: [], guards: [], goals: [], budgets: [])
        var decision = D.decision(outcome: .applied)
        decision.controls = [ControlOutcome(name: "replicas", from: .int(4), proposed: .int(6), to: .int(6)),
                             ControlOutcome(name: "mode", from: .text("eco"), proposed: .text("fast"), to: .text("fast"))]
        report.add(decision, line: 2)
        #expect(report.changes(of: "replicas")?.up(.overTwentyFivePercent) == 1)
        #expect(report.changes(of: "mode")?.other == 1)
        #expect(report.changedDecisions == 1)
        #expect(report.tally(forKey: "SKU-1") == ReplayReport.KeyTally(key: "SKU-1", decisions: 1, changes: 1))
        // The text draws sizes for numeric changes only, as the page draws charts.
        #expect(report.text.contains("Changes of mode  1 change, not numeric\n\n"))
        #expect(report.text.contains("Changes of replicas  1 change: 1 up, 0 down\n  size"))
    }

    @Test("outcomes per UTC day, days without decisions included")
    func perDay() {
        var report = D.gardenReport()
        report.add(D.decision(at: "2026-01-05T00:00:00Z", outcome: .applied), line: 2)
        report.add(D.decision(at: "2026-01-05T23:59:59.5Z", outcome: .hold), line: 3)
        report.add(D.decision(at: "2026-01-08T12:00:00Z", outcome: .blocked), line: 4)
        let days = report.days
        #expect(days.map(\.date.description) == ["2026-01-05", "2026-01-06", "2026-01-07", "2026-01-08"])
        #expect(days[0].outcomes[.applied] == 1 && days[0].outcomes[.hold] == 1 && days[0].outcomes.total == 2)
        #expect(days[1].outcomes.total == 0 && days[2].outcomes.total == 0)
        #expect(days[3].outcomes[.blocked] == 1)
        #expect(report.firstAt == D.time("2026-01-05T00:00:00Z"))
        #expect(report.lastAt == D.time("2026-01-08T12:00:00Z"))
        #expect(report.daySpan == 4)
    }

    @Test("top keys: most changes first, then most decisions, then key; at most 10")
    func topKeys() {
        var report = D.gardenReport()
        var line = 1
        for key in 0..<14 {
            for change in 0..<(key % 5 + 1) {
                line += 1
                report.add(D.decision(key: "K\(key)", outcome: .applied, from: "10.00", to: change % 2 == 0 ? "11.00" : "9.00"), line: line)
            }
        }
        report.add(D.decision(key: "K3", outcome: .hold), line: line + 1)
        report.add(D.decision(key: "quiet", outcome: .hold), line: line + 2)
        let top = report.topKeys()
        #expect(top.count == 10)
        #expect(top.prefix(4).map(\.key) == ["K4", "K9", "K3", "K13"])
        #expect(top[2] == ReplayReport.KeyTally(key: "K3", decisions: 5, changes: 4))
        #expect(!top.contains { $0.key == "quiet" })
        #expect(report.keyCount == 15)
        #expect(report.topKeys(limit: 2).count == 2)
    }

    @Test("thousands of decisions fold into counters, not a list of decisions")
    func largeFeedStaysSmall() {
        var report = D.gardenReport()
        D.feedSample(into: &report, days: 90, keys: 30, perDay: 4)
        #expect(report.decisions == 90 * 30 * 4)
        #expect(report.keyCount == 30)
        #expect(report.days.count == 90)
        #expect(report.budgets[0].windowEnds.count <= ReplayReport.BudgetUse.windowEndsKept)
        #expect(report.outcomes.total == report.decisions)
        #expect(report.days.reduce(0) { $0 + $1.outcomes.total } == report.decisions)
    }
}
