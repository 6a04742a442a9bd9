// The change history of every control, as the in-memory store keeps it.
//
// Each control address owns an array of changes sorted by `at`. Appending in time order
// (the common case, and always so in replay) is an amortised O(1) append; a late change
// is inserted at its place. Every window query is two binary searches for the first
// change after an instant, so `changes(price, 1d)` costs O(log n) however long the
// history is, and counting allocates nothing.

/// The applied changes of every control, ordered by time per control.
struct ChangeHistory {
    /// INVARIANT: every array is sorted by `at`, and changes with equal `at` are in
    /// arrival order.
    private var changesByControl: [ControlAddress: [RecordedChange]] = [:]
    /// The last control looked up and where it is. A decision asks about one control
    /// several times (`change(x) within`, `changes(x, W)`, then the record of its change),
    /// and comparing the address is cheaper than hashing it again.
    /// INVARIANT: nil, or a valid index of `changesByControl` for `control`; cleared by
    /// every insertion and removal of a key (they invalidate indices).
    private var lastLookup: (control: ControlAddress, index: Dictionary<ControlAddress, [RecordedChange]>.Index)?

    private mutating func index(of control: ControlAddress) -> Dictionary<ControlAddress, [RecordedChange]>.Index? {
        if let lastLookup, lastLookup.control == control { return lastLookup.index }
        guard let index = changesByControl.index(forKey: control) else { return nil }
        lastLookup = (control, index)
        return index
    }

    mutating func record(_ change: RecordedChange, for control: ControlAddress) {
        if let index = index(of: control) {
            Self.insertInOrder(change, into: &changesByControl.values[index])
        } else {
            lastLookup = nil
            changesByControl[control] = [change]
        }
    }

    mutating func changes(for control: ControlAddress, in window: LookbackWindow) -> [RecordedChange] {
        guard let index = index(of: control) else { return [] }
        let list = changesByControl.values[index]
        return Array(list[Self.range(in: list, window: window)])
    }

    mutating func count(for control: ControlAddress, in window: LookbackWindow) -> Int {
        guard let index = index(of: control) else { return 0 }
        return Self.range(in: changesByControl.values[index], window: window).count
    }

    mutating func lastChange(for control: ControlAddress, asOf now: Instant) -> RecordedChange? {
        guard let index = index(of: control) else { return nil }
        let list = changesByControl.values[index]
        let end = Self.firstIndex(in: list, after: now)
        return end > 0 ? list[end - 1] : nil
    }

    mutating func value(of control: ControlAddress, at instant: Instant, current: RuntimeValue) -> RuntimeValue {
        guard let index = index(of: control) else { return current }
        let list = changesByControl.values[index]
        let position = Self.firstIndex(in: list, after: instant)
        return position < list.count ? list[position].from : current
    }

    mutating func movement(for control: ControlAddress, in window: LookbackWindow) throws(EvaluationError) -> ChangeMovement {
        guard let index = index(of: control) else { return ChangeMovement() }
        let list = changesByControl.values[index]
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

    mutating func prune(before instant: Instant) {
        lastLookup = nil
        // In place: rebuilding the dictionary copied every list on every prune.
        // (Indices by hand: `indices` holds the dictionary, and the first write through
        // `values` would then copy all of it.)
        var emptied: [ControlAddress] = []
        var index = changesByControl.startIndex
        while index != changesByControl.endIndex {
            let keep: Int? = changesByControl.values[index].first.flatMap { first in
                first.at < instant ? Self.firstIndex(in: changesByControl.values[index], atOrAfter: instant) : nil
            }
            if let keep {
                if keep == changesByControl.values[index].count {
                    emptied.append(changesByControl.keys[index])
                } else {
                    changesByControl.values[index].removeFirst(keep)
                }
            }
            index = changesByControl.index(after: index)
        }
        for control in emptied { changesByControl[control] = nil }
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
