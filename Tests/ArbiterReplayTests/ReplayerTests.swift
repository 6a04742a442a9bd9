import Arbiter
import ArbiterReplay
import ArbiterSyntax
import ArbiterTestSupport
import Foundation
import Testing

/// The replay loop: order, parallel keys, feedback, bad rows.
@Suite struct ReplayerTests {
    /// Collects decisions in the order the replay hands them over.
    final class Recorder: ReplayObserver {
        var passes: [Bool] = []
        var rows: [(line: Int, decisions: [Decision])] = []
        var skipped: [HistoryError] = []

        func begin(sorted: Bool) throws {
            passes.append(sorted)
            rows = []
            skipped = []
        }
        func row(line: Int, decisions: [Decision]) throws { rows.append((line, decisions)) }
        func skipped(_ error: HistoryError) { skipped.append(error) }
    }

    static let root = Golden.repositoryRoot
    static let smallHistory = root.appending(path: "Tests/Fixtures/cli/inputs/small_history.csv").path(percentEncoded: false)

    static func plan(_ text: String) throws -> CompiledPolicy {
        try #require(try Engine.compile([SourceFile(path: "test.policy", text: text)]).values.first)
    }

    static func gardenPricing(stateless: Bool) throws -> CompiledPolicy {
        var text = try String(contentsOf: root.appending(path: "Policies/garden_pricing.policy"), encoding: .utf8)
        if stateless {
            var lines: [Substring] = []
            var skipping = false
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.contains("budget markdown") { skipping = true }
                if skipping { if line.trimmingCharacters(in: .whitespaces) == "}" { skipping = false }; continue }
                if line.contains("guard step") || line.contains("guard churn") { continue }
                lines.append(line)
            }
            text = lines.joined(separator: "\n")
        }
        return try plan(text)
    }

    /// Replays a CSV history given as text, from a temporary file.
    static func replay(_ plan: CompiledPolicy, csv: String) throws -> Recorder {
        let file = FileManager.default.temporaryDirectory.appending(path: "history-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(csv.utf8).write(to: file)
        return try replay(plan, path: file.path(percentEncoded: false))
    }

    static func replay(_ plan: CompiledPolicy, path: String, configure: (inout ReplayOptions) -> Void = { _ in }) throws -> Recorder {
        var options = ReplayOptions()
        configure(&options)
        let recorder = Recorder()
        try Replayer(plans: [plan], options: options).run(path: path, observer: recorder)
        return recorder
    }

    @Test func parallelKeysGiveTheSameDecisionsAsOneJob() throws {
        let plan = try Self.gardenPricing(stateless: true)
        #expect(Replayer(plans: [plan], options: ReplayOptions()).canRunKeysInParallel)
        let one = try Self.replay(plan, path: Self.smallHistory)
        let two = try Self.replay(plan, path: Self.smallHistory) { $0.jobs = 2 }
        let three = try Self.replay(plan, path: Self.smallHistory) { $0.jobs = 3 }
        #expect(one.rows.count == 200)
        #expect(one.rows.map(\.line) == two.rows.map(\.line))
        #expect(one.rows.map(\.decisions) == two.rows.map(\.decisions))
        #expect(one.rows.map(\.decisions) == three.rows.map(\.decisions))
    }

    /// A key written in two Unicode forms (`é` composed or not) is one key (semantics §1):
    /// its rows share a lane, so `--jobs N` decides as one lane does.
    @Test func aKeyInTwoUnicodeFormsStaysInOneLane() throws {
        let plan = try Self.plan("""
            policy nf {
              drives pricing
              key sku
              currency EUR
              input {
                sku: text
                price: money
              }
              control price
              rule down { set price = price - 0.01 EUR }
              guard churn: changes(price, 1d) < 3 else block
            }
            """)
        let composed = "caf\u{E9}", decomposed = "cafe\u{301}"
        var lines = ["at,sku,price"]
        for minute in 0..<40 {
            lines.append("2027-01-01T00:\(String(format: "%02d", minute)):00Z,\(minute % 2 == 0 ? composed : decomposed),10.00")
            lines.append("2027-01-01T00:\(String(format: "%02d", minute)):00Z,K\(minute % 7),10.00")
        }
        let path = FileManager.default.temporaryDirectory.appending(path: "forms-\(UUID().uuidString).csv").path(percentEncoded: false)
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let one = try Self.replay(plan, path: path)
        #expect(one.rows.filter { $0.decisions[0].outcome == .applied }.count == 24)
        for jobs in [2, 3, 4, 8] {
            let many = try Self.replay(plan, path: path) { $0.jobs = jobs }
            #expect(many.rows.map(\.decisions) == one.rows.map(\.decisions), "--jobs \(jobs)")
        }
    }

    /// The line of the bad row a strict replay stops at.
    static func strictStop(_ plan: CompiledPolicy, path: String, jobs: Int) -> Int? {
        do {
            _ = try replay(plan, path: path) { $0.strict = true; $0.jobs = jobs }
            return nil
        } catch ReplayError.badHistory(let error) {
            return error.line
        } catch {
            return nil
        }
    }

    @Test func strictStopsAtTheFirstBadRowWhateverTheJobs() throws {
        let plan = try Self.gardenPricing(stateless: true)
        let text = try String(contentsOfFile: Self.smallHistory, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        // A bad price every seventh row from the 60th on: rows of many keys, so lanes that
        // decide side by side each meet a bad row of their own.
        for index in stride(from: 59, to: lines.count, by: 7) {
            var cells = lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[3] = "bad"
            lines[index] = cells.joined(separator: ",")
        }
        let folder = FileManager.default.temporaryDirectory.appending(path: "strict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let sorted = folder.appending(path: "sorted.csv").path(percentEncoded: false)
        try ([header] + lines).joined(separator: "\n").write(toFile: sorted, atomically: true, encoding: .utf8)
        // The same rows, days last to first: the first bad row in time order is further on.
        let byDay = Dictionary(grouping: lines, by: { $0.prefix(10) })
        let unsorted = folder.appending(path: "unsorted.csv").path(percentEncoded: false)
        try ([header] + byDay.keys.sorted(by: >).flatMap { byDay[$0]! }).joined(separator: "\n").write(toFile: unsorted, atomically: true, encoding: .utf8)

        #expect(Self.strictStop(plan, path: sorted, jobs: 1) == 61)
        let unsortedStop = try #require(Self.strictStop(plan, path: unsorted, jobs: 1))
        for _ in 0..<5 {
            for jobs in [2, 4, 8] {
                #expect(Self.strictStop(plan, path: sorted, jobs: jobs) == 61, "\(jobs) jobs")
                #expect(Self.strictStop(plan, path: unsorted, jobs: jobs) == unsortedStop, "\(jobs) jobs, unsorted")
            }
        }
    }

    @Test func policiesThatPoolStateDoNotRunKeysInParallel() throws {
        let plan = try Self.gardenPricing(stateless: false)
        #expect(!Replayer(plans: [plan], options: ReplayOptions()).canRunKeysInParallel)
    }

    @Test func anUnsortedFileIsSortedFirstAndGivesTheSameDecisions() throws {
        let plan = try Self.gardenPricing(stateless: false)
        let text = try String(contentsOfFile: Self.smallHistory, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        // Reverse the days: rows within a day keep their order, days come last to first.
        let byDay = Dictionary(grouping: lines, by: { $0.prefix(10) })
        let shuffled = byDay.keys.sorted(by: >).flatMap { byDay[$0]! }
        let path = FileManager.default.temporaryDirectory.appending(path: "unsorted-\(UUID().uuidString).csv").path(percentEncoded: false)
        try ([header] + shuffled).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sorted = try Self.replay(plan, path: Self.smallHistory)
        let unsorted = try Self.replay(plan, path: path)
        #expect(sorted.passes == [true])
        #expect(unsorted.passes.last == false)
        #expect(unsorted.rows.map(\.decisions) == sorted.rows.map(\.decisions))
    }

    /// A history that can be read once (a pipe, standard input) is copied first, so a
    /// replay that must read it again (to sort it, or with `--strict` to find the first
    /// bad row) reads the same rows, not an empty or missing file.
    @Test func aPipedHistoryIsReadAgainToBeSorted() throws {
        let plan = try Self.gardenPricing(stateless: false)
        let text = try String(contentsOfFile: Self.smallHistory, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        let unsorted = ([header] + lines.reversed()).joined(separator: "\n") + "\n"
        func piped(_ text: String, _ body: (String) throws -> Void) throws {
            let pipe = Pipe()
            let writer = Thread {
                pipe.fileHandleForWriting.write(Data(text.utf8))
                try? pipe.fileHandleForWriting.close()
            }
            writer.start()
            defer { try? pipe.fileHandleForReading.close() }
            try body("/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)")
        }
        let sorted = try Self.replay(plan, path: Self.smallHistory)
        try piped(unsorted) { path in
            let recorder = try Self.replay(plan, path: path)
            #expect(recorder.passes == [true, false])
            #expect(recorder.rows.map(\.decisions) == sorted.rows.map(\.decisions))
        }
        // With --strict the first bad row in time order is found on a second reading:
        // a bad cost on the row read first (the last in time) and on the earliest row.
        var broken = unsorted.split(separator: "\n").map(String.init)
        func breakCost(_ line: Int) {
            var cells = broken[line].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[2] = "abc"
            broken[line] = cells.joined(separator: ",")
        }
        breakCost(1)
        breakCost(broken.count - 1)
        try piped(broken.joined(separator: "\n") + "\n") { path in
            #expect(Self.strictStop(plan, path: path, jobs: 1) == broken.count)
        }
    }

    /// A gzip history whose checksum fails stops the replay without --strict too: no
    /// report of rows that are not the ones written, and no phantom skipped row.
    @Test func aGzipHistoryWhoseChecksumFailsStopsTheReplay() throws {
        let plan = try Self.gardenPricing(stateless: false)
        var compressed = try Gzip.compress(Array(try Data(contentsOf: URL(filePath: Self.smallHistory))))
        compressed[compressed.count - 8] ^= 0xFF
        let path = FileManager.default.temporaryDirectory.appending(path: "damaged-\(UUID().uuidString).csv.gz").path(percentEncoded: false)
        try Data(compressed).write(to: URL(filePath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        for jobs in [1, 2] {
            #expect {
                _ = try Self.replay(plan, path: path) { $0.jobs = jobs }
            } throws: { error in
                guard case ReplayError.badHistory(let history) = error else { return false }
                return history.isFatal && history.line == 0 && history.message.contains("incorrect data check")
            }
        }
    }

    @Test func badRowsAreSkippedWithTheirPlaceUnlessStrict() throws {
        let plan = try Self.gardenPricing(stateless: false)
        let broken = Self.root.appending(path: "Tests/Fixtures/cli/inputs/broken_history.csv").path(percentEncoded: false)
        let recorder = try Self.replay(plan, path: broken)
        #expect(recorder.rows.count == 38)
        #expect(recorder.skipped.map(\.line) == [6, 10])
        #expect(recorder.skipped.first?.column == 33)
        #expect(recorder.skipped.first?.field == "cost")
        #expect(throws: ReplayError.self) { try Self.replay(plan, path: broken) { $0.strict = true } }
    }

    /// A key cell of only spaces is refused as an input's is (its state would pool with
    /// every other such row's), whether the cell is read in place or quoted; spaces inside
    /// a key are part of it.
    @Test func aBlankKeyIsSkippedWithItsPlace() throws {
        let recorder = try Self.replay(try Self.gardenPricing(stateless: false), csv: """
            at,sku,cost,price,msrp,competitor_price,stock,sales_7d
            2027-02-01T06:00:24Z,  ,7.01,19.99,29.99,,83,47
            2027-02-01T06:00:30Z,"\u{A0}",7.01,19.99,29.99,,83,47
            2027-02-01T06:00:36Z, GLOVE 4 ,7.01,19.99,29.99,,83,47

            """)
        #expect(recorder.skipped.map(\.line) == [2, 3])
        #expect(recorder.skipped.map(\.field) == ["sku", "sku"])
        #expect(recorder.skipped.first?.column == 22)
        #expect(recorder.skipped.allSatisfy { $0.message.contains("the key is blank") })
        #expect(recorder.rows.compactMap(\.decisions.first).map(\.key) == [" GLOVE 4 "])
    }

    /// A control's current value finer than the currency's minor unit (set outside
    /// Arbiter) is decided on as given and shown with all its digits, whichever way the
    /// cell is read; a change sets whole cents.
    @Test func aControlValueFinerThanTheMinorUnitIsShownAsGiven() throws {
        let recorder = try Self.replay(try Self.gardenPricing(stateless: false), csv: """
            at,sku,cost,price,msrp,competitor_price,stock,sales_7d
            2027-02-01T06:00:24Z,GLOVE-0003,7.01,19.995,29.99,,83,47
            2027-02-01T06:00:30Z,GLOVE-0004,7.01,"19.991 EUR",29.99,18.90,83,47

            """)
        #expect(recorder.skipped.isEmpty)
        let decisions = recorder.rows.compactMap(\.decisions.first)
        #expect(decisions.map(\.outcome) == [.hold, .applied])
        #expect(decisions.map { $0.controls["price"]?.from } == [.money("19.995"), .money("19.991")])
        #expect(decisions.map { $0.controls["price"]?.to } == [.money("19.995"), .money("18.89")])
    }

    /// With `--approve-all` a pending decision's proposal is recorded as applied, so
    /// `--feedback` carries the proposal, not the value before it.
    @Test func feedbackWithApproveAllCarriesTheApprovedProposal() throws {
        let plan = try Self.plan("""
        policy p {
          drives pricing
          key sku
          currency EUR
          input {
            sku: text
            price: money
          }
          control price
          rule raise {
            when price < 100 EUR
            set price = price + 10 EUR
          }
          approve when price > 0 EUR {
            by "lead"
          }
        }
        """)
        let path = FileManager.default.temporaryDirectory.appending(path: "approve-all-\(UUID().uuidString).csv").path(percentEncoded: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "at,sku,price\n2027-01-01T00:00:00Z,A,10.00\n2027-01-02T00:00:00Z,A,10.00\n".write(toFile: path, atomically: true, encoding: .utf8)
        let fed = try Self.replay(plan, path: path) { $0.feedback = true; $0.approveAll = true }
        let second = try #require(fed.rows.last?.decisions.first)
        #expect(fed.rows.first?.decisions.first?.outcome == .pendingApproval)
        #expect(second.controls["price"]?.from == .money("20.00"))
        let held = try Self.replay(plan, path: path) { $0.feedback = true }
        #expect(held.rows.last?.decisions.first?.controls["price"]?.from == .money("10.00"))
        // Approved at once or left pending, the decision names the same request.
        let id = try #require(held.rows.first?.decisions.first?.approval?.id)
        #expect(fed.rows.first?.decisions.first?.approval?.id == id)
    }

    /// A request granted at once records its spends as a grant does (§9), past the limit
    /// its budget escalated over: the next key's decision sees them used.
    @Test func approveAllRecordsTheSpendOfAnEscalatedBudget() throws {
        let plan = try Self.plan("""
        policy bud {
          drives pricing
          key k
          currency EUR
          input {
            k: text
            price: money
            target: money
          }
          control price
          rule r { when target != price set price = target }
          budget b: 10 EUR per 1d {
            spends max(current(price) - price, 0 EUR)
            else escalate
          }
          approve when price < 1 EUR { by "lead" expires 1h }
        }
        """)
        let path = FileManager.default.temporaryDirectory.appending(path: "approve-spend-\(UUID().uuidString).csv").path(percentEncoded: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "at,k,price,target\n2027-03-01T10:00:00Z,A,100.00,80.00\n2027-03-01T11:00:00Z,B,10.00,9.00\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let granted = try Self.replay(plan, path: path) { $0.approveAll = true }
        let decisions = granted.rows.compactMap(\.decisions.first)
        #expect(decisions.map(\.outcome) == [.pendingApproval, .pendingApproval])
        // Each reports the budget after its grant: A's 20.00, then B's 1.00 on top.
        #expect(decisions.first?.budgets.first?.spent == .money("20.00"))
        #expect(decisions.first?.budgets.first?.used == .money("20.00"))
        #expect(decisions.last?.budgets.first?.spent == .money("1.00"))
        #expect(decisions.last?.budgets.first?.used == .money("21.00"))
    }

    /// The replay forgets old changes every 10,000 rows, but not the latest of a key
    /// when the policy reads `since_change`: a cooldown compared through arithmetic
    /// decides the same after 12,000 rows as after 1,000.
    @Test(arguments: [1_000, 12_000])
    func sinceChangeReadsTheSameHoweverLongTheHistory(_ others: Int) throws {
        let plan = try Self.plan("""
        policy cooldown {
          drives scaling
          key service
          input {
            service: text
            replicas: int
            wanted: int
          }
          control replicas
          rule follow {
            when wanted != replicas
            set replicas = wanted
          }
          guard settle: since_change(replicas) / 2 >= 90m else block
        }
        """)
        var lines = ["at,service,replicas,wanted", "2026-11-23T00:00:00Z,api,10,11"]
        // Other keys from 00:01 to 02:00: the 10,000th row is past the 90m window.
        for index in 0..<others {
            let second = 60 + index * 7_140 / others
            let time = String(format: "%02d:%02d:%02d", second / 3_600, second / 60 % 60, second % 60)
            lines.append("2026-11-23T\(time)Z,svc-\(index),10,10")
        }
        lines.append("2026-11-23T02:30:00Z,api,11,12")
        let path = FileManager.default.temporaryDirectory.appending(path: "cooldown-\(UUID().uuidString).csv").path(percentEncoded: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try lines.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let recorder = try Self.replay(plan, path: path)
        #expect(recorder.rows.first?.decisions.first?.outcome == .applied)
        // 2h30m since the change: 75m < 90m.
        #expect(recorder.rows.last?.decisions.first?.outcome == .blocked)
    }

    @Test func feedbackCarriesTheDecidedValueToTheKeysNextRow() throws {
        let plan = try Self.gardenPricing(stateless: false)
        let recorded = try Self.replay(plan, path: Self.smallHistory)
        let fed = try Self.replay(plan, path: Self.smallHistory) { $0.feedback = true }
        var lastTo: [String: DecisionValue] = [:]
        var carried = 0
        for (_, decisions) in fed.rows {
            let decision = decisions[0]
            let price = try #require(decision.controls["price"])
            if let previous = lastTo[decision.key] {
                #expect(price.from == previous, "key \(decision.key)")
                carried += 1
            }
            lastTo[decision.key] = decision.outcome.isApplied ? price.to : price.from
        }
        #expect(carried > 100)
        #expect(fed.rows.map(\.decisions) != recorded.rows.map(\.decisions))
    }

    @Test func aMissingColumnNamesTheClosestHeader() throws {
        let plan = try Self.gardenPricing(stateless: false)
        let path = Self.root.appending(path: "Tests/Fixtures/cli/inputs/missing_column.csv").path(percentEncoded: false)
        #expect {
            try Self.replay(plan, path: path)
        } throws: { error in
            guard case ReplayError.missingColumn(let field, _, let closest, _, let header) = error else { return false }
            return field == "cost" && closest == "costs" && header?.line == 1
        }
    }

    @Test func jsonLinesGiveTheSameDecisionsAsCSV() throws {
        let plan = try Self.gardenPricing(stateless: false)
        let text = try String(contentsOfFile: Self.smallHistory, encoding: .utf8)
        var lines = text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines.removeFirst()
        let objects = lines.map { cells -> String in
            let members = zip(header, cells).filter { !$0.1.isEmpty }.map { "\"\($0.0)\": \"\($0.1)\"" }
            return "{" + members.joined(separator: ", ") + "}"
        }
        let path = FileManager.default.temporaryDirectory.appending(path: "history-\(UUID().uuidString).jsonl").path(percentEncoded: false)
        try objects.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let csv = try Self.replay(plan, path: Self.smallHistory)
        let jsonLines = try Self.replay(plan, path: path)
        #expect(jsonLines.rows.count == 200)
        #expect(jsonLines.rows.map(\.decisions) == csv.rows.map(\.decisions))
    }

    /// Folds each row into one report from the deciders' compact form and into another
    /// from the rendered decisions.
    final class TwinReports: ReplayObserver {
        var compact: ReplayReport
        var rendered: ReplayReport

        init(_ plan: CompiledPolicy) {
            compact = ReplayReport(plan: plan)
            rendered = ReplayReport(plan: plan)
        }

        func begin(sorted: Bool) throws {}
        func row(line: Int, decisions: [Decision]) throws {}
        func row(line: Int, deciders: [Decider]) throws {
            compact.add(deciders[0], line: line)
            rendered.add(deciders[0].decision(), line: line)
        }
        func skipped(_ error: HistoryError) {}
    }

    @Test(arguments: ["garden_pricing", "search_ads", "storefront_autoscale", "category_ranking"])
    func reportsFromCompactDecisionsEqualReportsFromRenderedOnes(_ name: String) throws {
        let plan = try Self.plan(try String(contentsOf: Self.root.appending(path: "Policies/\(name).policy"), encoding: .utf8))
        for feedback in [false, true] {
            var options = ReplayOptions()
            options.feedback = feedback
            options.approveAll = feedback
            let twins = TwinReports(plan)
            try Replayer(plans: [plan], options: options).run(path: Self.root.appending(path: "Policies/history/\(name).csv").path(percentEncoded: false), observer: twins)
            #expect(twins.compact.decisions > 1_000)
            #expect(twins.compact.json == twins.rendered.json)
        }
    }

    /// Folds rows into one report, or lets `--jobs` lanes fold them and merges their reports.
    final class SummaryOnly: ReplayObserver {
        let plan: CompiledPolicy
        let lanes: Bool
        var report: ReplayReport
        var lanesMerged = 0

        init(_ plan: CompiledPolicy, lanes: Bool) {
            self.plan = plan
            self.lanes = lanes
            report = ReplayReport(plan: plan)
        }

        func begin(sorted: Bool) throws {
            report = ReplayReport(plan: plan)
            if !sorted { report.noteUnsorted() }
        }
        func row(line: Int, decisions: [Decision]) throws { report.add(decisions[0], line: line) }
        func row(line: Int, deciders: [Decider]) throws { report.add(deciders[0], line: line) }
        func skipped(_ error: HistoryError) {
            report.addSkippedRow((error.field.map { "`\($0)`: " } ?? "") + error.message, line: error.line, column: error.column)
        }
        func reportForLanes() -> ReplayReport? { lanes ? ReplayReport(plan: plan) : nil }
        func lanesFinished(_ reports: [ReplayReport]) throws {
            for lane in reports { report.merge(lane: lane) }
            lanesMerged = reports.count
        }
    }

    @Test func laneReportsMergeToTheReportOfOneLane() throws {
        let plan = try Self.gardenPricing(stateless: true)
        let sample = Self.root.appending(path: "Policies/history/garden_pricing.csv").path(percentEncoded: false)
        // An unsorted copy of the small history, with a bad row, exercises the sorted
        // path, skipped rows in order, and lanes.
        let lines = try String(contentsOfFile: Self.smallHistory, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: true)
        let shuffled = [lines[0]] + lines.dropFirst().reversed() + ["2027-01-01T00:00:00Z,not,a,row"]
        let unsorted = FileManager.default.temporaryDirectory.appending(path: "lanes-\(UUID().uuidString).csv").path(percentEncoded: false)
        defer { try? FileManager.default.removeItem(atPath: unsorted) }
        try shuffled.joined(separator: "\n").write(toFile: unsorted, atomically: true, encoding: .utf8)
        // Every tenth row twice (and the first row three times): repeats found in lanes.
        let repeated = FileManager.default.temporaryDirectory.appending(path: "lanes-repeated-\(UUID().uuidString).csv").path(percentEncoded: false)
        defer { try? FileManager.default.removeItem(atPath: repeated) }
        let doubled = lines.dropFirst().enumerated().flatMap { index, line in Array(repeating: line, count: index == 0 ? 3 : index % 10 == 0 ? 2 : 1) }
        try ([lines[0]] + doubled).joined(separator: "\n").write(toFile: repeated, atomically: true, encoding: .utf8)
        for path in [sample, Self.smallHistory, unsorted, repeated] {
            let one = SummaryOnly(plan, lanes: false)
            try Replayer(plans: [plan], options: ReplayOptions()).run(path: path, observer: one)
            for jobs in [2, 3] {
                var options = ReplayOptions()
                options.jobs = jobs
                let many = SummaryOnly(plan, lanes: true)
                try Replayer(plans: [plan], options: options).run(path: path, observer: many)
                // jobs - 1 deciding lanes, and the reading lane decides a share too.
                #expect(many.lanesMerged == jobs)
                #expect(many.report.json == one.report.json, "\(path), \(jobs) jobs")
            }
            #expect(one.report.repeatedRowCount == (path == repeated ? (lines.count - 2) / 10 + 2 : 0), "\(path)")
            #expect(one.report.firstRepeatedLine == (path == repeated ? 3 : nil), "\(path)")
        }
    }
}
