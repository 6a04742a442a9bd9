// The state a decision reads and writes.
//
// This file holds the protocol and the small value types it speaks in: addresses,
// look-back windows, recorded changes. Four kinds of record, all keyed by names the
// compiled plan already knows:
//
// - change history per control address: `changes(x, W)`, `since_change(x)`,
//   `change(x) within P per W`, `increase(x) … per W` read it;
// - current control values with the key's group fields: `count(pinned, by category)`;
// - budget ledgers per policy, budget and window: `spends` entries and `tracks` entries,
//   with an atomic check-and-spend;
// - approvals, from request to approved, rejected, expired or superseded.
//
// Why synchronous methods. A decision makes a handful of small reads and at most a few
// writes, each a dictionary lookup and a binary search in memory. Making them `async`
// would turn every state function in the interpreter into a suspension point and force
// the whole evaluator to be `async`, for stores that never suspend: the in-memory store
// (a `Mutex` held for microseconds) and SQLite through GRDB (whose synchronous
// `DatabaseQueue` serialises access itself). A store whose client is only asynchronous
// (PostgreSQL through PostgresNIO) can still conform by running each call on its own
// thread and waiting; the engine is expected to call a store from a task that may block
// briefly, never from an event loop. Every method is `throws(StateStoreError)` so
// persistent stores can report I/O failures without changing the protocol.
//
// Time is always passed in (`now`, `at`, windows): no implementation reads the wall
// clock, so replay and production make the same decisions from the same records.

/// Storage for change history, current control values, budget ledgers and approvals.
///
/// Implementations must be safe to call from many tasks at once, and
/// `checkAndSpend` must be atomic: concurrent decisions never overspend a budget.
/// `InMemoryStateStore` is the reference implementation; the shared test suite runs
/// against every implementation. A store is shared state, so it is a class: an evaluation
/// keeps the one it was given from decision to decision and compares stores by identity.
public protocol StateStore: AnyObject, Sendable {
    // MARK: Change history

    /// Appends an applied change of a control. Changes may arrive out of order; they are
    /// kept ordered by `at`, and changes at the same instant keep their arrival order.
    func recordChange(_ change: RecordedChange, for control: ControlAddress) throws(StateStoreError)

    /// The changes of a control inside `(window.start, window.now]`, oldest first.
    func changes(for control: ControlAddress, in window: LookbackWindow) throws(StateStoreError) -> [RecordedChange]

    /// The number of changes of a control inside `(window.start, window.now]`.
    func changeCount(for control: ControlAddress, in window: LookbackWindow) throws(StateStoreError) -> Int

    /// The latest change of a control at or before `now`, for `since_change(x)`.
    func lastChange(for control: ControlAddress, asOf now: Instant) throws(StateStoreError) -> RecordedChange?

    /// The value a control held at `instant`: the `from` of its earliest change after
    /// `instant`, or `current` when it has not changed since.
    func value(of control: ControlAddress, at instant: Instant, current: RuntimeValue) throws(StateStoreError) -> RuntimeValue

    /// The summed increases and decreases of a numeric control inside the window.
    func movement(for control: ControlAddress, in window: LookbackWindow) throws(StateStoreError) -> ChangeMovement

    /// Forgets changes strictly before `instant` (retention: older than the longest
    /// window any loaded policy reads); with `keepingLatest`, each control's latest change
    /// stays, however old, since `since_change` reads it.
    func pruneChanges(before instant: Instant, keepingLatest: Bool) throws(StateStoreError)

    // MARK: Current control values

    /// Stores a control's current value, the control's declared default, and the
    /// key's group fields (field name to value) that `count(control, by field)` uses.
    func setCurrentValue(
        _ value: RuntimeValue, default defaultValue: RuntimeValue,
        groups: [String: RuntimeValue], for control: ControlAddress
    ) throws(StateStoreError)

    /// A control's stored current value, or nil if none was stored.
    func currentValue(for control: ControlAddress) throws(StateStoreError) -> RuntimeValue?

