import ArbiterChecker
import Synchronization

extension CompiledPolicy {
    /// Decides for one input (already decoded to slots) at `now`, reading and writing
    /// `store` (docs/semantics.md). Never throws: every failure is an `error` decision.
    ///
    /// Each call sets up fresh working memory: a service deciding from many tasks uses a
    /// `DeciderPool` (as `Engine` does), and a loop keeps a `Decider`, which also skips
    /// rendering the `Decision` until asked.
    public func decide(_ input: DecisionInput, at now: Instant, store: any StateStore, options: DecisionOptions = DecisionOptions()) -> Decision {
        let evaluation = Evaluation(plan: self)
        evaluation.decide(input.values, warnings: input.warnings, at: now, store: store, options: options)
        return evaluation.decision()
    }

    /// A decision with outcome `error`; no control moves.
    public func errorDecision(key: String, at now: Instant, message: String, path: String? = nil, warnings: [String] = []) -> Decision {
        Decision(policy: name, version: version, key: key, at: now, outcome: .error, controls: [], fired: [], guards: [],
                 approval: nil, goals: [], budgets: [], warnings: warnings,
                 error: DecisionError(message: message, path: path, line: nil, column: nil), trace: nil)
    }
}

/// Makes decisions for one policy, reusing its working memory from one decision to the
/// next: after the first, a decision that records nothing allocates nothing.
///
/// `decide` returns the outcome at once; the rest of the decision stays in compact form
/// until it is asked for (`finalValue(of:)`, `firedRules`, or the full `decision()`, which
/// renders text). A `Decider` is not thread-safe: give each task its own; the
/// `CompiledPolicy` they share is immutable.
public final class Decider {
    /// The policy this decider evaluates.
    public let policy: CompiledPolicy
    let evaluation: Evaluation

    /// Creates a decider for a compiled policy.
    public init(_ policy: CompiledPolicy) {
        self.policy = policy
        self.evaluation = Evaluation(plan: policy)
    }

    /// Decides for one input at `now`, reading and writing `store` as `CompiledPolicy.decide`
    /// does, and returns the outcome. Never throws: a failure is outcome `error`.
    @discardableResult
    public func decide(_ input: DecisionInput, at now: Instant, store: any StateStore, options: DecisionOptions = DecisionOptions()) -> Outcome {
        evaluation.decide(input.values, warnings: input.warnings, at: now, store: store, options: options)
    }

    /// Puts a value already in the input's form (such as `shownValue` of the control the
    /// input feeds, for a replay's `--feedback`) into the decider's input buffer.
    public func loadInput(value: RuntimeValue, slot: Int) {
        evaluation.inputs[slot] = value
    }

    /// Decodes a non-empty text cell given as UTF-8 bytes (a history cell read in place)
    /// into the decider's input buffer, as `loadInput(.string(text), slot:)` does without
    /// making the string for money, numbers and ints.
    public func loadInput(utf8 bytes: UnsafeBufferPointer<UInt8>, slot: Int) -> SlotValueError? {
        if let value = policy.decodeSlot(utf8: bytes, slot: slot) {
            evaluation.inputs[slot] = value
            return nil
        }
        return loadInput(.string(String(decoding: bytes, as: UTF8.self)), slot: slot)
    }

    /// Decodes one input slot's raw value (a history cell; `nil` or `.null`: missing)
    /// straight into the decider's input buffer, for `decideLoaded`. Returns the problem,
    /// as `CompiledPolicy.input(slotValues:)` would, or nil.
    public func loadInput(_ raw: JSONValue?, slot: Int) -> SlotValueError? {
        switch policy.decodeSlot(raw, slot: slot) {
        case .success(let value):
            evaluation.inputs[slot] = value
            return nil
        case .failure(let problem):
            return problem
        }
    }

