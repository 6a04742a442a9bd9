import Arbiter
import ArbiterChecker
import Foundation

// How a replay runs
//
// A replay evaluates every row of a history file in time order with a virtual clock: the
// row's time is `now`, and each policy being replayed has its own in-memory store, so
// windows, budgets, cooldowns and approval expiry follow the history, never the wall
// clock, and never touch a production store.
//
// The file is streamed. If a row is earlier than the one before it, the pass stops, the
// whole file is read into memory and sorted by time (stably, so rows at the same time keep
// their order), and the replay starts over; observers are told with `begin(sorted: false)`.
//
// With `--jobs N` and policies that pool nothing across keys (no budget, no `count`),
// the file is streamed through a pipeline of batches (`ParallelReplay.swift`): keys are
// decided in parallel lanes, each with its own store, while another lane reads and
// reports; results reach the observer in row order, so they are identical to `--jobs 1`.

/// Implemented by readers that know how much of their file they have read.
public protocol HistoryProgress {
    /// Between 0 and 1.
    var fractionRead: Double { get }
}

/// Replays one or more compiled policies (a policy and, for `--compare`, another
/// version) against one history file.
public final class Replayer: Sendable {
    /// The policies, in the order their decisions are reported.
    public let plans: [CompiledPolicy]
    /// The options.
    public let options: ReplayOptions

    /// Creates a replayer.
    public init(plans: [CompiledPolicy], options: ReplayOptions) {
        self.plans = plans
        self.options = options
    }

    /// How a policy's inputs map to the file's columns.
    struct ColumnMap {
        /// Nil only while `columnsGrow` and no record has brought the time field yet.
        var time: Int?
        /// For each plan, for each input slot, the column index (nil: no column).
        var slots: [[Int?]]
    }

    /// Maps columns to input slots; a required input without a column is an error naming
    /// the closest header, unless `columnsGrow` (JSON Lines): each row without the field
    /// is then skipped and reported, as a row without a value for it is.
    func mapColumns(_ columns: [String], file: String, columnsGrow: Bool = false) throws(ReplayError) -> ColumnMap {
        let index = Dictionary(columns.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let time = index[options.timeColumn]
        if time == nil, !columnsGrow {
            throw .missingTimeColumn(name: options.timeColumn, file: file, closest: Suggestion.closest(to: options.timeColumn, among: columns), columns: columns)
        }
        var slots: [[Int?]] = []
        for plan in plans {
            var mapping: [Int?] = []
            for input in plan.inputs {
                let column = index[input.name]
                if column == nil, !input.isOptional, !columnsGrow {
                    throw .missingColumn(field: input.name, file: file, closest: Suggestion.closest(to: input.name, among: columns), columns: columns)
                }
                mapping.append(column)
            }
            slots.append(mapping)
        }
        return ColumnMap(time: time, slots: slots)
    }

    /// Whether keys can be evaluated in parallel: no policy pools state across keys.
    public var canRunKeysInParallel: Bool {
        plans.allSatisfy { plan in plan.budgets.isEmpty && plan.controls.allSatisfy(\.groupInputs.isEmpty) }
    }

    /// A reader from the start of `source`. A JSON Lines record that gives a field twice
    /// is refused only when the replay reads that field (the time or an input of a
    /// policy), as `eval` ignores an unknown field however often it is given.
    func historyReader(_ source: HistorySource) throws(HistoryError) -> any HistoryReader {
        let reader = try source.reader()
        guard var lines = reader as? JSONLinesReader else { return reader }
        lines.fieldsRead = plans.reduce(into: [options.timeColumn]) { fields, plan in fields.formUnion(plan.inputs.map(\.name)) }
        return lines
    }

    /// Runs the replay of the history at `path` (`-`: standard input; see `HistorySource`),
    /// reporting to `observer`. Returns the number of rows read.
    @discardableResult
    public func run(path: String, observer: any ReplayObserver) throws -> Int {
        let source: HistorySource
        let reader: any HistoryReader
        do {
            source = try HistorySource(path: path)
            reader = try historyReader(source)
        } catch {
            throw ReplayError.unreadable(error.description)
        }
        // An error about the columns points at the header row (JSON Lines has none).
        let header = (reader as? CSVReader)?.headerPlace
        do {
            return try run(source, reader: reader, observer: observer)
        } catch let error as ReplayError {
            throw error.placed(at: header)
        }
    }

    private func run(_ source: HistorySource, reader: any HistoryReader, observer: any ReplayObserver) throws -> Int {
        var reader = reader
        let path = source.name
        let parallel = options.jobs > 1 && canRunKeysInParallel
        let columnsGrow = reader.columnsGrow
        try observer.begin(sorted: true)
        var streamed: ReplayPass.StreamResult
        do {
            if parallel {
                do {
                    streamed = try ParallelReplay(replayer: self, file: path, columnsGrow: columnsGrow).stream(reader, observer: observer)
                } catch ReplayError.badHistory(let error) where options.strict {
                    throw try firstBadRowStreamed(source, columnsGrow: columnsGrow) ?? .badHistory(error)
                }
            } else {
                var pass = ReplayPass(replayer: self, file: path, columnsGrow: columnsGrow)
                streamed = try pass.stream(reader, observer: observer)
            }
        } catch ReplayError.badHistory(let error) where options.strict {
            // `--strict` stops at the first bad row in time order (§10): in a file that
            // turns out unsorted further on, a row later in the file may come first.
            guard try !isSorted(source, columnsGrow: columnsGrow) else { throw ReplayError.badHistory(error) }
            streamed = .unsorted
        }
        if case .finished(let rows) = streamed { return rows }
        // Read everything, sort if needed, then evaluate.
        do { reader = try historyReader(source) } catch { throw ReplayError.unreadable(error.description) }
        var collector = ReplayPass(replayer: self, file: path, columnsGrow: columnsGrow)
        let skippedRows = SkippedRowBuffer()
        let (rows, columns, wasSorted) = try collector.readAll(&reader, observer: skippedRows)
        try observer.begin(sorted: wasSorted)
        for error in skippedRows.errors { observer.skipped(error) }
        if parallel {
            do {
                try ParallelReplay(replayer: self, file: path, columnsGrow: columnsGrow).run(rows: rows, columns: columns, observer: observer)
            } catch ReplayError.badHistory(let error) where options.strict {
                throw try firstBadRow(in: rows, columns: columns, path: path, columnsGrow: columnsGrow) ?? .badHistory(error)
            }
        } else {
            var pass = ReplayPass(replayer: self, file: path, columnsGrow: columnsGrow)
            try pass.evaluate(rows: rows, columns: columns, observer: observer)
        }
        return rows.count
    }
}

extension Replayer {
    /// This replayer with `--jobs 1`.
    var oneJob: Replayer {
        var sequential = options
        sequential.jobs = 1
        return Replayer(plans: plans, options: sequential)
    }

