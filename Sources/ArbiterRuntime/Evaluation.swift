import ArbiterChecker
import ArbiterSyntax

/// An evaluation error with the place that raised it.
struct Failure: Error {
    var message: String
    var site: Int
}

/// The working memory of a decision: slot arrays, let caches, the store, and what the
/// decision concluded (`run` and `decision()` are in `CompiledPolicy+Decide.swift`).
///
/// The interpreter (`Evaluation+Expressions.swift`) walks `Code` over these arrays; no
/// name is looked up. An `Evaluation` is reused across decisions by a `Decider`: `begin`
/// resets its buffers in place, so a decision allocates nothing on its own behalf.
///
/// Its state lives in buffers the evaluation owns and holds in `let`s (the slot arrays,
/// and `registers` for the rest, behind forwarding properties): reading or writing one
/// costs no exclusivity check, where a stored `var` of a class costs a dynamic one on
/// every access (a fifth of the time, measured).
final class Evaluation {
    let plan: CompiledPolicy
    /// The plan's node table, copied into a buffer the evaluation owns: the interpreter
    /// reads a node without loading the plan's array or checking its bounds.
    let nodes: UnsafeMutableBufferPointer<PlanNode>
    /// The plan's constants, copied likewise.
    let constants: UnsafeMutableBufferPointer<RuntimeValue>
    /// Input values by slot.
    let inputs: UnsafeMutableBufferPointer<RuntimeValue>
    /// Control values before the decision, by slot.
    let current: UnsafeMutableBufferPointer<RuntimeValue>
    /// Control values as proposed, by slot.
    let proposed: UnsafeMutableBufferPointer<RuntimeValue>
    /// The values the rules proposed, before the guards.
    let rulesProposed: UnsafeMutableBufferPointer<RuntimeValue>
    /// Let values by phase: `letCache[phase * lets + slot]`.
    let letCache: UnsafeMutableBufferPointer<RuntimeValue?>
    /// Whether a rule has set each control yet.
    let decided: UnsafeMutableBufferPointer<Bool>
    /// What each clamp guard did in this decision, by guard (`GuardDetail.moved`).
    let clampParts: UnsafeMutableBufferPointer<ClampParts>
    /// Each goal's result in this decision, by goal.
    let goalResults: UnsafeMutableBufferPointer<GoalState>
    /// Everything else a decision reads and writes; the properties below forward to it.
    let registers: UnsafeMutablePointer<Registers>

    /// A goal's result: whether it was met, its value, and why it could not be evaluated.
    struct GoalState {
        var met = false
        var value: RuntimeValue?
        var error: String?
    }

    /// The per-decision state other than the slot buffers.
    struct Registers {
        var store: any StateStore
        var now = Instant(microsecondsSinceEpoch: 0)
        /// Each budget's use before this decision's spend, once read (what the policy sees).
        var budgetUse: [Exact?]
        /// Each budget's use after this decision's recorded spend (what its report shows).
        var budgetUseAfterSpend: [Exact?]
        /// Each budget's last window, kept across decisions while `now` stays inside it.
        var budgetWindows: [CalendarWindow?]
        var tracing = false
        var trace: [TraceEntry] = []
        /// Whether the proposed slots hold the current values again, as the goals read
        /// them when nothing is applied (what a traced let says it was read on).
        var proposalWithdrawn = false
        // What the decision concluded, kept compact until `decision()` renders it.
        var outcome: Outcome = .hold
        var failure: Failure?
        var warnings: [String] = []
        /// Rules that fired, by index, in file order.
        var fired: [Int] = []
        var summary: GuardSummary
        /// Each `spends` budget's amount for this decision, once computed.
        var spendAmounts: [Exact?]
        /// Each budget's use after the decision.
        var budgetUsedAfter: [Exact]
        var budgetsSpent = false
        /// Whether the decision names an approval request, filed or not (a replay's): its
        /// id is derived when the decision is rendered.
        var approvalIDDerived = false
        var approvalExpires: Instant?
    }