    /// Decides on the inputs loaded with `loadInput` (every slot must have been loaded),
    /// as `decide(_:at:store:options:)` does; a replay saves building a `DecisionInput`.
    @discardableResult
    public func decideLoaded(at now: Instant, store: any StateStore, options: DecisionOptions = DecisionOptions()) -> Outcome {
        // The warnings `CompiledPolicy.input(from:)` gives the same values (a history has
        // no unknown fields: its other columns are not inputs).
        var warnings: [String] = []
        for slot in policy.hot.moneyControlInputs {
            if let warning = policy.controlValueWarning(evaluation.inputs[slot], slot: slot) { warnings.append(warning) }
        }
        return evaluation.decide(nil, warnings: warnings, at: now, store: store, options: options)
    }

    /// The last decision's outcome.
    public var outcome: Outcome { evaluation.outcome }

    /// The last decision's key.
    public var key: String { evaluation.key }

    /// A control's value before the last decision, by its slot in `policy.controls`.
    public func currentValue(of control: Int) -> RuntimeValue { evaluation.current[control] }

    /// A control's value after the last decision: the proposal when it was applied or
    /// clamped, else the current value.
    public func finalValue(of control: Int) -> RuntimeValue {
        evaluation.outcome.isApplied ? evaluation.proposed[control] : evaluation.current[control]
    }

    /// The rules that fired in the last decision, by index in `policy.rules`.
    public var firedRules: [Int] { evaluation.fired }

    /// The last decision in full, with its text rendered.
    public func decision() -> Decision {
        evaluation.decision()
    }
}

// The last decision in compact form, for consumers that fold many decisions (a replay's
// report) and would only take the rendered `Decision` apart again.
extension Decider {
    /// The last decision's time.
    public var at: Instant { evaluation.now }

    /// The number of guard and budget events of the last decision (`Decision.guards`).
    public var guardEventCount: Int { evaluation.summary.events.count }

    /// One guard or budget event: the guard's index in `policy.guards` (nil for a budget),
    /// its name and what it did.
    public func guardEvent(_ index: Int) -> (guardIndex: Int?, name: String, result: GuardEvent.Result) {
        let record = evaluation.summary.events[index]
        let guardIndex: Int? = if case .guardItem(let slot) = record.item { slot } else { nil }
        return (guardIndex, evaluation.name(of: record.item), record.result)
    }

    /// The role asked to approve, for a `pending_approval` decision.
    public var approvalRole: String? {
        evaluation.outcome == .pendingApproval ? evaluation.approvalRole : nil
    }

    /// A goal of the last decision, by index in `policy.goals`: whether it was met, and
    /// whether it could not be evaluated.
    public func goal(_ index: Int) -> (met: Bool, failed: Bool) {
        (evaluation.goalResults[index].met, evaluation.goalResults[index].error != nil)
    }

    /// A budget's use after the last decision as an amount, as `Decision.budgets` shows it
    /// (money rounded to its minor unit, whose digits come along; nil for a number).
    public func budgetUsedAmount(_ slot: Int) -> (amount: Exact, fractionDigits: Int?) {
        let used = evaluation.budgetUsedAfter[slot]
        guard policy.budgets[slot].isMoney, let currency = policy.currency else { return (used, nil) }
        return ((try? currency.rounded(used)) ?? used, currency.minorUnitDigits)
    }

    /// A control's value as the rules and guards proposed it in the last decision
    /// (applied or not).
    public func proposedValue(of control: Int) -> RuntimeValue { evaluation.proposed[control] }

    /// A control's value as a decision shows it (money rounded to the minor unit), read
    /// back as a runtime value; what a replay's `--feedback` carries to the next row.
    public func shownValue(_ value: RuntimeValue, control: Int) -> RuntimeValue {
        let type = policy.controls[control].type
        return RuntimeValue(evaluation.display(value, as: type), type: type) ?? .none
    }

    /// A control's value as a decision shows it, as an exact amount (money rounded to the
    /// minor unit), or nil when it is not numeric.
    public func shownAmount(_ value: RuntimeValue, control: Int) -> Exact? {
        guard let amount = value.exactValue else { return nil }
        if policy.hot.controlKinds[control] == .money {
            return (try? amount.rounded(fractionDigits: policy.hot.minorUnitDigits)) ?? amount
        }
        return amount
    }
}

