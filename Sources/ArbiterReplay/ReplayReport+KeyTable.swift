import Arbiter

extension ReplayReport {
    /// Decisions and changes per key, in the order the keys were first seen.
    ///
    /// Every row touches it, at a key usually far from the last one, so a hashed look-up
    /// here missed the cache twice per row (the bucket, then the counts): a tenth of a
    /// stateless replay. Histories are mostly snapshots, every key once per period in the
    /// same order, so the entry after the last one counted is tried first: in that order
    /// the entries are read one after the other and nothing is hashed. Any other order
    /// falls back to the index, with the same counts.
    struct KeyTable: Sendable {
        /// The keys, in first-seen order.
        private(set) var keys: [String] = []
        /// Each key's counts, by position in `keys`.
        private(set) var counts: [KeyCounts] = []
        /// Each key's position in `keys`.
        private var positions: [String: Int] = [:]
        /// The position counted last.
        private var last = -1

        /// Distinct keys.
        var count: Int { keys.count }

        /// Adds a decision of `key` at `at` from history line `line`; returns whether an
        /// earlier line decided the key at the same time (a repeated row).
        mutating func add(_ key: String, at: Instant, line: Int, changed: Bool) -> Bool {
            add(key, decisions: 1, changes: changed ? 1 : 0)
            let repeated = counts[last].lastAt == at.microsecondsSinceEpoch && counts[last].lastLine != line
            counts[last].lastAt = at.microsecondsSinceEpoch
            counts[last].lastLine = line
            return repeated
        }

        /// Adds decisions and changes to a key's counts, making its entry if it is new.
        mutating func add(_ key: String, decisions: Int, changes: Int) {
            let next = last + 1
            let position: Int
            if next < keys.count, keys[next] == key {
                position = next
            } else if let known = positions[key] {
                position = known
            } else {
                position = keys.count
                keys.append(key)
                counts.append(KeyCounts())
                positions[key] = position
            }
            counts[position].decisions += decisions
            counts[position].changes += changes
            last = position
        }

        /// A key's counts, if it was seen.
        subscript(key: String) -> KeyCounts? {
            positions[key].map { counts[$0] }
        }

        /// Adds another table's counts into this one.
        mutating func merge(_ other: KeyTable) {
            for (key, tally) in zip(other.keys, other.counts) { add(key, decisions: tally.decisions, changes: tally.changes) }
        }
    }
}
