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

    mutating func record(_ change: RecordedChange, for control: ControlAddress) {
        Self.insertInOrder(change, into: &changesByControl[control, default: []])
    }

    func changes(for control: ControlAddress, in window: LookbackWindow) -> [RecordedChange] {
        guard let list = changesByControl[control] else { return [] }
        return Array(list[Self.range(in: list, window: window)])
    }

    func count(for control: ControlAddress, in window: LookbackWindow) -> Int {
        guard let list = changesByControl[control] else { return 0 }
        return Self.range(in: list, window: window).count
    }

    func lastChange(for control: ControlAddress, asOf now: Instant) -> RecordedChange? {
        guard let list = changesByControl[control] else { return nil }
        let end = Self.firstIndex(in: list, after: now)
        return end > 0 ? list[end - 1] : nil
    }

    func value(of control: ControlAddress, at instant: Instant, current: RuntimeValue) -> RuntimeValue {
        guard let list = changesByControl[control] else { return current }
        let index = Self.firstIndex(in: list, after: instant)
        return index < list.count ? list[index].from : current
    }

    func movement(for control: ControlAddress, in window: LookbackWindow) throws(EvaluationError) -> ChangeMovement {
        guard let list = changesByControl[control] else { return ChangeMovement() }
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