/// Working memory for one policy's decisions, shared by any number of tasks: each call
/// takes an idle evaluation (or makes one), decides, renders the decision and puts the
/// evaluation back. Decisions are those of `CompiledPolicy.decide`.
///
/// Decisions that read the same state run one at a time, so concurrent calls decide as
/// some one-after-another order would: a decision reads windows and counts while it
/// evaluates and records its change at the end, and two decisions for one key that
/// overlapped could each see room for one more change (`changes(price, 1d) < 3`) and
/// together make two. Decisions of one key share a lock (one of 64, by the key's hash);
/// a policy with a budget or `count` (state pooled over keys) shares one lock for all
/// its decisions. Other keys' decisions run in parallel.
public final class DeciderPool: Sendable {
    /// The policy.
    public let policy: CompiledPolicy
    private let idle = Mutex<[PooledEvaluation]>([])
    private let capacity: Int
    /// The locks decisions take by key (see above); one lock when the policy reads other keys.
    private let stripes: [DecisionLock]

    /// Creates a pool that keeps at most `capacity` idle evaluations.
    public init(_ policy: CompiledPolicy, capacity: Int = 16) {
        self.policy = policy
        self.capacity = capacity
        self.stripes = (0..<(policy.readsOtherKeys ? 1 : 64)).map { _ in DecisionLock() }
    }

    /// Decides as `CompiledPolicy.decide` does.
    public func decide(_ input: DecisionInput, at now: Instant, store: any StateStore, options: DecisionOptions = DecisionOptions()) -> Decision {
        let pooled = idle.withLock { $0.popLast() } ?? PooledEvaluation(Evaluation(plan: policy))
        stripe(for: input).lock.withLock { _ in
            _ = pooled.evaluation.decide(input.values, warnings: input.warnings, at: now, store: store, options: options)
        }
        // Rendering reads only the evaluation's own buffers.
        let decision = pooled.evaluation.decision()
        idle.withLock { evaluations in
            if evaluations.count < capacity { evaluations.append(pooled) }
        }
        return decision
    }

    private func stripe(for input: DecisionInput) -> DecisionLock {
        guard stripes.count > 1, input.values.indices.contains(policy.keyInput) else { return stripes[0] }
        return stripes[Int(UInt(bitPattern: input.values[policy.keyInput].hashValue) % UInt(stripes.count))]
    }
}

/// A lock decisions hold while they read and write state (see `DeciderPool`).
private final class DecisionLock: Sendable {
    let lock = Mutex(())
}

/// An idle evaluation in a pool. Only one caller holds it at a time: it is taken out of
/// the pool under its lock and put back when done.
final class PooledEvaluation: @unchecked Sendable {
    let evaluation: Evaluation

    init(_ evaluation: Evaluation) { self.evaluation = evaluation }
}

extension Evaluation {
    /// Decides for one input (nil: the values already in the input buffer); the
    /// conclusion stays in this evaluation's compact fields.
    @discardableResult
    func decide(_ inputs: [RuntimeValue]?, warnings: [String], at now: Instant, store: any StateStore, options: DecisionOptions) -> Outcome {
        begin(store: store, now: now, inputs: inputs, tracing: options.explain)
        if !(warnings.isEmpty && self.warnings.isEmpty) { self.warnings = warnings }
        do {
            try run(options: options)
        } catch {
            failure = error
            outcome = .error
            // The trace ends where the decision did, and says why.
            if tracing { note("error", "", located(error).description) }
        }
        return outcome
    }

