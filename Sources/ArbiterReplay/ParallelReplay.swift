import Arbiter
import Dispatch
import Foundation

/// `--jobs N`: keys split into N groups, each replayed on its own thread with its own
/// stores, results handed to the observer in row order (identical to `--jobs 1`).
struct ParallelReplay: Sendable {
    let replayer: Replayer
    let file: String

    /// Collects one group's results.
    final class Collector: ReplayObserver, @unchecked Sendable {
        var results: [Int: Result] = [:]
        var current = 0

        enum Result {
            case decided(line: Int, decisions: [Decision])
            case skipped(HistoryError)
        }

        func begin(sorted: Bool) throws {}
        func row(line: Int, decisions: [Decision]) throws { results[current] = .decided(line: line, decisions: decisions) }
        func skipped(_ error: HistoryError) { results[current] = .skipped(error) }
    }

    func run(rows: [ReplayPass.PendingRow], columns: [String], observer: any ReplayObserver) throws {
        let jobs = max(1, replayer.options.jobs)
        let keyColumns = try replayer.mapColumns(columns, file: file).slots.enumerated().map { planIndex, slots in
            slots[replayer.plans[planIndex].keyInput]
        }
        // Rows of one key always go to the same group, in their order.
        var grouping = Array(repeating: [Int](), count: jobs)
        for (index, row) in rows.enumerated() {
            var hasher = StableKeyHash()
            if let column = keyColumns.first ?? nil, column < row.values.count, case .string(let key) = row.values[column] {
                hasher.combine(key)
            }
            grouping[Int(hasher.value % UInt64(jobs))].append(index)
        }
        let groups = grouping
        let pinnedReplayer = self.replayer
        let pinnedFile = self.file
        let collectors = (0..<jobs).map { _ in Collector() }
        let failures = FailureBox()
        DispatchQueue.concurrentPerform(iterations: jobs) { group in
            var pass = ReplayPass(replayer: pinnedReplayer, file: pinnedFile)
            let collector = collectors[group]
            do {
                for index in groups[group] {
                    collector.current = index
                    try pass.evaluate(rows[index], columns: columns, observer: collector)
                }
            } catch {
                failures.record(error)
            }
        }
        if let error = failures.first { throw error }
        var merged = [ParallelReplay.Collector.Result?](repeating: nil, count: rows.count)
        for collector in collectors { for (index, result) in collector.results { merged[index] = result } }
        for (index, result) in merged.enumerated() {
            switch result {
            case .decided(let line, let decisions)?: try observer.row(line: line, decisions: decisions)
            case .skipped(let error)?: observer.skipped(error)
            case nil: break
            }
            if (index + 1) % 10_000 == 0 { observer.progress(rows: index + 1, fraction: Double(index + 1) / Double(rows.count)) }
        }
        observer.progress(rows: rows.count, fraction: 1)
    }
}

/// The first error thrown by any group.
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

    mutating func combine(_ text: String) {
        for byte in text.utf8 {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
    }
}
