@testable import ArbiterReplay
@testable import ArbiterRuntime
import Testing

@Suite("Replay report: accumulating decisions")
struct ReportAccumulateTests {
    typealias D = ReportSamples

    @Test("rows, decisions, outcomes and skipped rows are counted")
    func countsOutcomesAndRows() {
        var report = D.gardenReport()
        report.add(D.decision(outcome: .applied, from: "10.00", to: "9.00"), line: 2)
        report.add(D.decision(outcome: .applied, from: "10.00", to: "9.50"), line: 3)
        report.add(D.decision(outcome: .hold), line: 4)
        report.add(D.decision(outcome: .blocked), line: 5)
        report.add(D.decision(outcome: .error, error: "division by zero"), line: 6)
        for line in 0..<25 { report.addSkippedRow("bad cell \(line)", line: 100 + line, column: line % 2 == 0 ? 7 : nil) }
        #expect(report.decisions == 5)
        #expect(report.skippedRowCount == 25)
        #expect(report.rows == 30)
        #expect(report.skippedRows.count == ReplayReport.skippedRowsKept)
        #expect(report.skippedRows.first == ReplayReport.SkippedRow(line: 100, column: 7, message: "bad cell 0"))
        #expect(report.skippedRows[1].place == "101")
        #expect(report.outcomes[.applied] == 2)
        #expect(report.outcomes[.hold] == 1)
        #expect(report.outcomes[.blocked] == 1)
        #expect(report.outcomes[.error] == 1)
        #expect(report.outcomes[.clamped] == 0)
        #expect(report.outcomes.total == 5)
        #expect(report.errors == [ReplayReport.NamedCount(name: "division by zero", count: 1)])
        #expect(!report.wasSortedInMemory)
        report.noteUnsorted()
        #expect(report.wasSortedInMemory)
    }

    @Test("two decisions on one line (two policies) count one row")
    func rowsCountLines() {
        var report = D.gardenReport()
        report.add(D.decision(), line: 2)
        report.add(D.decision(), line: 2)
        #expect(report.decisions == 2)
        #expect(report.rows == 1)
    }

    @Test("a key decided again at the time of its previous row, from another line, is a repeated row")
    func repeatedRows() {
        var report = D.gardenReport()
        report.add(D.decision(key: "A", at: "2026-01-05T10:00:00Z"), line: 2)
        report.add(D.decision(key: "B", at: "2026-01-05T10:00:00Z"), line: 3)
        report.add(D.decision(key: "A", at: "2026-01-05T10:00:00Z"), line: 4)
        report.add(D.decision(key: "A", at: "2026-01-05T10:00:01Z"), line: 5)
        report.add(D.decision(key: "A", at: "2026-01-05T10:00:01Z"), line: 5)
        #expect(report.repeatedRowCount == 1)
        #expect(report.firstRepeatedLine == 4)
        report.add(D.decision(key: "B", at: "2026-01-05T10:00:00Z"), line: 1)
        #expect(report.repeatedRowCount == 2)
        #expect(report.firstRepeatedLine == 1)
        #expect(report.text.contains("Note      2 rows repeat a key and time already decided (first: line 1); each was decided again\n"))
        #expect(D.gardenReport().text.contains("repeat") == false)
    }

    @Test("rules fired: declared ones in order, unknown ones appended")
    func rulesFired() {
        var report = D.gardenReport()
        report.add(D.decision(fired: ["clearance"]), line: 2)
        report.add(D.decision(fired: ["undercut", "clearance"]), line: 3)
        report.add(D.decision(fired: ["restock"]), line: 4)
        #expect(report.rulesFired.map(\.name) == ["undercut", "clearance", "restock"])
        #expect(report.rulesFired.map(\.count) == [1, 2, 1])
    }

