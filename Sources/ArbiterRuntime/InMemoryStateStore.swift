// The in-memory state store: the default for `arbiter eval`, tests and replay, and the
// reference the persistent stores are tested against.
//
// Concurrency. The store is a `final class` whose four record kinds each sit behind
// their own `Mutex` (from the `Synchronization` module): change history, current
// values, budget ledgers and approvals. Every method takes one lock, does a dictionary
// lookup and a binary search or an append, and returns; nothing suspends while a lock is
// held. An actor would give the same safety, but every call would be an `await` and a
// hop to the actor's executor, turning each state function of the interpreter into a
// suspension point. An uncontended `Mutex` is an atomic compare-and-swap, and separate
// locks let a budget check on one task proceed while another task reads history.
//
// Atomicity. `checkAndSpend` reads the budget's use and records the spend inside one
// critical section of the ledger's lock, so concurrent decisions can never both see
// room for the same last euro. Nothing needs two locks at once, so there is no lock
// order to respect and no deadlock.

import Synchronization

/// A `StateStore` that keeps everything in memory, safe to share across tasks.
public final class InMemoryStateStore: StateStore {
    private let history = Mutex(ChangeHistory())
    private let controls = Mutex(ControlValueIndex())
    private let ledger = Mutex(BudgetLedger())
    private let queue = Mutex(ApprovalQueue())

    /// Creates an empty store.
    public init() {}

    // MARK: Change history

    /// Appends an applied change of a control, keeping changes ordered by time.
    public func recordChange(_ change: RecordedChange, for control: ControlAddress) {
        history.withLock { $0.record(change, for: control) }
    }

    /// The changes of a control inside `(window.start, window.now]`, oldest first.
    public func changes(for control: ControlAddress, in window: LookbackWindow) -> [RecordedChange] {
        history.withLock { $0.changes(for: control, in: window) }
    }

    /// The number of changes of a control inside `(window.start, window.now]`.
    public func changeCount(for control: ControlAddress, in window: LookbackWindow) -> Int {
        history.withLock { $0.count(for: control, in: window) }
    }

    /// The latest change of a control at or before `now`.
    public func lastChange(for control: ControlAddress, asOf now: Instant) -> RecordedChange? {
        history.withLock { $0.lastChange(for: control, asOf: now) }
    }

    /// The value a control held at `instant`, or `current` if it has not changed since.
    public func value(of control: ControlAddress, at instant: Instant, current: RuntimeValue) -> RuntimeValue {
        history.withLock { $0.value(of: control, at: instant, current: current) }
    }

    /// The summed increases and decreases of a numeric control inside the window.
    public func movement(for control: ControlAddress, in window: LookbackWindow) throws(StateStoreError) -> ChangeMovement {
        try history.withLock { history throws(StateStoreError) in
            do throws(EvaluationError) {
                return try history.movement(for: control, in: window)
            } catch {
                throw .arithmetic(error)
            }
        }
    }

    /// Forgets changes strictly before `instant`; with `keepingLatest`, not a control's
    /// latest change.
    public func pruneChanges(before instant: Instant, keepingLatest: Bool) {
        history.withLock { $0.prune(before: instant, keepingLatest: keepingLatest) }
    }

    /// Forgets changes strictly before `instant`, the latest of each control included.
    public func pruneChanges(before instant: Instant) {
        pruneChanges(before: instant, keepingLatest: false)
    }

    // MARK: Current control values

    /// Stores a control's current value, its default and the key's group fields.
    public func setCurrentValue(
        _ value: RuntimeValue, default defaultValue: RuntimeValue,
        groups: [String: RuntimeValue], for control: ControlAddress
    ) {
        controls.withLock { $0.set(value, default: defaultValue, groups: groups, for: control) }
    }

    /// A control's stored current value, or nil.
    public func currentValue(for control: ControlAddress) -> RuntimeValue? {
        controls.withLock { $0.value(for: control) }
    }

    /// How many keys in a group hold an active (non-missing, non-default) value.
    public func countActive(policy: String, control: String, groupField: String, groupValue: RuntimeValue, excluding excludedKey: String?) -> Int {
        controls.withLock {
            $0.countActive(policy: policy, control: control, groupField: groupField, groupValue: groupValue, excluding: excludedKey)
        }
    }

