import Arbiter
@testable import ArbiterReplay
import ArbiterSyntax
import ArbiterTestSupport
import Foundation
import Testing

/// Plain CSV records read in place give what the general path gives: decisions, skipped
/// rows with their line, column and message, and reports.
@Suite struct PlainCellsTests {
    typealias Recorder = ReplayerTests.Recorder

    /// Everything a replay hands over, in a form that compares.
    struct Transcript: Equatable {
        var passes: [Bool]
        var rows: [String]
        var skipped: [HistoryError]
    }

    static func transcript(_ plans: [CompiledPolicy], path: String, plain: Bool,
                           configure: (inout ReplayOptions) -> Void = { _ in }) throws -> Transcript {
        var options = ReplayOptions()
        options.readsPlainCells = plain
        configure(&options)
        let recorder = Recorder()
        try Replayer(plans: plans, options: options).run(path: path, observer: recorder)
        let rows = recorder.rows.map { row in "\(row.line) " + row.decisions.map { "\($0.json)" }.joined(separator: " | ") }
        return Transcript(passes: recorder.passes, rows: rows, skipped: recorder.skipped)
    }

    /// A sorted history of about 6,000 rows (more than one 256 KiB chunk) with every kind
    /// of cell the plain path must hand back: quoted cells (with commas, quotes and a line
    /// break), non-ASCII keys, empty cells, values the fast decoders refuse, missing and
    /// extra cells, stray quotes, blank lines, CRLF, a byte order mark, and a last record
    /// without a line break.
    static func awkwardHistory() -> String {
        var state: UInt64 = 11
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var text = "\u{FEFF}at,sku,cost,price,msrp,competitor_price,stock,sales_7d\r\n"
        var seconds = 0
        for index in 0..<6_000 {
            seconds += [0, 0, 60, 600][next(4)]
            let day = 1 + seconds / 86_400
            let rest = seconds % 86_400
            let at = String(format: "2027-01-%02dT%02d:%02d:%02dZ", day, rest / 3_600, rest / 60 % 60, rest % 60)
            var cells = [at, "SKU-\(next(40))", "\(1 + next(9)).\(10 + next(90))", "\(9 + next(11)).\(10 + next(90))",
                         "\(20 + next(5)).00", ["", "11.50", "12.00 EUR", "\"12.50\"", "13"][next(5)],
                         next(4) > 0 ? "\(next(900))" : ["+12", "-0", "1e2", " 5", "abc", "99999999999999999999", ""][next(7)], "\(next(30))"]
            switch next(40) {
            case 0: cells[1] = "\"SKU, \"\"quoted\"\"\""
            case 1: cells[1] = "SKÜ-é"
            case 2: cells.removeLast()
            case 3: cells.append("extra")
            case 4: cells[2] = "bad\"quote"
            case 5: cells[0] = "not-a-time"
            case 6: cells[3] = "\"1\n2\""
            case 7: cells[2] = "1.5\t"
            default: break
            }
            text += cells.joined(separator: ",")
            if index < 5_999 { text += next(2) == 0 ? "\n" : "\r\n" }
            if next(100) == 0 { text += "\n" }
        }
        return text
    }