    /// Decides; the conclusion stays in this evaluation's compact fields.
    func run(options: DecisionOptions) throws(Failure) {
        // 1. Current values.
        for slot in plan.controls.indices {
            let input = plan.hot.controlInputs[slot]
            let value = input >= 0 ? inputs[input] : try storedValue(slot)
            current[slot] = value
            proposed[slot] = value
        }
        if !options.dryRun, plan.tracksInputs { try reportTracked() }

        // 2. Rules.
        try runRules()
        for slot in plan.controls.indices { rulesProposed[slot] = proposed[slot] }

        // 3. Guards.
        try runGuards()
        var changed = false
        for slot in plan.controls.indices where try differs(proposed[slot], current[slot]) { changed = true }

        // 4. Budgets and approvals (only for a change that was not blocked).
        if !changed {
            outcome = .hold
        } else if summary.blocked {
            outcome = .blocked
        } else {
            try checkBudgets(record: false)
            for index in plan.hot.approvals.indices {
                let condition = plan.hot.approvals[index]
                let needed = try truth(condition)
                if tracing {
                    // Its own condition only: a guard or budget may still escalate.
                    let detail = shownCondition(plan.approvals[index].text, condition, needed ? " holds" : " does not hold")
                    note("approve", plan.approvals[index].role, detail)
                }
                // The block (a class) is read only when it asks: reading it costs a retain.
                guard needed else { continue }
                let approvalBlock = plan.approvals[index]
                summary.escalations.append(Escalation(role: approvalBlock.role, expires: approvalBlock.expires, expiresSite: approvalBlock.expiresSite, source: .approval(index)))
            }
            if summary.blocked {
                outcome = .blocked
            } else if let first = summary.escalations.first {
                outcome = .pendingApproval
                // An expiry past the year 9999 is an evaluation error, never "no expiry".
                if let expires = first.expires {
                    guard let at = try? now.adding(expires) else {
                        throw Failure(message: "the approval would expire \(expires) after \(now), past the year 9999", site: first.expiresSite)
                    }
                    approvalExpires = at
                }
            } else {
                outcome = summary.clamped ? .clamped : .applied
                if !options.dryRun {
                    try checkBudgets(record: true)
                    if summary.blocked { outcome = .blocked }
                }
            }
        }
        try readBudgetsAfter(spent: outcome.isApplied)

        // 5. Goals, on the final values, and on the state as the decision found it (as
        // the guards read it): nothing is recorded yet. Lets already read on proposed
        // values keep theirs when the proposal stands (every clamp cleared them).
        if !(outcome.isApplied || outcome == .pendingApproval) {
            for slot in plan.controls.indices { proposed[slot] = current[slot] }
            clearProposedLets()
            registers.pointee.proposalWithdrawn = true
        }
        evaluateGoals()

        // 6. State.
        if !options.dryRun {
            let records = options.keepsUnreadState || plan.readsHistory
            if outcome.isApplied, records { try recordApplied(keepingUnread: options.keepsUnreadState) }
            if outcome == .pendingApproval, options.approvePending {
                // Replay's --approve-all: the approval is granted at once, so the
                // decision's values are recorded as if applied (its spends included).
                // What the spending reports is not part of this decision; the budgets it
                // reports are those after the grant (`spent` its spends), so a report built
                // from decisions counts every granted spend in its window.
                let reported = summary
                try checkBudgets(record: true, granting: true)
                summary = reported
                try readBudgetsAfter(spent: true)
                if records { try recordApplied(keepingUnread: options.keepsUnreadState) }
                // The decision still names the request it would have filed (§10).
                approvalIDDerived = true
            } else if outcome == .pendingApproval, let role = approvalRole {
                // Only the approval API reads requests; a replay's store is never asked,
                // and the id is derived only if the decision is rendered.
                if options.keepsUnreadState {
                    try fileApproval(role: role, expiresAt: approvalExpires)
                } else {
                    approvalIDDerived = true
                }
            } else if outcome != .error, plan.canAskForApproval, options.keepsUnreadState {
                // A newer decision that asks nobody makes an older pending request stale.
                try storeCall(-1) { () throws(StateStoreError) in try store.supersedePending(policy: plan.name, key: key, at: now) }
            }
        }

    }

    /// A failure as a decision reports it: its message and, when an expression raised
    /// it, that expression's line and column (`division by zero at line 19, column 16`).
    func located(_ failure: Failure) -> DecisionError {
        guard failure.site >= 0 else { return DecisionError(message: failure.message, path: nil, line: nil, column: nil) }
        let place = plan.location(ofSite: failure.site)
        return DecisionError(message: failure.message, path: nil, line: place.line, column: place.column)
    }