    /// With `--strict`, lanes decide keys side by side, so the lane that fails first need
    /// not hold the first bad row (and which one does varies from run to run): after a
    /// failure, one sequential pass that observes nothing finds the first, in file order.
    /// Nil when that pass finds none before the file turns out unsorted.
    func firstBadRowStreamed(_ source: HistorySource, columnsGrow: Bool) throws -> ReplayError? {
        let reader: any HistoryReader
        do { reader = try historyReader(source) } catch { throw ReplayError.unreadable(error.description) }
        var pass = ReplayPass(replayer: oneJob, file: source.name, columnsGrow: columnsGrow)
        do {
            _ = try pass.stream(reader, observer: SkippedRowBuffer())
        } catch let error as ReplayError {
            return error
        }
        return nil
    }

    /// The same for rows already read and sorted: the first bad one in time order.
    func firstBadRow(in rows: [ReplayPass.PendingRow], columns: [String], path: String, columnsGrow: Bool) throws -> ReplayError? {
        var pass = ReplayPass(replayer: oneJob, file: path, columnsGrow: columnsGrow)
        do {
            try pass.evaluate(rows: rows, columns: columns, observer: SkippedRowBuffer())
        } catch let error as ReplayError {
            return error
        }
        return nil
    }

    /// Whether the rows of the history whose time can be read are in time order; bad rows are
    /// passed over, not stopped at.
    func isSorted(_ source: HistorySource, columnsGrow: Bool) throws -> Bool {
        var lenient = options
        lenient.strict = false
        var reader: any HistoryReader
        do { reader = try historyReader(source) } catch { throw ReplayError.unreadable(error.description) }
        var pass = ReplayPass(replayer: Replayer(plans: plans, options: lenient), file: source.name, columnsGrow: columnsGrow)
        var previous = Instant.distantPast
        while let row = try pass.nextTimedRow(&reader, observer: SkippedRowBuffer()) {
            if row.at < previous { return false }
            previous = row.at
        }
        return true
    }
}

/// Holds the rows skipped while reading, until the observer's pass begins.
final class SkippedRowBuffer: ReplayObserver {
    var errors: [HistoryError] = []

    func begin(sorted: Bool) throws {}
    func row(line: Int, decisions: [Decision]) throws {}
    func skipped(_ error: HistoryError) { errors.append(error) }
}