    // MARK: Budget ledgers

    /// Atomically checks that `amount` fits the budget's limit in the window and records it.
    public func checkAndSpend(
        policy: String, budget: String, window: CalendarWindow, amount: Exact, limit: Exact
    ) throws(StateStoreError) -> (allowed: Bool, usedBefore: Exact) {
        let address = BudgetLedger.Address(policy: policy, budget: budget)
        return try withLedger { ledger throws(EvaluationError) in
            try ledger.checkAndSpend(budget: address, window: window, amount: amount, limit: limit)
        }
    }

    /// Records a key's latest observed value for a `tracks` budget.
    public func track(
        policy: String, budget: String, window: CalendarWindow, key: String, value: Exact, at: Instant
    ) throws(StateStoreError) {
        let address = BudgetLedger.Address(policy: policy, budget: budget)
        try withLedger { ledger throws(EvaluationError) in
            try ledger.track(budget: address, window: window, key: key, value: value, at: at)
        }
    }

    /// The budget's use in a window: spends plus the latest tracked value per key.
    public func budgetUsed(policy: String, budget: String, window: CalendarWindow) throws(StateStoreError) -> Exact {
        let address = BudgetLedger.Address(policy: policy, budget: budget)
        return try withLedger { ledger throws(EvaluationError) in
            try ledger.used(budget: address, window: window)
        }
    }

    /// The recorded spend amounts of a budget in a window, in the order recorded.
    public func budgetSpends(policy: String, budget: String, window: CalendarWindow) -> [Exact] {
        ledger.withLock { $0.spends(budget: BudgetLedger.Address(policy: policy, budget: budget), window: window) }
    }

    /// Forgets budget windows that ended at or before `instant`.
    public func pruneBudgets(endingBefore instant: Instant) {
        ledger.withLock { $0.prune(endingBefore: instant) }
    }

    /// Forgets approvals that left `pending` before `instant`.
    public func pruneApprovals(settledBefore instant: Instant) {
        queue.withLock { $0.prune(settledBefore: instant) }
    }

    private func withLedger<Result: Sendable>(
        _ body: (inout BudgetLedger) throws(EvaluationError) -> Result
    ) throws(StateStoreError) -> Result {
        try ledger.withLock { ledger throws(StateStoreError) in
            do throws(EvaluationError) {
                return try body(&ledger)
            } catch {
                throw .arithmetic(error)
            }
        }
    }

    // MARK: Approvals

    /// Files a pending approval, superseding an older pending one for the same key.
    @discardableResult
    public func createApproval(_ request: ApprovalRequest) throws(StateStoreError) -> ApprovalRecord {
        try queue.withLock { queue throws(StateStoreError) in try queue.create(request) }
    }

    /// Files a pending approval unless its id exists, in one step.
    public func fileApproval(_ request: ApprovalRequest) -> Bool {
        queue.withLock { $0.file(request) }
    }

    /// Supersedes the pending approval of a policy and key (see `StateStore`).
    public func supersedePending(policy: String, key: String, at now: Instant) {
        queue.withLock { $0.supersedePending(policy: policy, key: key, at: now) }
    }

    /// Approves a pending approval before its expiry.
    @discardableResult
    public func approve(id: String, by approver: String, now: Instant) throws(StateStoreError) -> ApprovalRecord {
        try queue.withLock { queue throws(StateStoreError) in
            try queue.decide(id: id, status: .approved, by: approver, now: now)
        }
    }

    /// Rejects a pending approval before its expiry.
    @discardableResult
    public func reject(id: String, by approver: String, now: Instant) throws(StateStoreError) -> ApprovalRecord {
        try queue.withLock { queue throws(StateStoreError) in
            try queue.decide(id: id, status: .rejected, by: approver, now: now)
        }
    }

    /// The approval with this id as it stands at `now`, or nil.
    public func approval(id: String, now: Instant) -> ApprovalRecord? {
        queue.withLock { $0.record(id: id, now: now) }
    }

    /// The approvals with a status at `now`, oldest request first.
    public func approvals(status: ApprovalStatus, now: Instant) -> [ApprovalRecord] {
        queue.withLock { $0.records(status: status, now: now) }
    }
}