    /// How many keys of `policy` other than `excludedKey` (nil: none left out) have
    /// `groupField == groupValue` and hold a value of `control` that is neither missing
    /// nor the default (for a `bool`: `true`). A decision leaves its own key out, as its
    /// proposal replaces whatever the key held, in whichever group.
    func countActive(
        policy: String, control: String, groupField: String, groupValue: RuntimeValue, excluding excludedKey: String?
    ) throws(StateStoreError) -> Int

    // MARK: Budget ledgers

    /// Atomically reads the budget's use in the window and, if `amount` fits
    /// (`usedBefore + amount <= limit`, or `amount <= 0`), records it as a spend.
    /// Returns whether it was recorded and the use just before.
    func checkAndSpend(
        policy: String, budget: String, window: CalendarWindow, amount: Exact, limit: Exact
    ) throws(StateStoreError) -> (allowed: Bool, usedBefore: Exact)

    /// Records a key's latest observed value for a `tracks` budget. Within a window the
    /// report with the latest `at` counts (the last call wins at equal `at`).
    func track(
        policy: String, budget: String, window: CalendarWindow, key: String, value: Exact, at: Instant
    ) throws(StateStoreError)

    /// The budget's use in a window: the sum of its spends plus the sum over keys of the
    /// latest tracked values.
    func budgetUsed(policy: String, budget: String, window: CalendarWindow) throws(StateStoreError) -> Exact

    /// The recorded spend amounts of a budget in a window, in the order recorded.
    func budgetSpends(policy: String, budget: String, window: CalendarWindow) throws(StateStoreError) -> [Exact]

    /// Forgets budget windows that ended at or before `instant`.
    func pruneBudgets(endingBefore instant: Instant) throws(StateStoreError)

    // MARK: Approvals

    /// Files a request as a pending approval. An older pending approval for the same
    /// policy and key becomes `superseded` (or `expired`, if it was already past its
    /// expiry at `request.createdAt`). "Older" is by `createdAt`: a request made before the
    /// key's pending one (a decision that arrived late) is filed superseded by it, as of
    /// the pending one's `createdAt`, and the pending one stays.
    @discardableResult
    func createApproval(_ request: ApprovalRequest) throws(StateStoreError) -> ApprovalRecord

    /// Files a request as `createApproval` does, unless an approval with its id exists
    /// (a retried decision files nothing new); returns whether it filed. The default
    /// implementation reads the id, then creates; a store may do both in one step.
    func fileApproval(_ request: ApprovalRequest) throws(StateStoreError) -> Bool

    /// Marks the pending approval of a policy and key, if any, superseded: a newer
    /// decision for the key that does not wait for approval makes it stale. A decision
    /// at a `now` before the request was made is not newer, and leaves it pending.
    func supersedePending(policy: String, key: String, at now: Instant) throws(StateStoreError)

    /// Approves a pending approval before its expiry. Past expiry, the approval is
    /// recorded as expired and `StateStoreError.approvalExpired` is thrown.
    @discardableResult
    func approve(id: String, by approver: String, now: Instant) throws(StateStoreError) -> ApprovalRecord

    /// Rejects a pending approval before its expiry, with the same expiry rule as `approve`.
    @discardableResult
    func reject(id: String, by approver: String, now: Instant) throws(StateStoreError) -> ApprovalRecord

    /// The approval with this id as it stands at `now`, or nil.
    func approval(id: String, now: Instant) throws(StateStoreError) -> ApprovalRecord?

    /// Forgets approvals that left `pending` before `instant` (retention; replay calls
    /// it so a long run keeps only what a decision can still read). Pending ones stay.
    func pruneApprovals(settledBefore instant: Instant) throws(StateStoreError)

    /// The approvals with a status at `now`, oldest request first. Pending approvals
    /// past their expiry are recorded as expired first.
    func approvals(status: ApprovalStatus, now: Instant) throws(StateStoreError) -> [ApprovalRecord]
}

