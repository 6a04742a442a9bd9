import Arbiter
import Dispatch
import Foundation

// `--jobs N`
//
// A pipeline over batches of rows, for policies that pool nothing across keys. Each step
// runs N lanes at once: one lane hands the previous batch's results to the observer and
// reads the next batch; the other N - 1 lanes (at least one) decide the current batch,
// each for its own keys (split by a stable hash of the key) with its own stores and
// deciders, which persist from batch to batch. When the observer takes only a summary
// (lane reports), the reading lane decides a smaller share of the keys as well, since
// reading is the lighter work. Results reach the observer in row order,
// so a replay with jobs gives the same report as one without; memory is bounded by the
// batch, not the file.
//
// A row out of time order stops the stream (`.unsorted`), as in a single-lane replay; the
// caller then sorts the whole file in memory and runs the same pipeline over it.
//
// From a CSV file, the reader copies each plain record's bytes into the batch's arena
// and notes its cells' offsets (`ReplayRow.swift`); the deciding lanes decode the cells
// from there, as a single-lane replay decodes them from the reader's buffer.

/// `--jobs N`: keys decided in parallel lanes, results handed over in row order.
struct ParallelReplay: Sendable {
    let replayer: Replayer
    let file: String
    /// The history's columns grow record by record (`HistoryReader.columnsGrow`).
    var columnsGrow = false

    /// Rows per batch: enough to keep the lanes busy, small enough to keep memory flat.
    static let batchSize = 4_096

    /// One entry of a batch: a row to decide (decoded, or plain in the batch's arena), or
    /// a row the reader skipped.
    enum Entry {
        case row(ReplayPass.PendingRow)
        case plain(PlainRow)
        case skipped(HistoryError)
    }

    /// A plain CSV record copied into a batch: its bytes start at `recordStart` in the
    /// arena, and its cells' offsets are `cells` in `cellStarts` and `cellEnds`.
    struct PlainRow {
        var line: Int
        var at: Instant
        var recordStart: Int
        var cells: Range<Int>
    }

    /// What the observer is handed for one entry.
    enum Result {
        case decided(line: Int, decisions: [Decision])
        case skipped(HistoryError)
    }

    struct Batch {
        var entries: [Entry] = []
        var columns: [String] = []
        /// The time of the batch's last row.
        var lastAt: Instant?
        /// The bytes of the plain records, and their cells' offsets into them.
        var arena: [UInt8] = []
        var cellStarts: [Int] = []
        var cellEnds: [Int] = []

        /// Copies a plain record in.
        mutating func append(_ record: PlainRecord, at: Instant) {
            let recordStart = arena.count
            let cellsStart = cellStarts.count
            arena.append(contentsOf: record.recordBytes)
            for cell in 0..<record.starts.count {
                cellStarts.append(recordStart + record.starts[cell] - record.recordStart)
                cellEnds.append(recordStart + record.ends[cell] - record.recordStart)
            }
            entries.append(.plain(PlainRow(line: record.line, at: at, recordStart: recordStart,
                                           cells: cellsStart..<cellStarts.count)))
        }

        /// Runs `body` on a plain record of this batch.
        func withRecord<Result>(_ row: PlainRow, _ body: (PlainRecord) throws -> Result) rethrows -> Result {
            try arena.withUnsafeBufferPointer { bytes in
                try cellStarts.withUnsafeBufferPointer { starts in
                    try cellEnds.withUnsafeBufferPointer { ends in
                        try body(PlainRecord(bytes: bytes, starts: UnsafeBufferPointer(rebasing: starts[row.cells]),
                                             ends: UnsafeBufferPointer(rebasing: ends[row.cells]),
                                             recordStart: row.recordStart, line: row.line))
                    }
                }
            }
        }
    }

    /// Collects one lane's results for the current batch: rendered decisions to hand over
    /// in row order, or, with a lane report, only skipped rows and `error` decisions.
    /// Its lane's thread alone touches it while the lane decides, so its fields go
    /// without dynamic exclusivity checks (one per row, each).
    final class Collector: ReplayObserver, @unchecked Sendable {
        @exclusivity(unchecked) var results: [(index: Int, result: Result)] = []
        @exclusivity(unchecked) var current = 0
        @exclusivity(unchecked) var report: ReplayReport?

        init(report: ReplayReport?) { self.report = report }

        func begin(sorted: Bool) throws {}
        func row(line: Int, decisions: [Decision]) throws { results.append((current, .decided(line: line, decisions: decisions))) }
        func row(line: Int, deciders: [Decider]) throws {
            if report != nil, deciders.count == 1, deciders[0].outcome != .error {
                report?.add(deciders[0], line: line)
            } else {
                try row(line: line, decisions: deciders.map { $0.decision() })
            }
        }
        func skipped(_ error: HistoryError) { results.append((current, .skipped(error))) }
    }