    var store: any StateStore {
        @inline(__always) _read { yield registers.pointee.store }
        @inline(__always) _modify { yield &registers.pointee.store }
    }
    var now: Instant {
        @inline(__always) _read { yield registers.pointee.now }
        @inline(__always) _modify { yield &registers.pointee.now }
    }
    /// The decision's key: the key input's text (read from the input buffer each time,
    /// so starting a decision copies no string).
    var key: String {
        let value = inputs[plan.keyInput]
        if case .text(let text) = value { return text }
        return value.description
    }
    var budgetUse: [Exact?] {
        @inline(__always) _read { yield registers.pointee.budgetUse }
        @inline(__always) _modify { yield &registers.pointee.budgetUse }
    }
    var budgetUseAfterSpend: [Exact?] {
        @inline(__always) _read { yield registers.pointee.budgetUseAfterSpend }
        @inline(__always) _modify { yield &registers.pointee.budgetUseAfterSpend }
    }
    var budgetWindows: [CalendarWindow?] {
        @inline(__always) _read { yield registers.pointee.budgetWindows }
        @inline(__always) _modify { yield &registers.pointee.budgetWindows }
    }
    var tracing: Bool {
        @inline(__always) _read { yield registers.pointee.tracing }
        @inline(__always) _modify { yield &registers.pointee.tracing }
    }
    var trace: [TraceEntry] {
        @inline(__always) _read { yield registers.pointee.trace }
        @inline(__always) _modify { yield &registers.pointee.trace }
    }
    var outcome: Outcome {
        @inline(__always) _read { yield registers.pointee.outcome }
        @inline(__always) _modify { yield &registers.pointee.outcome }
    }
    var failure: Failure? {
        @inline(__always) _read { yield registers.pointee.failure }
        @inline(__always) _modify { yield &registers.pointee.failure }
    }
    var warnings: [String] {
        @inline(__always) _read { yield registers.pointee.warnings }
        @inline(__always) _modify { yield &registers.pointee.warnings }
    }
    var fired: [Int] {
        @inline(__always) _read { yield registers.pointee.fired }
        @inline(__always) _modify { yield &registers.pointee.fired }
    }
    var summary: GuardSummary {
        @inline(__always) _read { yield registers.pointee.summary }
        @inline(__always) _modify { yield &registers.pointee.summary }
    }
    var spendAmounts: [Exact?] {
        @inline(__always) _read { yield registers.pointee.spendAmounts }
        @inline(__always) _modify { yield &registers.pointee.spendAmounts }
    }
    var budgetUsedAfter: [Exact] {
        @inline(__always) _read { yield registers.pointee.budgetUsedAfter }
        @inline(__always) _modify { yield &registers.pointee.budgetUsedAfter }
    }
    var budgetsSpent: Bool {
        @inline(__always) _read { yield registers.pointee.budgetsSpent }
        @inline(__always) _modify { yield &registers.pointee.budgetsSpent }
    }
    var approvalIDDerived: Bool {
        @inline(__always) _read { yield registers.pointee.approvalIDDerived }
        @inline(__always) _modify { yield &registers.pointee.approvalIDDerived }
    }
    var approvalExpires: Instant? {
        @inline(__always) _read { yield registers.pointee.approvalExpires }
        @inline(__always) _modify { yield &registers.pointee.approvalExpires }
    }

    /// The store of an evaluation between decisions; never read.
    private static let placeholderStore = InMemoryStateStore()

    init(plan: CompiledPolicy) {
        self.plan = plan
        func buffer<Element>(_ count: Int, _ value: Element) -> UnsafeMutableBufferPointer<Element> {
            let buffer = UnsafeMutableBufferPointer<Element>.allocate(capacity: count)
            buffer.initialize(repeating: value)
            return buffer
        }
        self.nodes = UnsafeMutableBufferPointer<PlanNode>.allocate(capacity: plan.nodes.count)
        _ = self.nodes.initialize(from: plan.nodes)
        self.constants = UnsafeMutableBufferPointer<RuntimeValue>.allocate(capacity: plan.constants.count)
        _ = self.constants.initialize(from: plan.constants)
        self.inputs = buffer(plan.inputs.count, .none)
        self.current = buffer(plan.controls.count, .none)
        self.proposed = buffer(plan.controls.count, .none)
        self.rulesProposed = buffer(plan.controls.count, .none)
        self.decided = buffer(plan.controls.count, false)
        self.letCache = buffer(2 * plan.lets.count, nil)
        self.clampParts = buffer(plan.guards.count, ClampParts(control: 0, before: .none, after: .none, why: .belowBound))
        self.goalResults = buffer(plan.goals.count, GoalState())
        registers = UnsafeMutablePointer<Registers>.allocate(capacity: 1)
        var fired: [Int] = []
        fired.reserveCapacity(plan.rules.count)
        registers.initialize(to: Registers(
            store: Evaluation.placeholderStore,
            budgetUse: Array(repeating: nil, count: plan.budgets.count),
            budgetUseAfterSpend: Array(repeating: nil, count: plan.budgets.count),
            budgetWindows: Array(repeating: nil, count: plan.budgets.count),
            fired: fired,
            summary: GuardSummary(controls: plan.controls.count),
            spendAmounts: Array(repeating: nil, count: plan.budgets.count),
            budgetUsedAfter: Array(repeating: .zero, count: plan.budgets.count)))
    }

