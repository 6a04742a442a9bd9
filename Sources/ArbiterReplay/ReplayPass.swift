import Arbiter
import Foundation

/// One pass over rows: decoding cells, the virtual clock, feedback, deciding.
struct ReplayPass {
    enum StreamResult {
        case finished(rows: Int)
        case unsorted
    }

    /// A decoded row waiting to be evaluated (sorted or parallel mode).
    struct PendingRow: Sendable {
        var line: Int
        var at: Instant
        var values: [JSONValue]
        var cellColumns: [Int]
        var cellLines: [Int]
    }

    let replayer: Replayer
    let file: String
    /// The history's columns grow record by record (`HistoryReader.columnsGrow`).
    let columnsGrow: Bool
    /// One per plan, in the replayer's order.
    let runs: [PlanRun]
    /// The runs' deciders, as the observer gets them.
    let deciders: [Decider]
    var map: Replayer.ColumnMap?
    var mappedColumnCount = -1
    /// The last time cell read (its UTF-8, the array reused) and its instant: rows of one
    /// instant come together in a sorted history, and comparing the bytes is cheaper than
    /// reading them again, let alone making a string of them.
    private var lastTimeCell: [UInt8] = []
    private var lastTime: Instant?

    init(replayer: Replayer, file: String, columnsGrow: Bool = false) {
        self.replayer = replayer
        self.file = file
        self.columnsGrow = columnsGrow
        self.runs = replayer.plans.map(PlanRun.init)
        self.deciders = runs.map(\.decider)
    }

    /// One plan's part of a pass: its decider, its own store, where its inputs are in the
    /// file, and (feedback) the values carried from key to key. A class with `let`s, so
    /// the per-row loop reads them without retaining each.
    final class PlanRun {
        let plan: CompiledPolicy
        let decider: Decider
        let store = InMemoryStateStore()
        /// Per input slot, the control whose current value the input is (feedback).
        let controlOfInput: [Int?]
        /// Per input slot, its column (nil: none); set by `remap`.
        var slotColumns: [Int?] = []
        /// Per key, the last decided values of the controls (feedback mode).
        var carried: [String: [RuntimeValue]] = [:]

        init(_ plan: CompiledPolicy) {
            self.plan = plan
            self.decider = Decider(plan)
            var controls = [Int?](repeating: nil, count: plan.inputs.count)
            for (slot, control) in plan.controls.enumerated() {
                if case .input(let input) = control.source { controls[input] = slot }
            }
            self.controlOfInput = controls
        }

        /// Loads a row's cells into the decider's input slots (for an input that is a
        /// control's current value, the value carried for the key when `feedback`);
        /// returns the first cell that cannot be read.
        func load<Row: ReplayRow>(_ row: Row, feedback: Bool) -> SlotValueError? {
            let slotColumns = slotColumns
            var fedBack: [RuntimeValue]?
            if feedback, let keyColumn = slotColumns[plan.keyInput], case .string(let key) = row.value(keyColumn) {
                fedBack = carried[key]
            }
            for slot in slotColumns.indices {
                // Every cell is read, a fed-back one too: a cell that cannot be read skips
                // the row with or without --feedback (§10).
                let problem = if let column = slotColumns[slot] {
                    row.load(column, into: decider, slot: slot)
                } else {
                    decider.loadInput(nil, slot: slot)
                }
                if let problem { return problem }
                if let fedBack, let control = controlOfInput[slot] {
                    // Carried in the input's form already.
                    decider.loadInput(value: fedBack[control], slot: slot)
                }
            }
            return nil
        }

        /// Decides the loaded row at `at`; with `feedback`, carries the decided values to
        /// the key's next row.
        func decide(at: Instant, options: ReplayOptions) {
            let outcome = decider.decideLoaded(at: at, store: store, options: DecisionOptions(
                dryRun: false, explain: false, approvePending: options.approveAll, keepsUnreadState: false))
            guard options.feedback else { return }
            let applied = outcome.isApplied || (outcome == .pendingApproval && options.approveAll)
            var values: [RuntimeValue] = []
            for slot in plan.controls.indices {
                let value = applied && outcome == .pendingApproval ? decider.proposedValue(of: slot) : decider.finalValue(of: slot)
                values.append(decider.shownValue(value, control: slot))
            }
            carried[decider.key] = values
        }
    }

    /// Maps the columns to input slots, if they changed since the last call.
    mutating func remapColumns(_ columns: [String]) throws {
        try remap(columns)
    }

    private mutating func remap(_ columns: [String]) throws {
        if columns.count != mappedColumnCount {
            let map = try replayer.mapColumns(columns, file: file, columnsGrow: columnsGrow)
            for (run, slotColumns) in zip(runs, map.slots) { run.slotColumns = slotColumns }
            self.map = map
            mappedColumnCount = columns.count
        }
    }