    @Test func plainRecordsGiveWhatDecodedRowsGive() throws {
        let full = try ReplayerTests.gardenPricing(stateless: false)
        let path = FileManager.default.temporaryDirectory.appending(path: "plain-\(UUID().uuidString).csv").path(percentEncoded: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Self.awkwardHistory().write(toFile: path, atomically: true, encoding: .utf8)
        let plain = try Self.transcript([full], path: path, plain: true)
        let decoded = try Self.transcript([full], path: path, plain: false)
        #expect(plain.passes == [true], "the history is sorted: it must stream")
        #expect(plain.skipped.count > 100 && plain.rows.count > 4_000)
        #expect(plain == decoded)
        let fedPlain = try Self.transcript([full], path: path, plain: true) { $0.feedback = true; $0.approveAll = true }
        let fedDecoded = try Self.transcript([full], path: path, plain: false) { $0.feedback = true; $0.approveAll = true }
        #expect(fedPlain == fedDecoded)
        // Lanes decode plain records from their batch's copy of the bytes.
        let stateless = try ReplayerTests.gardenPricing(stateless: true)
        let single = try Self.transcript([stateless], path: path, plain: false)
        for jobs in [2, 3] {
            #expect(try Self.transcript([stateless], path: path, plain: true) { $0.jobs = jobs } == single, "\(jobs) jobs")
        }
    }

    @Test("the example histories", arguments: ["garden_pricing", "search_ads", "storefront_autoscale", "category_ranking"])
    func examples(name: String) throws {
        let root = ReplayerTests.root
        let text = try String(contentsOf: root.appending(path: "Policies/\(name).policy"), encoding: .utf8)
        let plan = try ReplayerTests.plan(text)
        let path = root.appending(path: "Policies/history/\(name).csv").path(percentEncoded: false)
        #expect(try Self.transcript([plan], path: path, plain: true) == Self.transcript([plan], path: path, plain: false))
    }

    /// A time cell read from the one before it (`secondsLater`) is the instant reading it
    /// in full gives; cells that differ in more than the seconds of `…:SSZ` are refused.
    @Test func timeCellsReadFromTheOneBefore() {
        let cells = [
            "2027-02-01T06:59:56Z", "2027-02-01T06:59:07Z", "2027-02-01T06:59:59Z", "2027-02-01T06:59:00Z",
            "2027-02-01T06:58:56Z", "2027-02-01T07:59:56Z", "2027-02-02T06:59:56Z", "2027-02-01T06:59:60Z",
            "2027-02-01T06:59:6aZ", "2027-02-01T06:59:56+01:00", "2027-02-01T06:59:57+01:00",
            "2027-02-01T06:59:56.5Z", "2027-02-01T06:59:57.5Z", "2027-02-01", "2027-02-02", "0:00:00Z", "1:00:01Z",
            "2027-02-01T06:59:5:Z", "2027-02-01T06:59:56z", "2027-02-01T06:58Z", "2027-02-01T06:59Z", "2027-02-01T07:59Z",
            "2027-02-01 06:59:57Z",
        ]
        var accepted = 0
        for last in cells {
            guard let lastInstant = Self.instant(last) else { continue }
            for cell in cells {
                let seconds = Self.bytes(cell) { cellBytes in Self.bytes(last) { lastBytes in ReplayPass.secondsLater(cellBytes, than: lastBytes) } }
                guard let seconds else { continue }
                accepted += 1
                #expect(Self.instant(cell)?.microsecondsSinceEpoch == lastInstant.microsecondsSinceEpoch + seconds * 1_000_000,
                        "\(cell) after \(last)")
            }
        }
        // Each of the four seconds-only cells from each other, and every cell from itself.
        #expect(accepted >= 16)
        #expect(Self.bytes("2027-02-01T06:59:57.5Z") { a in Self.bytes("2027-02-01T06:59:56.5Z") { b in ReplayPass.secondsLater(a, than: b) } } == nil)
        #expect(Self.bytes("2027-02-01T06:58:56Z") { a in Self.bytes("2027-02-01T06:59:56Z") { b in ReplayPass.secondsLater(a, than: b) } } == nil)
        // Without seconds the last digits are minutes: read in full.
        #expect(Self.bytes("2027-02-01T06:59Z") { a in Self.bytes("2027-02-01T06:58Z") { b in ReplayPass.secondsLater(a, than: b) } } == nil)
        #expect(Self.bytes("2027-02-01T06:59:07Z") { a in Self.bytes("2027-02-01T06:59:56Z") { b in ReplayPass.secondsLater(a, than: b) } } == -49)
    }

    /// A history whose times come in every form the reader takes, a few seconds or
    /// minutes apart: each decision is made at the time its cell says.
    @Test func decisionsAreMadeAtTheTimeOfTheirCell() throws {
        let plan = try ReplayerTests.gardenPricing(stateless: true)
        var text = "at,sku,cost,price,msrp,competitor_price,stock,sales_7d\n"
        var expected: [Int: Instant] = [:]
        var seconds = 0
        for index in 0..<2_000 {
            seconds += [0, 1, 7, 60, 0][index % 5]
            let (minute, second) = (seconds / 60 % 60, seconds % 60)
            // Runs of five rows in one form, so each form follows itself.
            let at = switch index / 5 % 7 {
            case 0, 1, 2: String(format: "2027-02-01T06:%02d:%02dZ", minute, second)
            case 3: String(format: "2027-02-01T06:%02dZ", minute)
            case 4: String(format: "2027-02-01 06:%02d:%02dZ", minute, second)
            case 5: String(format: "2027-02-01T06:%02d:%02d.5Z", minute, second)
            default: String(format: "2027-02-01T07:%02d:%02d+01:00", minute, second)
            }
            expected[index + 2] = try Instant(parsing: at)
            text += "\(at),SKU-\(index % 13),5.00,12.00,20.00,11.50,\(index % 900),\(index % 9)\n"
        }
        let path = FileManager.default.temporaryDirectory.appending(path: "times-\(UUID().uuidString).csv").path(percentEncoded: false)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let recorder = ReplayerTests.Recorder()
        try Replayer(plans: [plan], options: ReplayOptions()).run(path: path, observer: recorder)
        #expect(recorder.rows.count == 2_000 && recorder.skipped.isEmpty)
        for row in recorder.rows {
            #expect(row.decisions.first?.at == expected[row.line], "line \(row.line)")
        }
    }

    static func instant(_ text: String) -> Instant? {
        bytes(text) { Instant(utf8: $0) }
    }

    static func bytes<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        Array(text.utf8).withUnsafeBufferPointer(body)
    }
}
