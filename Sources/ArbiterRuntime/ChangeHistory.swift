// The change history of every control, as the in-memory store keeps it.
//
// Each control address owns an array of changes sorted by `at`. Appending in time order
// (the common case, and always so in replay) is an amortised O(1) append; a late change
// is inserted at its place. Every window query is two binary searches for the first
// change after an instant, so `changes(price, 1d)` costs O(log n) however long the
// history is, and counting allocates nothing.
//
// Finding a control's array. The arrays sit in the order their controls were first
// recorded, with a dictionary from address to position. Decisions mostly come key after
// key in one order (a history is a series of snapshots, a service's batch job walks its
// catalogue), and a decision asks about one control several times, so the position
// looked up last is tried first, then the one that was looked up after it the last time
// (each position remembers its successor): the order repeats, so after one pass through
// the keys most look-ups are one comparison. Hashing the address hashed three strings and
// missed the cache on a tenth of a stateful replay.

/// The applied changes of every control, ordered by time per control.
struct ChangeHistory {
    /// Every control with an entry, by position, in first-recorded order.
    private var controls: [ControlAddress] = []
    /// INVARIANT: `lists[i]` belongs to `controls[i]`; every list is sorted by `at`, and
    /// changes with equal `at` are in arrival order. A list may be empty (pruned) until
    /// the next compaction.
    private var lists: [[RecordedChange]] = []
    /// INVARIANT: maps `controls[i]` to `i`, for every position.
    private var positions: [ControlAddress: Int] = [:]
    /// The position found last; any value (checked before use).
    private var last = 0
    /// For each position, the position found after it the last time it was found; any
    /// value (checked before use), -1 for none yet.
    /// INVARIANT: as many as `controls`.
    private var successors: [Int] = []
    /// How many lists are empty.
    private var emptied = 0
    /// The address last found to have no entry; nil when unknown. Most keys of a busy
    /// policy have no recorded change, and a decision asks about one control several
    /// times: the second question is one comparison, not a hash.
    /// INVARIANT: nil or an address with no position.
    private var lastAbsent: ControlAddress?
    /// One bit per address with a position, at a cheap hash of its key and control name
    /// (`filterBit`): a clear bit tells an absent address without hashing it for
    /// `positions` (a seeded hash of three strings and a probe of a large table). A set
    /// bit may be another address's, and then `positions` decides. The hash reads bytes,
    /// and two texts can be equal with different bytes (`é` composed or not, even `K`
    /// and the Kelvin sign), so the filter is used only while every address is ASCII,
    /// and asked only about ASCII ones.
    /// INVARIANT: the bit of every address in `controls` is set; its count is a power of
    /// two, at least 16 bits per address.
    private var filter = [UInt64](repeating: 0, count: 1 << 12)
    /// INVARIANT: whether every address in `controls` is ASCII.
    private var filterUsable = true

    private mutating func position(of control: ControlAddress) -> Int? {
        if last < controls.count {
            if controls[last] == control { return last }
            let next = successors[last]
            if next >= 0, next < controls.count, controls[next] == control {
                last = next
                return next
            }
        }
        if lastAbsent == control { return nil }
        if filterUsable, let bit = Self.filterBit(control, bits: filter.count &* 64), filter[bit >> 6] & (1 << UInt64(bit & 63)) == 0 {
            lastAbsent = control
            return nil
        }
        guard let position = positions[control] else {
            lastAbsent = control
            return nil
        }
        if last < successors.count { successors[last] = position }
        last = position
        return position
    }

    mutating func record(_ change: RecordedChange, for control: ControlAddress) {
        if let position = position(of: control) {
            if lists[position].isEmpty { emptied -= 1 }
            Self.insertInOrder(change, into: &lists[position])
        } else {
            lastAbsent = nil
            if last < successors.count { successors[last] = controls.count }
            last = controls.count
            positions[control] = controls.count
            controls.append(control)
            lists.append([change])
            successors.append(-1)
            if controls.count &* 16 > filter.count &* 64 {
                rebuildFilter()
            } else if let bit = Self.filterBit(control, bits: filter.count &* 64) {
                filter[bit >> 6] |= 1 << UInt64(bit & 63)
            } else {
                filterUsable = false
            }
        }
    }

    /// Sets the bits of the addresses in `controls` in a filter sized for them.
    private mutating func rebuildFilter() {
        var words = 1 << 12
        while words &* 64 < controls.count &* 16 { words <<= 1 }
        filter = [UInt64](repeating: 0, count: words)
        filterUsable = true
        for control in controls {
            guard let bit = Self.filterBit(control, bits: words &* 64) else {
                filterUsable = false
                return
            }
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
        }
    }