extension StateStore {
    /// Forgets changes strictly before `instant`, the latest of each control included.
    public func pruneChanges(before instant: Instant) throws(StateStoreError) {
        try pruneChanges(before: instant, keepingLatest: false)
    }

    public func fileApproval(_ request: ApprovalRequest) throws(StateStoreError) -> Bool {
        if try approval(id: request.id, now: request.createdAt) != nil { return false }
        try createApproval(request)
        return true
    }
}

// MARK: - The records a store speaks in

/// The address of one control of one entity: `(policy, key, control)`, such as
/// `("garden_pricing", "SKU-00042", "price")`. Change history and current values are
/// stored per address.
public struct ControlAddress: Hashable, Sendable, CustomStringConvertible {
    /// The policy's name.
    public var policy: String
    /// The value of the policy's key field: the entity the decision is about.
    public var key: String
    /// The control's name.
    public var control: String

    /// Creates an address.
    public init(policy: String, key: String, control: String) {
        self.policy = policy
        self.key = key
        self.control = control
    }

    /// `policy/key/control`.
    public var description: String {
        "\(policy)/\(key)/\(control)"
    }

    /// Hashes the key and the control name's length only: the policy and control names
    /// repeat across nearly every address of a store, and hashing three strings per look-up
    /// was a tenth of a stateful decision. Equality still compares all three.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(key)
        hasher.combine(control.utf8.count)
    }
}

/// A look-back window `(now - length, now]` for the state functions `changes(x, W)`,
/// `change(x) within P per W` and `increase(x) … per W`.
///
/// The window is open at the start and closed at `now`: a change exactly `length` ago is
/// outside, one microsecond later is inside, and a change at `now` itself is inside.
/// This makes `changes(price, 1d) < 3` count the changes of the last 24 hours, never of
/// 24 hours and one instant.
public struct LookbackWindow: Hashable, Sendable {
    /// The end of the window, included.
    public var now: Instant
    /// How far back the window reaches.
    public var length: DurationValue

    /// Creates a window reaching `length` back from `now`.
    public init(now: Instant, length: DurationValue) {
        self.now = now
        self.length = length
    }

    /// The excluded start, `now - length`; saturates at `Instant.distantPast`.
    public var start: Instant {
        now.saturatingSubtracting(length)
    }

    /// Whether `start < instant <= now`.
    public func contains(_ instant: Instant) -> Bool {
        start < instant && instant <= now
    }
}

/// One applied change of a control: at `at`, its value went from `from` to `to`.
///
/// Only applied decisions are recorded (outcomes `applied` and `clamped`, and approved
/// decisions when they are applied); a blocked or pending decision leaves no change.
public struct RecordedChange: Hashable, Sendable {
    /// When the change took effect.
    public var at: Instant
    /// The value before the change.
    public var from: RuntimeValue
    /// The value after the change.
    public var to: RuntimeValue

    /// Creates a change record.
    public init(at: Instant, from: RuntimeValue, to: RuntimeValue) {
        self.at = at
        self.from = from
        self.to = to
    }
}

/// The total movement of a numeric control over a window: the sum of the increases and
/// the sum of the decreases of its changes, both as non-negative amounts. Changes between
/// non-numeric values are ignored.
///
/// `increase(replicas) <= 4 per 15s` reads `increase`; `change(price) within 10% per 1d`
/// can compare `increase` and `decrease` with the value held at the window's start.
public struct ChangeMovement: Hashable, Sendable {
    /// The sum of `to - from` over the changes that went up.
    public var increase: Exact
    /// The sum of `from - to` over the changes that went down.
    public var decrease: Exact

    /// Creates a movement.
    public init(increase: Exact = .zero, decrease: Exact = .zero) {
        self.increase = increase
        self.decrease = decrease
    }

    /// `increase - decrease`: the net movement.
    ///
    /// - Throws: `EvaluationError.overflow(.subtraction)`.
    public func net() throws(EvaluationError) -> Exact {
        try increase.subtracting(decrease)
    }
}