    @Test("guard activity counts each result; held is not activity")
    func guardActivity() {
        var report = D.gardenReport()
        report.add(D.decision(outcome: .clamped, guards: [("floor", .clamped), ("step", .clamped)]), line: 2)
        report.add(D.decision(outcome: .blocked, guards: [("churn", .blocked), ("floor", .warned)]), line: 3)
        report.add(D.decision(outcome: .pendingApproval, guards: [("step", .escalated), ("floor", .conflict), ("ceiling", .held)]), line: 4)
        report.add(D.decision(outcome: .blocked, guards: [("markdown", .blocked)]), line: 5)
        let floor = report.activity(ofGuard: "floor")
        #expect(floor?.clamped == 1 && floor?.warned == 1 && floor?.conflict == 1 && floor?.total == 3)
        #expect(report.activity(ofGuard: "step")?.escalated == 1)
        #expect(report.activity(ofGuard: "ceiling")?.total == 0)
        #expect(report.activity(ofGuard: "churn")?.blocked == 1)
        #expect(report.guardActivity.map(\.name) == ["floor", "ceiling", "step", "churn", "markdown"])
    }

    @Test("approvals per role and per UTC day")
    func approvals() {
        var report = D.gardenReport()
        report.add(D.decision(at: "2026-01-05T23:59:59Z", outcome: .pendingApproval, approval: "pricing-lead"), line: 2)
        report.add(D.decision(at: "2026-01-06T00:00:00Z", outcome: .pendingApproval, approval: "pricing-lead"), line: 3)
        report.add(D.decision(at: "2026-01-06T10:00:00Z", outcome: .pendingApproval, approval: "category-manager"), line: 4)
        report.add(D.decision(at: "2026-01-06T11:00:00Z", outcome: .pendingApproval, approval: "pricing-lead"), line: 5)
        #expect(report.approvalsNeeded == 4)
        #expect(report.approvalsByRole == [.init(name: "pricing-lead", count: 3), .init(name: "category-manager", count: 1)])
        #expect(report.approvalsByDay.map(\.count) == [1, 3])
        #expect(report.approvalsByDay.map(\.date.description) == ["2026-01-05", "2026-01-06"])
        #expect(report.busiestApprovalDays(limit: 1).map(\.date.description) == ["2026-01-06"])
    }

    @Test("budget: peak, the end of each day, the end of each 7d window")
    func budgetUse() throws {
        var report = D.gardenReport()
        let samples: [(String, String)] = [
            ("2026-01-09T10:00:00Z", "100.00"), ("2026-01-09T18:00:00Z", "250.50"),  // Friday, week 1
            ("2026-01-11T23:00:00Z", "900.00"),  // Sunday: the end of week 1
            ("2026-01-12T01:00:00Z", "20.00"),  // Monday: a new window
            ("2026-01-14T09:00:00Z", "1200.00"), ("2026-01-14T10:00:00Z", "1300.00"),
        ]
        for (line, (at, used)) in samples.enumerated() { report.add(D.decision(at: at, budget: used), line: line + 2) }
        let budget = try #require(report.budgets.first)
        #expect(budget.limitAmount == Exact(20_000))
        #expect(budget.peak?.text == "1300.00")
        #expect(budget.peakAt == D.time("2026-01-14T10:00:00Z"))
        #expect(budget.days.map(\.date.description) == ["2026-01-09", "2026-01-11", "2026-01-12", "2026-01-14"])
        #expect(budget.days.map(\.used.text) == ["250.50", "900.00", "20.00", "1300.00"])
        #expect(budget.windowEnds.map(\.start.description) == ["2026-01-05T00:00:00Z", "2026-01-12T00:00:00Z"])
        #expect(budget.windowEnds.map(\.used.text) == ["900.00", "1300.00"])
    }

    @Test("a budget's windows come from `per` in its limit, else are UTC days")
    func budgetWindowsFromLimitText() {
        var report = ReplayReport(policy: "p", version: "v", controls: [], rules: [], guards: [], goals: [],
                                  budgets: [(name: "hourly", limit: "50 per 1h"), (name: "plain", limit: "50")])
        for (line, at) in ["2026-01-05T10:10:00Z", "2026-01-05T10:50:00Z", "2026-01-05T11:05:00Z", "2026-01-06T09:00:00Z"].enumerated() {
            var decision = D.decision(at: at, budget: String(line + 1))
            decision.budgets.append(BudgetReport(name: "plain", used: .int(Int64(line + 1)), remaining: .none, spent: .none))
            decision.budgets[0].name = "hourly"
            report.add(decision, line: line + 2)
        }
        #expect(report.budgets[0].windowEnds.map(\.used.text) == ["2", "3", "4"])
        #expect(report.budgets[1].windowEnds.map(\.used.text) == ["3", "4"])
        #expect(report.budgets[1].limitAmount == Exact(50))
        // Windows that start within a day are told apart by their time, in the HTML
        // report as in the text one.
        #expect(report.html.contains("2026-01-05T10:00:00Z: 2 · 2026-01-05T11:00:00Z: 3 · 2026-01-06T09:00:00Z: 4"))
        #expect(report.text.contains("2026-01-05T10:00:00Z"))
    }