    deinit {
        nodes.deinitialize()
        nodes.deallocate()
        for buffer in [constants, inputs, current, proposed, rulesProposed] {
            buffer.deinitialize()
            buffer.deallocate()
        }
        letCache.deinitialize()
        letCache.deallocate()
        clampParts.deinitialize()
        clampParts.deallocate()
        goalResults.deinitialize()
        goalResults.deallocate()
        decided.deallocate()
        registers.deinitialize(count: 1)
        registers.deallocate()
    }

    convenience init(plan: CompiledPolicy, store: any StateStore, now: Instant, inputs: [RuntimeValue], tracing: Bool) {
        self.init(plan: plan)
        begin(store: store, now: now, inputs: inputs, tracing: tracing)
    }

    /// Clears every buffer for a new decision, keeping their storage.
    /// `inputs` nil keeps the values already in the input buffer (`Decider.loadInput`).
    func begin(store: any StateStore, now: Instant, inputs: [RuntimeValue]?, tracing: Bool) {
        // The same store decision after decision (a replay's, a worker's): not assigned
        // again, which would retain one and release the other.
        if registers.pointee.store !== store { self.store = store }
        self.now = now
        if let inputs {
            for slot in self.inputs.indices { self.inputs[slot] = slot < inputs.count ? inputs[slot] : .none }
        }
        self.tracing = tracing
        if !trace.isEmpty { trace = [] }
        registers.pointee.proposalWithdrawn = false
        for index in letCache.indices { letCache[index] = nil }
        for index in budgetUse.indices {
            budgetUse[index] = nil
            budgetUseAfterSpend[index] = nil
            spendAmounts[index] = nil
        }
        for index in decided.indices {
            decided[index] = false
            current[index] = .none
        }
        // Often empty, and `removeAll` would still call `replaceSubrange`.
        if !fired.isEmpty { fired.removeAll(keepingCapacity: true) }
        summary.reset()
        outcome = .hold
        failure = nil
        budgetsSpent = false
        approvalIDDerived = false
        approvalExpires = nil
    }

    /// Forgets the let values computed on proposed values (they change after the guards).
    func clearProposedLets() {
        let count = plan.lets.count
        for index in count..<(2 * count) { letCache[index] = nil }
    }

    func address(_ control: Int) -> ControlAddress {
        ControlAddress(policy: plan.name, key: key, control: plan.controls[control].name)
    }

    /// The window of budget `slot` that contains `now`.
    func budgetWindow(_ slot: Int) throws(Failure) -> CalendarWindow {
        if let window = budgetWindows[slot], window.start <= now, now < window.end { return window }
        let calendar = plan.budgets[slot].calendar
        let window = try checked(-1) { () throws(EvaluationError) in try calendar.window(containing: now) }
        budgetWindows[slot] = window
        return window
    }

    /// Runs a store call, turning its error into an evaluation failure at `site`.
    func storeCall<T>(_ site: Int, _ body: () throws(StateStoreError) -> T) throws(Failure) -> T {
        do {
            return try body()
        } catch {
            throw Failure(message: "state store: \(error)", site: site)
        }
    }

    /// Arithmetic that fails with the place of the node.
    func checked<T>(_ site: Int, _ body: () throws(EvaluationError) -> T) throws(Failure) -> T {
        do {
            return try body()
        } catch {
            throw Failure(message: error.description, site: site)
        }
    }

    /// Adds a trace entry; callers check `tracing` first so no text is built otherwise.
    func note(_ kind: String, _ name: String, _ detail: String) {
        trace.append(TraceEntry(kind: kind, name: name, detail: detail))
    }

    /// Renders a value of a control or input for messages and decisions.
    func display(_ value: RuntimeValue, as type: ValueType) -> DecisionValue {
        switch value {
        case .none: return .none
        case .int(let number): return type == .int ? .int(number) : .number(Exact(number))
        case .exact(let number):
            if type.nonOptional == .money, let currency = plan.currency {
                return .money(currency.display(number))
            }
            return .number(number)
        case .bool(let flag): return .bool(flag)
        case .text(let text): return .text(text)
        case .duration(let duration): return .text(duration.description)
        case .instant(let instant):
            guard type.nonOptional == .date else { return .text(instant.description) }
            // A date is midnight in the policy's zone: show that local day.
            let offset = plan.zone.offsetSeconds(at: instant) * Instant.microsecondsPerSecond
            return .text(Instant(microsecondsSinceEpoch: instant.microsecondsSinceEpoch &+ offset).dateDescription)
        }
    }

    func describe(_ value: RuntimeValue, as type: ValueType) -> String {
        let shown = display(value, as: type)
        if case .money(let text) = shown, let currency = plan.currency { return "\(text) \(currency.code)" }
        if case .number(let number) = shown, type.nonOptional == .percent {
            return number.percentDescription
        }
        return shown.description
    }
}