    /// The next row whose time can be read, or nil at the end of the file. Rows that
    /// cannot be read, or whose time cannot, are reported to `observer` and passed over.
    mutating func nextTimedRow(_ reader: inout any HistoryReader, observer: any ReplayObserver) throws -> PendingRow? {
        while true {
            let row: HistoryRow
            do {
                guard let next = try reader.nextRow() else { return nil }
                row = next
            } catch {
                try skip(error, observer: observer)
                continue
            }
            try remap(reader.columns)
            guard let at = try time(of: row, observer: observer) else { continue }
            return PendingRow(line: row.line, at: at, values: row.values, cellColumns: row.cellColumns, cellLines: row.cellLines)
        }
    }

    /// Streams rows in file order; stops with `.unsorted` at the first row earlier than its predecessor.
    mutating func stream(_ reader: any HistoryReader, observer: any ReplayObserver) throws -> StreamResult {
        // Each kind of source gets its own specialised loop.
        if replayer.options.readsPlainCells, let csv = reader as? CSVReader {
            var source = PlainCSVSource(reader: csv)
            return try stream(&source, observer: observer)
        }
        var source = DecodedSource(reader: reader)
        return try stream(&source, observer: observer)
    }

    private mutating func stream(_ source: inout some RowSource, observer: any ReplayObserver) throws -> StreamResult {
        // JSON Lines learns its columns from the first record; CSV has them from the header.
        if !source.columns.isEmpty { try remap(source.columns) }
        var previous = Instant.distantPast
        var rows = 0
        while let record = try source.next(&self, observer: observer) {
            let at = record.at
            if at < previous { return .unsorted }
            previous = at
            rows += 1
            // Read outside the closure: reading `source` inside it would copy the source.
            let columns = source.columns
            switch record {
            case .row(let row):
                try evaluate(row, columns: columns, observer: observer)
            case .plain:
                try source.withRecord { record in try evaluate(record, at: at, columns: columns, observer: observer) }
            }
            if rows % 10_000 == 0 {
                prune(now: at)
                observer.progress(rows: rows, fraction: source.fractionRead)
            }
        }
        try checkEveryFieldAppeared(source.columns)
        observer.progress(rows: rows, fraction: 1)
        return .finished(rows: rows)
    }

    /// At the end of a JSON Lines history, a required field (or the time) that no record
    /// had is the file's problem, not each row's: it is reported as a CSV header without
    /// the column is, with the closest name. A file with no record at all (empty, or
    /// blank lines only) is a history with no rows, as a CSV header alone is.
    func checkEveryFieldAppeared(_ columns: [String]) throws {
        guard columnsGrow, !columns.isEmpty else { return }
        _ = try replayer.mapColumns(columns, file: file)
    }

    /// A record whose time could be read: a plain CSV record, still in the reader's
    /// buffer (`RowSource.withRecord`), or a decoded row.
    enum TimedRecord {
        case plain(Instant)
        case row(PendingRow)

        var at: Instant {
            switch self {
            case .plain(let at): at
            case .row(let row): row.at
            }
        }
    }

    /// Where a pass reads rows from: a CSV file whose plain records are read in place
    /// (`ReplayRow.swift`), any reader decoded, or rows already in memory.
    func rowSource(_ reader: any HistoryReader) -> any RowSource {
        if replayer.options.readsPlainCells, let csv = reader as? CSVReader { return PlainCSVSource(reader: csv) }
        return DecodedSource(reader: reader)
    }

    /// A CSV reader whose plain records stay in its buffer.
    struct PlainCSVSource: RowSource {
        var reader: CSVReader
        var cells = CSVReader.PlainCells()

        var columns: [String] { reader.columns }
        var fractionRead: Double? { reader.fractionRead }

        mutating func next(_ pass: inout ReplayPass, observer: any ReplayObserver) throws -> TimedRecord? {
            try pass.nextTimedRecord(&reader, cells: &cells, observer: observer)
        }

        func withRecord<Result>(_ body: (PlainRecord) throws -> Result) rethrows -> Result {
            try reader.withRecord(cells, body)
        }
    }

    /// Any reader, every row decoded.
    struct DecodedSource: RowSource {
        var reader: any HistoryReader

        var columns: [String] { reader.columns }
        var fractionRead: Double? { (reader as? HistoryProgress)?.fractionRead }

        mutating func next(_ pass: inout ReplayPass, observer: any ReplayObserver) throws -> TimedRecord? {
            try pass.nextTimedRow(&reader, observer: observer).map(TimedRecord.row)
        }
    }

    /// Rows already read (and sorted) in memory.
    struct MemorySource: RowSource {
        let rows: [PendingRow]
        let columns: [String]
        var position = 0