    /// Renders the concluded decision: values as text, guard details, reasons.
    func decision() -> Decision {
        if let failure {
            var decision = plan.errorDecision(key: key, at: now, message: failure.message, warnings: warnings)
            let place = located(failure)
            decision.error?.line = place.line
            decision.error?.column = place.column
            decision.controls = ControlOutcomes(plan.controls.indices.map { slot in
                let value = display(current[slot], as: plan.controls[slot].type)
                return ControlOutcome(name: plan.controls[slot].name, from: value, proposed: value, to: value)
            })
            // The rules that fired before the failure (none for an input error).
            decision.fired = fired.map { plan.rules[$0].name }
            if tracing { decision.trace = trace }
            return decision
        }
        let controls = ControlOutcomes(plan.controls.indices.map { slot in
            let type = plan.controls[slot].type
            return ControlOutcome(name: plan.controls[slot].name, from: display(current[slot], as: type),
                                  proposed: display(rulesProposed[slot], as: type),
                                  to: display(outcome.isApplied ? proposed[slot] : current[slot], as: type))
        })
        var approval: ApprovalNeed?
        if outcome == .pendingApproval, let role = approvalRole {
            approval = ApprovalNeed(id: approvalIDDerived ? approvalIdentifier().description : nil, role: role, expiresAt: approvalExpires,
                                    reasons: summary.escalations.map(reason),
                                    values: plan.controls.indices.map { slot in
                                        AwaitedValue(name: plan.controls[slot].name, value: display(proposed[slot], as: plan.controls[slot].type))
                                    })
        }
        let guards = summary.events.map { record in
            GuardEvent(guardName: name(of: record.item), enforcement: record.enforcement, result: record.result, detail: text(of: record.detail))
        }
        let goals = plan.goals.indices.map { index in
            GoalResult(name: plan.goals[index].name,
                       value: goalResults[index].value.map { display($0, as: plan.goals[index].valueType ?? ($0.isExactLike ? .number : .int)) },
                       met: goalResults[index].met, error: goalResults[index].error)
        }
        return Decision(policy: plan.name, version: plan.version, key: key, at: now, outcome: outcome, controls: controls,
                        fired: fired.map { plan.rules[$0].name }, guards: guards, approval: approval, goals: goals,
                        budgets: budgetReports(), warnings: warnings, error: nil, trace: tracing ? trace : nil)
    }

    /// The role asked to approve: the first escalation's, or `approver` when it names none.
    var approvalRole: String? {
        summary.escalations.first.map { $0.role ?? "approver" }
    }

    /// A guard's or budget's name (`approve` for an approve block).
    func name(of item: PlanItem) -> String {
        switch item {
        case .guardItem(let index): plan.guards[index].name
        case .budget(let index): plan.budgets[index].name
        case .approval: "approve"
        }
    }

    /// Why an escalation asks for approval, as a decision shows it.
    private func reason(_ escalation: Escalation) -> String {
        switch escalation.source {
        case .approval(let index): "`\(plan.approvals[index].text)`"
        case .guardItem(let index): "guard `\(plan.guards[index].name)`"
        case .budget(let index): "budget `\(plan.budgets[index].name)`"
        }
    }

    /// The current value of a control that is not an input: the store's, or its default.
    private func storedValue(_ slot: Int) throws(Failure) -> RuntimeValue {
        let stored = try storeCall(-1) { () throws(StateStoreError) in try store.currentValue(for: address(slot)) }
        return stored ?? plan.controls[slot].defaultValue
    }

    /// Whether a proposed value differs from the current one (`order` is not 0); two
    /// amounts, the common case, are compared directly.
    @inline(__always)
    func differs(_ proposed: RuntimeValue, _ current: RuntimeValue) throws(Failure) -> Bool {
        if case .exact(let a) = proposed, case .exact(let b) = current { return a != b }
        return try order(proposed, current, -1) != 0
    }