    /// An address's bit in a filter of `bits` bits (a power of two): a `QuickHash` of its
    /// key and control name; nil when either is not ASCII. Not seeded: a key chosen to
    /// collide only costs the hash look-up the filter would have saved.
    private static func filterBit(_ control: ControlAddress, bits: Int) -> Int? {
        var hash = QuickHash()
        hash.combine(control.key)
        hash.combine(control.control)
        guard hash.isASCII else { return nil }
        return Int(truncatingIfNeeded: hash.value) & (bits &- 1)
    }

    mutating func changes(for control: ControlAddress, in window: LookbackWindow) -> [RecordedChange] {
        guard let position = position(of: control) else { return [] }
        let list = lists[position]
        return Array(list[Self.range(in: list, window: window)])
    }

    mutating func count(for control: ControlAddress, in window: LookbackWindow) -> Int {
        guard let position = position(of: control) else { return 0 }
        return Self.range(in: lists[position], window: window).count
    }

    mutating func lastChange(for control: ControlAddress, asOf now: Instant) -> RecordedChange? {
        guard let position = position(of: control) else { return nil }
        let list = lists[position]
        let end = Self.firstIndex(in: list, after: now)
        return end > 0 ? list[end - 1] : nil
    }

    mutating func value(of control: ControlAddress, at instant: Instant, current: RuntimeValue) -> RuntimeValue {
        guard let position = position(of: control) else { return current }
        let list = lists[position]
        let at = Self.firstIndex(in: list, after: instant)
        return at < list.count ? list[at].from : current
    }

    mutating func movement(for control: ControlAddress, in window: LookbackWindow) throws(EvaluationError) -> ChangeMovement {
        guard let position = position(of: control) else { return ChangeMovement() }
        let list = lists[position]
        var movement = ChangeMovement()
        for change in list[Self.range(in: list, window: window)] {
            guard let difference = try RuntimeValue.numericDifference(from: change.from, to: change.to) else {
                continue
            }
            if difference.isNegative {
                movement.decrease = try movement.decrease.subtracting(difference)
            } else {
                movement.increase = try movement.increase.adding(difference)
            }
        }
        return movement
    }

    mutating func prune(before instant: Instant, keepingLatest: Bool) {
        for position in lists.indices {
            guard let first = lists[position].first, first.at < instant else { continue }
            var keep = Self.firstIndex(in: lists[position], atOrAfter: instant)
            if keepingLatest { keep = min(keep, lists[position].count - 1) }
            if keep == lists[position].count {
                lists[position] = []
                emptied += 1
            } else {
                lists[position].removeFirst(keep)
            }
        }
        // An emptied list keeps its place, as its control mostly changes again soon;
        // when they are over half, the rest move up and the index is rebuilt, so memory
        // stays bounded by the controls that have recent changes.
        guard emptied > 0, emptied * 2 > lists.count else { return }
        var kept = 0
        for position in lists.indices where !lists[position].isEmpty {
            controls.swapAt(kept, position)
            lists.swapAt(kept, position)
            kept += 1
        }
        controls.removeLast(controls.count - kept)
        lists.removeLast(lists.count - kept)
        successors = Array(repeating: -1, count: kept)
        positions = Dictionary(uniqueKeysWithValues: controls.enumerated().map { ($1, $0) })
        rebuildFilter()
        emptied = 0
    }

    /// Appends a change in time order; a late change goes after every change at or
    /// before its instant, which keeps equal instants in arrival order.
    private static func insertInOrder(_ change: RecordedChange, into list: inout [RecordedChange]) {
        if let last = list.last, last.at > change.at {
            list.insert(change, at: firstIndex(in: list, after: change.at))
        } else {
            list.append(change)
        }
    }

    /// The indices of the changes inside `(window.start, window.now]`.
    private static func range(in list: [RecordedChange], window: LookbackWindow) -> Range<Int> {
        let lower = firstIndex(in: list, after: window.start)
        let upper = firstIndex(in: list, after: window.now)
        return lower..<max(lower, upper)
    }

    /// The index of the first change strictly after `instant`, or `list.count`.
    private static func firstIndex(in list: [RecordedChange], after instant: Instant) -> Int {
        partitionPoint(in: list) { $0.at > instant }
    }

    /// The index of the first change at or after `instant`, or `list.count`.
    private static func firstIndex(in list: [RecordedChange], atOrAfter instant: Instant) -> Int {
        partitionPoint(in: list) { $0.at >= instant }
    }

    /// The first index whose change satisfies `belongsAfter`, for a predicate that is
    /// false and then true along the sorted list.
    private static func partitionPoint(
        in list: [RecordedChange], where belongsAfter: (RecordedChange) -> Bool
    ) -> Int {
        var low = 0
        var high = list.count
        while low < high {
            let middle = (low + high) / 2
            if belongsAfter(list[middle]) {
                high = middle
            } else {
                low = middle + 1
            }
        }
        return low
    }
}