        var fractionRead: Double? { rows.isEmpty ? nil : Double(position) / Double(rows.count) }

        mutating func next(_ pass: inout ReplayPass, observer: any ReplayObserver) throws -> TimedRecord? {
            guard position < rows.count else { return nil }
            position += 1
            return .row(rows[position - 1])
        }
    }

    /// `nextTimedRow` for CSV: plain records are left in the reader's buffer, the rest
    /// decoded; records that cannot be read, or whose time cannot, are reported to
    /// `observer` and passed over.
    private mutating func nextTimedRecord(_ reader: inout CSVReader, cells: inout CSVReader.PlainCells,
                                          observer: any ReplayObserver) throws -> TimedRecord? {
        while true {
            let read: CSVReader.PlainRead?
            do {
                read = try reader.nextPlainRecord(into: &cells)
            } catch {
                try skip(error, observer: observer)
                continue
            }
            guard let read else { return nil }
            switch read {
            case .row(let row):
                guard let at = try time(of: row, observer: observer) else { continue }
                return .row(PendingRow(line: row.line, at: at, values: row.values, cellColumns: row.cellColumns, cellLines: row.cellLines))
            case .plain:
                guard let at = try reader.withRecord(cells, { record in try time(of: record, observer: observer) }) else { continue }
                return .plain(at)
            }
        }
    }

