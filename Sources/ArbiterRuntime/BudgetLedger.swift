// Budget ledgers, as the in-memory store keeps them.
//
// One ledger window per (policy, budget, window start). A window holds the `spends`
// entries in the order recorded and, for `tracks` budgets, the latest reported value per
// key. Both totals are kept up to date on every write, so reading `NAME.used` is one
// dictionary lookup, whatever the number of keys, and `checkAndSpend` is a comparison
// and an append under the store's lock.

/// Spend and track entries per budget and window.
struct BudgetLedger {
    /// One budget of one policy, such as `garden_pricing`'s `markdown`.
    struct Address: Hashable {
        var policy: String
        var budget: String
    }

    private struct WindowKey: Hashable {
        var budget: Address
        var start: Instant
    }

    private struct TrackedValue {
        var value: Exact
        var at: Instant
    }

    private struct WindowEntries {
        var end: Instant
        var spends: [Exact] = []
        /// INVARIANT: the sum of `spends`.
        var spentTotal = Exact.zero
        var tracked: [String: TrackedValue] = [:]
        /// INVARIANT: the sum of the values in `tracked`.
        var trackedTotal = Exact.zero

        func used() throws(EvaluationError) -> Exact {
            try spentTotal.adding(trackedTotal)
        }
    }

    private var windows: [WindowKey: WindowEntries] = [:]
    /// The last window looked up and where it is: nearly every decision of a policy reads
    /// and spends in the same window, and comparing its key is cheaper than hashing it.
    /// INVARIANT: nil, or a valid index of `windows` for `key`; cleared by every insertion
    /// and removal (they invalidate indices).
    private var lastLookup: (key: WindowKey, index: Dictionary<WindowKey, WindowEntries>.Index)?

    private mutating func index(of key: WindowKey) -> Dictionary<WindowKey, WindowEntries>.Index? {
        if let lastLookup, lastLookup.key == key { return lastLookup.index }
        guard let index = windows.index(forKey: key) else { return nil }
        lastLookup = (key, index)
        return index
    }

    mutating func checkAndSpend(
        budget: Address, window: CalendarWindow, amount: Exact, limit: Exact
    ) throws(EvaluationError) -> (allowed: Bool, usedBefore: Exact) {
        try modifyEntries(budget: budget, window: window) { entries throws(EvaluationError) in
            let usedBefore = try entries.used()
            if amount > .zero {
                // A sum beyond the range certainly exceeds the limit.
                let (usedAfter, overflow) = usedBefore.addingReportingOverflow(amount)
                guard !overflow, usedAfter <= limit else { return (false, usedBefore) }
            }
            if !amount.isZero {
                entries.spentTotal = try entries.spentTotal.adding(amount)
                entries.spends.append(amount)
            }
            return (true, usedBefore)
        }
    }

    mutating func track(
        budget: Address, window: CalendarWindow, key: String, value: Exact, at: Instant
    ) throws(EvaluationError) {
        try modifyEntries(budget: budget, window: window) { entries throws(EvaluationError) in
            let previous = entries.tracked[key]
            if let previous, previous.at > at { return }
            entries.trackedTotal = try entries.trackedTotal.subtracting(previous?.value ?? .zero).adding(value)
            entries.tracked[key] = TrackedValue(value: value, at: at)
        }
    }

    mutating func used(budget: Address, window: CalendarWindow) throws(EvaluationError) -> Exact {
        guard let index = index(of: WindowKey(budget: budget, start: window.start)) else { return .zero }
        return try windows.values[index].used()
    }

    func spends(budget: Address, window: CalendarWindow) -> [Exact] {
        windows[WindowKey(budget: budget, start: window.start)]?.spends ?? []
    }

    /// Runs `body` on a window's entries in place, creating them if needed; in place, so
    /// appending a spend never copies the window's earlier spends.
    private mutating func modifyEntries<Result>(
        budget: Address, window: CalendarWindow,
        _ body: (inout WindowEntries) throws(EvaluationError) -> Result
    ) throws(EvaluationError) -> Result {
        let key = WindowKey(budget: budget, start: window.start)
        if let index = index(of: key) { return try body(&windows.values[index]) }
        lastLookup = nil
        var entries = WindowEntries(end: window.end)
        defer { windows[key] = entries }
        return try body(&entries)
    }

    mutating func prune(endingBefore instant: Instant) {
        lastLookup = nil
        windows = windows.filter { $0.value.end > instant }
    }
}