    /// A deciding lane: its own pass (stores, deciders, carried values) for its keys.
    final class Lane: @unchecked Sendable {
        /// Used by one lane at a time (see `Collector`).
        @exclusivity(unchecked) var pass: ReplayPass
        let collector: Collector
        var rowsSincePrune = 0

        init(pass: ReplayPass, report: ReplayReport?) {
            self.pass = pass
            self.collector = Collector(report: report)
        }

        func decide(_ batch: Batch, indices: [Int]) throws {
            collector.results.removeAll(keepingCapacity: true)
            for index in indices {
                collector.current = index
                switch batch.entries[index] {
                case .row(let row):
                    try pass.evaluate(row, columns: batch.columns, observer: collector)
                case .plain(let row):
                    try batch.withRecord(row) { record in try pass.evaluate(record, at: row.at, columns: batch.columns, observer: collector) }
                case .skipped:
                    continue
                }
            }
            rowsSincePrune += indices.count
            if rowsSincePrune >= 10_000, let lastAt = batch.lastAt {
                pass.prune(now: lastAt)
                rowsSincePrune = 0
            }
        }
    }

    /// Reads batches from a streaming reader or from rows already sorted in memory.
    final class BatchReader: ReplayObserver, @unchecked Sendable {
        /// Used by the reading lane alone (see `Collector`).
        @exclusivity(unchecked) var pass: ReplayPass
        /// Where rows come from; plain CSV records go into batches as bytes.
        @exclusivity(unchecked) var source: any RowSource
        var previous = Instant.distantPast
        /// Set when a row earlier than its predecessor stopped the stream.
        var unsorted = false
        private var skippedWhileReading: [Entry] = []

        init(pass: ReplayPass, reader: any HistoryReader) {
            self.pass = pass
            self.source = pass.rowSource(reader)
        }

        init(pass: ReplayPass, rows: [ReplayPass.PendingRow], columns: [String]) {
            self.pass = pass
            self.source = ReplayPass.MemorySource(rows: rows, columns: columns)
        }

        var fractionRead: Double? { source.fractionRead }

        /// The next batch, nil at the end (or when the stream turned out unsorted).
        func next() throws -> Batch? {
            var batch = Batch()
            if !source.columns.isEmpty { try pass.remapColumns(source.columns) }
            while batch.entries.count < ParallelReplay.batchSize {
                let record = try source.next(&pass, observer: self)
                batch.entries += skippedWhileReading
                skippedWhileReading.removeAll()
                guard let record else { break }
                let at = record.at
                if at < previous {
                    unsorted = true
                    return nil
                }
                previous = at
                switch record {
                case .row(let row): batch.entries.append(.row(row))
                case .plain: source.withRecord { record in batch.append(record, at: at) }
                }
                batch.lastAt = at
            }
            batch.columns = source.columns
            if batch.entries.isEmpty { try pass.checkEveryFieldAppeared(source.columns) }
            return batch.entries.isEmpty ? nil : batch
        }

        func begin(sorted: Bool) throws {}
        func row(line: Int, decisions: [Decision]) throws {}
        func skipped(_ error: HistoryError) { skippedWhileReading.append(.skipped(error)) }
    }

    /// Streams `reader` through the pipeline; `.unsorted` at the first row out of time order.
    func stream(_ reader: any HistoryReader, observer: any ReplayObserver) throws -> ReplayPass.StreamResult {
        let source = BatchReader(pass: ReplayPass(replayer: replayer, file: file, columnsGrow: columnsGrow), reader: reader)
        let rows = try run(source, observer: observer)
        return source.unsorted ? .unsorted : .finished(rows: rows)
    }

    /// Runs rows already in memory (sorted) through the pipeline.
    func run(rows: [ReplayPass.PendingRow], columns: [String], observer: any ReplayObserver) throws {
        _ = try run(BatchReader(pass: ReplayPass(replayer: replayer, file: file, columnsGrow: columnsGrow), rows: rows, columns: columns), observer: observer)
    }