    /// Rules in order; the first fired rule per control wins unless `resolve` says otherwise.
    private func runRules() throws(Failure) {
        for index in plan.hot.rules.indices {
            let rule = plan.hot.rules[index]
            if let active = rule.active, !(active.start <= now && now < active.end) {
                if tracing {
                    let detail = "skipped: not active at \(now)"
                    note("rule", plan.rules[index].name, detail)
                }
                continue
            }
            if let condition = rule.condition {
                guard try truth(condition) else {
                    if tracing {
                        let detail = "did not fire" + operandValues(condition)
                        note("rule", plan.rules[index].name, detail)
                    }
                    continue
                }
                if tracing {
                    let detail = "fired" + operandValues(condition)
                    note("rule", plan.rules[index].name, detail)
                }
            } else {
                if tracing {
                    let detail = "fired (no condition)"
                    note("rule", plan.rules[index].name, detail)
                }
            }
            fired.append(index)
            for assignment in rule.assignments {
                let (control, valueCode) = plan.hot.assignments[assignment]
                let strategy = plan.hot.resolve[control]
                if decided[control], strategy == nil {
                    // Not evaluated: the first fired rule's `set` wins (§5).
                    if tracing { note("set", plan.controls[control].name, "\(plan.rules[index].name) is not used: an earlier rule set it first") }
                    continue
                }
                let value = try assignable(try evaluate(valueCode), control, site: plan.hot.assignmentSites[assignment])
                let resolving = decided[control] ? strategy : nil
                if let resolving {
                    let comparison = try order(value, proposed[control], -1)
                    if resolving == .max ? comparison > 0 : comparison < 0 { proposed[control] = value }
                } else {
                    proposed[control] = value
                    decided[control] = true
                }
                // Lets that read the proposal see it as the rules leave it (§5).
                for slot in plan.hot.proposalLets { letCache[slot] = nil }
                if tracing {
                    let type = plan.controls[control].type
                    let kept = resolving.map { "; resolve by \($0.rawValue) keeps \(describe(proposed[control], as: type))" } ?? ""
                    note("set", plan.controls[control].name, "\(plan.rules[index].name) proposes \(describe(value, as: type))" + kept)
                }
            }
        }
    }

    /// A value as a control holds it: money rounded half-even to the minor unit, ints widened for numbers.
    /// A failure names `site`, the place of the expression that computed the value.
    func assignable(_ value: RuntimeValue, _ control: Int, site: Int) throws(Failure) -> RuntimeValue {
        switch plan.hot.controlKinds[control] {
        case .money:
            guard case .exact(let amount) = value else { return Compiler.coerce(value, to: .money) }
            do {
                return .exact(try amount.rounded(fractionDigits: plan.hot.minorUnitDigits))
            } catch {
                throw Failure(message: error.description, site: site)
            }
        case .int, .other:
            return value
        case .exact:
            return Compiler.coerce(value, to: .number)
        }
    }

    /// Each goal on the final values, into `goalResults`.
    private func evaluateGoals() {
        for index in plan.hot.goals.indices {
            let goal = plan.hot.goals[index]
            do {
                let met = try truth(goal.condition)
                goalResults[index].met = met
                if let valueCode = goal.value {
                    goalResults[index].value = try? evaluate(valueCode)
                } else {
                    goalResults[index].value = nil
                }
                // Mostly nil already: not assigned again, which would release a string.
                if goalResults[index].error != nil { goalResults[index].error = nil }
                if tracing {
                    let detail = (met ? "met" : "missed") + operandValues(goal.condition)
                    note("goal", plan.goals[index].name, detail)
                }
            } catch {
                // With the place of the failing expression, as a decision's error has.
                let message = located(error).description
                goalResults[index] = GoalState(met: false, value: nil, error: message)
                if tracing { note("goal", plan.goals[index].name, "missed: cannot be evaluated: \(message)") }
            }
        }
    }
}

extension RuntimeValue {
    var isExactLike: Bool {
        if case .exact = self { return true }
        return false
    }
}