    /// Reads every row into memory, sorted by time (stable). Skipped rows are collected by
    /// `observer` (a buffer the caller replays after `begin`).
    mutating func readAll(_ reader: inout any HistoryReader, observer: any ReplayObserver) throws -> (rows: [PendingRow], columns: [String], sorted: Bool) {
        if !reader.columns.isEmpty { try remap(reader.columns) }
        var rows: [PendingRow] = []
        var sorted = true
        var previous = Instant.distantPast
        while let row = try nextTimedRow(&reader, observer: observer) {
            if row.at < previous { sorted = false }
            previous = max(previous, row.at)
            rows.append(row)
        }
        if !sorted {
            rows = rows.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element)
        }
        return (rows, reader.columns, sorted)
    }

    /// Evaluates rows already in memory, in order.
    mutating func evaluate(rows: [PendingRow], columns: [String], observer: any ReplayObserver) throws {
        var source = MemorySource(rows: rows, columns: columns)
        _ = try stream(&source, observer: observer)
    }

    /// Forgets state no decision can read any more, so memory stays bounded by the number
    /// of keys, not rows: changes older than the longest window the policy reads (each
    /// control's latest kept when `since_change` reads it), budget windows that have
    /// ended, and approvals no longer pending.
    func prune(now: Instant) {
        for run in runs {
            run.store.pruneChanges(before: now.saturatingSubtracting(run.plan.longestWindow), keepingLatest: run.plan.readsSinceChange)
            run.store.pruneBudgets(endingBefore: now)
            run.store.pruneApprovals(settledBefore: now)
        }
    }

    private func skip(_ error: HistoryError, observer: any ReplayObserver) throws {
        if replayer.options.strict || error.isFatal { throw ReplayError.badHistory(error) }
        observer.skipped(error)
    }

    /// The row's time, or nil (and a skipped row) when it cannot be read.
    private mutating func time<Row: ReplayRow>(of row: Row, observer: any ReplayObserver) throws -> Instant? {
        guard let map else { return nil }
        guard let timeColumn = map.time else {
            try skip(HistoryError(file: file, line: row.line, column: nil, field: replayer.options.timeColumn,
                                  message: "the time is missing"), observer: observer)
            return nil
        }
        let instant = row.withCell(timeColumn) { cell -> Instant? in
            let instant: Instant
            if let lastTime, let seconds = lastTimeCell.withUnsafeBufferPointer({ Self.secondsLater(cell, than: $0) }) {
                if seconds == 0 { return lastTime }
                instant = Instant(microsecondsSinceEpoch: lastTime.microsecondsSinceEpoch + seconds * 1_000_000)
            } else {
                guard let read = Instant(utf8: cell) else { return nil }
                instant = read
            }
            if lastTimeCell.count == cell.count {
                _ = lastTimeCell.withUnsafeMutableBufferPointer { $0.update(fromContentsOf: cell) }
            } else {
                lastTimeCell = Array(cell)
            }
            lastTime = instant
            return instant
        }
        if let instant { return instant }
        let raw = row.value(timeColumn) ?? .null
        // A JSON Lines record without the field reads as null, as an empty CSV cell does.
        var message = raw == .null ? "the time is missing" : "expected an ISO-8601 date or time, got \(raw.shortDescription)"
        // Why, when a time nearly is one, as `--now` says it (`2027-02-01T06:00:00` lacks
        // its offset); a cell that is no time at all (`yesterday`) needs no reason.
        if case .string(let text) = raw, case .failure(let error) = Result(catching: { () throws(ValueParseError) in try Instant(parsing: text) }) {
            switch error {
            case .outOfRange: message += " (out of range: times run from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z)"
            case .missingOffset, .invalidOffset, .invalidDate, .invalidTime, .tooPrecise: message += ": \(error.description)"
            default: break
            }
        }
        try skip(HistoryError(file: file, line: row.cellLine(timeColumn), column: row.cellColumn(timeColumn), field: replayer.options.timeColumn,
                              message: message), observer: observer)
        return nil
    }

    /// How many seconds `cell` is after `last`, a time cell read before, when the two are
    /// the same bytes (0), or differ only in the seconds of a `…hh:mm:ssZ` time; else nil,
    /// and the cell is read in full. Most rows of a sorted history are one of the two.
    /// Both colons are checked: `…T08:01Z` (no seconds) ends in minutes.
    static func secondsLater(_ cell: UnsafeBufferPointer<UInt8>, than last: UnsafeBufferPointer<UInt8>) -> Int64? {
        let count = cell.count
        guard count == last.count, count > 0 else { return nil }
        if memcmp(cell.baseAddress!, last.baseAddress!, count) == 0 { return 0 }
        let zero = UInt8(ascii: "0")
        guard count >= 7, cell[count - 1] == UInt8(ascii: "Z"), cell[count - 4] == UInt8(ascii: ":"),
              cell[count - 7] == UInt8(ascii: ":"),
              last[count - 1] == UInt8(ascii: "Z"),
              memcmp(cell.baseAddress!, last.baseAddress!, count - 3) == 0 else { return nil }
        let tens = cell[count - 3] &- zero, units = cell[count - 2] &- zero
        let lastTens = last[count - 3] &- zero, lastUnits = last[count - 2] &- zero
        guard tens < 6, units < 10, lastTens < 6, lastUnits < 10 else { return nil }
        return Int64(tens) * 10 + Int64(units) - Int64(lastTens) * 10 - Int64(lastUnits)
    }

    /// Decides one row for every plan and hands the decisions to the observer.
    mutating func evaluate(_ row: PendingRow, columns: [String], observer: any ReplayObserver) throws {
        try evaluate(row, at: row.at, columns: columns, observer: observer)
    }

    /// Decides one row at `at` for every plan and hands the decisions to the observer.
    mutating func evaluate<Row: ReplayRow>(_ row: Row, at: Instant, columns: [String], observer: any ReplayObserver) throws {
        try remap(columns)
        guard map != nil else { return }
        // Cells are decoded straight into each plan's decider; a row with a bad cell for
        // any plan is skipped for all of them.
        for (index, run) in runs.enumerated() {
            guard let problem = run.load(row, feedback: replayer.options.feedback) else { continue }
            let column = run.slotColumns[problem.slot]
            // With `--compare`, say which version could not read it: the other may read
            // it well, and its report shows the row skipped too (with --strict the replay
            // stops there instead).
            // When the old version cannot read it, the new one is tried too, so a row
            // neither reads is not blamed on the old alone.
            let version = index > 0 ? "the new version's"
                : runs.count > 1 && runs[1].load(row, feedback: replayer.options.feedback) != nil ? "both versions'"
                : "the old version's"
            let message = runs.count < 2 ? problem.message
                : replayer.options.strict ? problem.message + " (\(version) input)"
                : problem.message + " (\(version) input; both versions pass over the row)"
            try skip(HistoryError(file: file, line: column.map { row.cellLine($0) } ?? row.line, column: column.flatMap { row.cellColumn($0) }, field: run.plan.inputs[problem.slot].name,
                                  message: message), observer: observer)
            return
        }
        for run in runs { run.decide(at: at, options: replayer.options) }
        try observer.row(line: row.line, deciders: deciders)
    }
}

/// Where a replay pass reads its rows (see `ReplayPass.rowSource`).
protocol RowSource {
    /// The column names known so far.
    var columns: [String] { get }
    /// The share of the rows read, if known.
    var fractionRead: Double? { get }
    /// The next record whose time can be read, nil at the end; records that cannot be
    /// read, or whose time cannot, are reported to `observer` and passed over.
    mutating func next(_ pass: inout ReplayPass, observer: any ReplayObserver) throws -> ReplayPass.TimedRecord?
    /// Runs `body` on the plain record `next` returned last (only sources that return
    /// plain records have one).
    func withRecord<Result>(_ body: (PlainRecord) throws -> Result) rethrows -> Result
}

extension RowSource {
    func withRecord<Result>(_ body: (PlainRecord) throws -> Result) rethrows -> Result {
        preconditionFailure("\(Self.self) returns no plain records")
    }
}