    @Test("goals: met of evaluated; a goal that failed to evaluate is counted apart")
    func goals() {
        var report = D.gardenReport()
        report.add(D.decision(goals: [("margin", true)]), line: 2)
        report.add(D.decision(goals: [("margin", false)]), line: 3)
        report.add(D.decision(goals: [("margin", true)]), line: 4)
        var failing = D.decision()
        failing.goals = [GoalResult(name: "margin", value: nil, met: false, error: "division by zero")]
        report.add(failing, line: 5)
        #expect(report.goals == [ReplayReport.GoalAttainment(name: "margin", met: 2, evaluated: 3, failed: 1)])
    }

    @Test("errors are counted by message, most frequent first")
    func errors() {
        var report = D.gardenReport()
        for message in ["b", "a", "b", "c", "a", "b"] { report.add(D.decision(outcome: .error, error: message), line: 1) }
        #expect(report.errors.map(\.name) == ["b", "a", "c"])
        #expect(report.errors.map(\.count) == [3, 2, 1])
    }
}

extension ReplayReport.GoalAttainment {
    init(name: String, met: Int, evaluated: Int, failed: Int) {
        self.init(name: name)
        self.met = met
        self.evaluated = evaluated
        self.failed = failed
    }
}

@Suite("Replay report: the per-key table")
struct ReportKeyTableTests {
    /// Counts by a plain dictionary, the reference.
    private static func reference(_ sequence: [(String, Int)]) -> [String: ReplayReport.KeyCounts] {
        var table: [String: ReplayReport.KeyCounts] = [:]
        for (key, changes) in sequence {
            table[key, default: .init()].decisions += 1
            table[key, default: .init()].changes += changes
        }
        return table
    }

    private static func counts(_ table: ReplayReport.KeyTable) -> [String: ReplayReport.KeyCounts] {
        Dictionary(uniqueKeysWithValues: zip(table.keys, table.counts).map { ($0, $1) })
    }

    @Test("snapshots in one order, orders that change, repeats and new keys count as a dictionary would")
    func countsInAnyOrder() {
        let keys = (0..<50).map { "SKU-\($0)" }
        var generator = SystemRandomNumberGenerator()
        var sequence: [(String, Int)] = []
        for period in 0..<6 {
            var order = keys
            if period == 2 { order.shuffle(using: &generator) }
            if period == 3 { order.insert("NEW-\(period)", at: 20) }
            if period == 4 { order.remove(at: 7) }
            if period == 5 { order.insert(order[10], at: 11) }  // a key twice in a row
            sequence += order.enumerated().map { ($1, ($0 + period) % 3 == 0 ? 1 : 0) }
        }
        var table = ReplayReport.KeyTable()
        for (key, changes) in sequence { table.add(key, decisions: 1, changes: changes) }
        let expected = Self.reference(sequence)
        #expect(Self.counts(table) == expected)
        #expect(table.count == expected.count)
        #expect(table["SKU-10"] == expected["SKU-10"])
        #expect(table["NEW-3"]?.decisions == 1)
        #expect(table["absent"] == nil)

        // Merging two halves gives the whole.
        var first = ReplayReport.KeyTable()
        var second = ReplayReport.KeyTable()
        for (index, (key, changes)) in sequence.enumerated() {
            if index % 2 == 0 { first.add(key, decisions: 1, changes: changes) } else { second.add(key, decisions: 1, changes: changes) }
        }
        first.merge(second)
        #expect(Self.counts(first) == expected)
    }
}