    private func run(_ source: BatchReader, observer: any ReplayObserver) throws -> Int {
        let laneReport = replayer.plans.count == 1 ? observer.reportForLanes() : nil
        let deciding = max(1, replayer.options.jobs - 1)
        // When the observer only wants the lanes' reports, handing results over is light
        // and reading costs a third of deciding: the reading lane then decides a share
        // of the keys too (half a deciding lane's), in a lane of its own after the others.
        let readerDecides = laneReport != nil
        let lanes = (0..<(deciding + (readerDecides ? 1 : 0))).map { _ in
            Lane(pass: ReplayPass(replayer: replayer, file: file, columnsGrow: columnsGrow), report: laneReport)
        }
        let failures = FailureBox()
        let handover = Handover()
        // Only the observing lane touches the observer, one step after another.
        let target = ObserverBox(observer)
        var current = try source.next()
        var keyColumn: Int?
        var mappedColumns: [String]?
        while current != nil || handover.results != nil {
            if let batch = current, batch.columns != mappedColumns {
                keyColumn = try replayer.mapColumns(batch.columns, file: file, columnsGrow: columnsGrow).slots[0][replayer.plans[0].keyInput]
                mappedColumns = batch.columns
            }
            let groups = current.map { Self.split($0, deciding: deciding, readerDecides: readerDecides, keyColumn: keyColumn) } ?? []
            let batch = current
            DispatchQueue.concurrentPerform(iterations: deciding + 1) { lane in
                do {
                    if lane == deciding {
                        if let (results, rows) = handover.results {
                            for result in results {
                                switch result {
                                case .decided(let line, let decisions): try target.observer.row(line: line, decisions: decisions)
                                case .skipped(let error): target.observer.skipped(error)
                                }
                            }
                            handover.observed += rows
                            target.observer.progress(rows: handover.observed, fraction: source.fractionRead)
                        }
                        handover.next = try source.next()
                        if readerDecides, let batch { try lanes[deciding].decide(batch, indices: groups[deciding]) }
                    } else if let batch {
                        try lanes[lane].decide(batch, indices: groups[lane])
                    }
                } catch {
                    failures.record(error)
                }
            }
            if let error = failures.first { throw error }
            handover.results = batch.map { (Self.merge($0, lanes: lanes), $0.entries.count) }
            current = handover.next
            handover.next = nil
            if source.unsorted { return 0 }
        }
        if laneReport != nil { try observer.lanesFinished(lanes.compactMap(\.collector.report)) }
        observer.progress(rows: handover.observed, fraction: 1)
        return handover.observed
    }

    /// Which lane decides each row: rows of one key always go to the same lane, in order.
    /// Keys are hashed into two buckets per deciding lane, and one more for the reading
    /// lane (lane `deciding`) when it decides too.
    private static func split(_ batch: Batch, deciding: Int, readerDecides: Bool, keyColumn: Int?) -> [[Int]] {
        var groups = Array(repeating: [Int](), count: deciding + (readerDecides ? 1 : 0))
        let buckets = UInt64(2 * deciding + (readerDecides ? 1 : 0))
        for (index, entry) in batch.entries.enumerated() {
            var hasher = StableKeyHash()
            switch entry {
            case .row(let row):
                if let keyColumn, keyColumn < row.values.count, case .string(let key) = row.values[keyColumn] {
                    hasher.combine(key.utf8)
                }
            case .plain(let row):
                // The same bytes as the decoded key's, so a key's rows share a lane either way.
                if let keyColumn {
                    batch.withRecord(row) { record in
                        if keyColumn < record.starts.count { hasher.combine(record.slice(keyColumn)) }
                    }
                }
            case .skipped:
                continue
            }
            groups[Int(hasher.value % buckets) / 2].append(index)
        }
        return groups
    }

    /// The batch's results in row order: the reader's skipped rows and the lanes' results.
    private static func merge(_ batch: Batch, lanes: [Lane]) -> [Result] {
        var merged = [Result?](repeating: nil, count: batch.entries.count)
        for (index, entry) in batch.entries.enumerated() {
            if case .skipped(let error) = entry { merged[index] = .skipped(error) }
        }
        for lane in lanes {
            for (index, result) in lane.collector.results { merged[index] = result }
        }
        return merged.compactMap { $0 }
    }
}

/// The observer, handed to the observing lane.
private final class ObserverBox: @unchecked Sendable {
    let observer: any ReplayObserver
    init(_ observer: any ReplayObserver) { self.observer = observer }
}

/// What the observing lane hands over between steps.
private final class Handover: @unchecked Sendable {
    /// The previous batch's results in row order, and its number of entries.
    var results: ([ParallelReplay.Result], rows: Int)?
    var next: ParallelReplay.Batch?
    var observed = 0
}

/// The first error thrown by any lane.
private final class FailureBox: @unchecked Sendable {
    private let lock = NSLock()
    private var errors: [any Error] = []

    func record(_ error: any Error) {
        lock.lock()
        errors.append(error)
        lock.unlock()
    }

    var first: (any Error)? {
        lock.lock()
        defer { lock.unlock() }
        return errors.first
    }
}

/// FNV-1a over a key, stable across runs (Swift's `Hasher` is seeded per process).
struct StableKeyHash {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func combine(_ bytes: some Sequence<UInt8>) {
        var high: UInt8 = 0
        let saved = value
        for byte in bytes {
            high |= byte
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
        // Equal keys can differ in bytes (`é` composed or not, `K` and the Kelvin sign),
        // and a key's rows must share a lane: text that is not ASCII is hashed in its
        // composed form (NFC), which equal texts share.
        guard high >= 0x80 else { return }
        value = saved
        for byte in String(decoding: Array(bytes), as: UTF8.self).precomposedStringWithCanonicalMapping.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
    }
}
