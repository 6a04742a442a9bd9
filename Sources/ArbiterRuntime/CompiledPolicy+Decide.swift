import ArbiterChecker

extension CompiledPolicy {
    /// Decides for one input (already decoded to slots) at `now`, reading and writing
    /// `store` (docs/semantics.md). Never throws: every failure is an `error` decision.
    public func decide(_ input: DecisionInput, at now: Instant, store: any StateStore, options: DecisionOptions = DecisionOptions()) -> Decision {
        let key: String = if case .text(let text) = input.values[keyInput] { text } else { input.values[keyInput].description }
        let evaluation = Evaluation(plan: self, store: store, now: now, key: key, inputs: input.values, tracing: options.explain)
        do {
            return try evaluation.run(options: options, warnings: input.warnings)
        } catch {
            let place = location(ofSite: error.site)
            var decision = errorDecision(key: key, at: now, message: error.message, warnings: input.warnings)
            if error.site >= 0 {
                decision.error?.line = place.line
                decision.error?.column = place.column
            }
            decision.controls = ControlOutcomes(controls.indices.map { slot in
                let value = slot < evaluation.current.count ? evaluation.display(evaluation.current[slot], as: controls[slot].type) : .none
                return ControlOutcome(name: controls[slot].name, from: value, proposed: value, to: value)
            })
            if options.explain { decision.trace = evaluation.trace }
            return decision
        }
    }

    /// A decision with outcome `error`; no control moves.
    public func errorDecision(key: String, at now: Instant, message: String, path: String? = nil, warnings: [String] = []) -> Decision {
        Decision(policy: name, version: version, key: key, at: now, outcome: .error, controls: [], fired: [], guards: [],
                 approval: nil, goals: [], budgets: [], warnings: warnings,
                 error: DecisionError(message: message, path: path, line: nil, column: nil), trace: nil)
    }
}

extension Evaluation {
    func run(options: DecisionOptions, warnings: [String]) throws(Failure) -> Decision {
        // 1. Current values.
        current = try plan.controls.indices.map { slot throws(Failure) in try currentValue(slot) }
        proposed = current
        if !options.dryRun { try reportTracked() }

        // 2. Rules.
        let fired = try runRules()
        let rulesProposed = proposed

        // 3. Guards.
        var summary = try runGuards()
        var changed = false
        for slot in plan.controls.indices where try order(proposed[slot], current[slot], -1) != 0 { changed = true }

        // 4. Budgets and approvals (only for a change that was not blocked).
        var outcome: Outcome
        var approval: ApprovalNeed?
        var budgetReports: [BudgetReport] = []
        var pendingSpends: [Exact?] = []
        if !changed {
            outcome = .hold
        } else if summary.blocked {
            outcome = .blocked
        } else {
            let spends = try checkBudgets(&summary, record: false)
            pendingSpends = spends
            for approvalBlock in plan.approvals where try truth(approvalBlock.condition) {
                summary.escalations.append((approvalBlock.role, approvalBlock.expires, "`\(approvalBlock.text)`"))
                if tracing {
                    let detail = "needed: `\(approvalBlock.text)` holds"
                    note("approve", approvalBlock.role, detail)
                }
            }
            if summary.blocked {
                outcome = .blocked
            } else if let first = summary.escalations.first {
                outcome = .pendingApproval
                let expires = first.expires.flatMap { try? now.adding($0) }
                approval = ApprovalNeed(id: nil, role: first.role ?? "approver", expiresAt: expires, reasons: summary.escalations.map(\.reason))
            } else {
                outcome = summary.clamped ? .clamped : .applied
                if !options.dryRun {
                    _ = try checkBudgets(&summary, record: true, amounts: spends)
                    if summary.blocked { outcome = .blocked }
                }
            }
        }
        budgetReports = try reportBudgets(spent: outcome.isApplied, amounts: pendingSpends)

        // 5. State.
        if !options.dryRun {
            if outcome.isApplied { try recordApplied() }
            if outcome == .pendingApproval, options.approvePending {
                // Replay's --approve-all: the approval is granted at once, so the
                // decision's values are recorded as if applied (its spends included).
                var granted = summary
                granted.escalations = []
                _ = try checkBudgets(&granted, record: true, amounts: pendingSpends)
                try recordApplied()
            } else if outcome == .pendingApproval, var need = approval {
                need.id = try fileApproval(need, spends: pendingSpends)
                approval = need
            } else if outcome != .error, plan.canAskForApproval {
                // A newer decision that asks nobody makes an older pending request stale.
                try storeCall(-1) { () throws(StateStoreError) in try store.supersedePending(policy: plan.name, key: key, at: now) }
            }
        }

        // 6. Goals, on the final values.
        let finalValues = outcome.isApplied || outcome == .pendingApproval ? proposed : current
        proposed = finalValues
        letCache[Phase.proposed.rawValue] = Array(repeating: nil, count: plan.lets.count)
        let goals = evaluateGoals()

        let controls = ControlOutcomes(plan.controls.indices.map { slot in
            ControlOutcome(name: plan.controls[slot].name, from: display(current[slot], as: plan.controls[slot].type),
                           proposed: display(rulesProposed[slot], as: plan.controls[slot].type),
                           to: display(outcome.isApplied ? finalValues[slot] : current[slot], as: plan.controls[slot].type))
        })
        return Decision(policy: plan.name, version: plan.version, key: key, at: now, outcome: outcome, controls: controls,
                        fired: fired, guards: summary.events, approval: approval, goals: goals, budgets: budgetReports,
                        warnings: warnings, error: nil, trace: tracing ? trace : nil)
    }

    private func currentValue(_ slot: Int) throws(Failure) -> RuntimeValue {
        switch plan.controls[slot].source {
        case .input(let input):
            return inputs[input]
        case .defaultValue(let value):
            let stored = try storeCall(-1) { () throws(StateStoreError) in try store.currentValue(for: address(slot)) }
            return stored ?? value
        }
    }

    /// Rules in order; the first fired rule per control wins unless `resolve` says otherwise.
    private func runRules() throws(Failure) -> [String] {
        var fired: [String] = []
        var decided = Array(repeating: false, count: plan.controls.count)
        for rule in plan.rules {
            if let active = rule.active, !(active.start <= now && now < active.end) {
                if tracing {
                    let detail = "skipped: not active at \(now)"
                    note("rule", rule.name, detail)
                }
                continue
            }
            if let condition = rule.condition {
                guard try truth(condition) else {
                    if tracing {
                        let detail = "did not fire" + operandValues(condition)
                        note("rule", rule.name, detail)
                    }
                    continue
                }
                if tracing {
                    let detail = "fired" + operandValues(condition)
                    note("rule", rule.name, detail)
                }
            } else {
                if tracing {
                    let detail = "fired (no condition)"
                    note("rule", rule.name, detail)
                }
            }
            fired.append(rule.name)
            for (control, valueCode) in rule.assignments {
                let strategy = plan.controls[control].resolve
                if decided[control], strategy == nil { continue }
                let value = try assignable(try evaluate(valueCode), control)
                if decided[control], let strategy {
                    let comparison = try order(value, proposed[control], -1)
                    if strategy == .max ? comparison > 0 : comparison < 0 { proposed[control] = value }
                } else {
                    proposed[control] = value
                    decided[control] = true
                }
                if tracing {
                    let detail = "\(rule.name) proposes \(describe(value, as: plan.controls[control].type))"
                    note("set", plan.controls[control].name, detail)
                }
            }
        }
        return fired
    }

    /// A value as a control holds it: money rounded half-even to the minor unit, ints widened for numbers.
    func assignable(_ value: RuntimeValue, _ control: Int) throws(Failure) -> RuntimeValue {
        let type = plan.controls[control].type
        if type == .money, case .exact(let amount) = value, let currency = plan.currency {
            return .exact(try checked(-1) { () throws(EvaluationError) in try currency.rounded(amount) })
        }
        return Compiler.coerce(value, to: type)
    }

    private func evaluateGoals() -> [GoalResult] {
        var results: [GoalResult] = []
        for goal in plan.goals {
            do {
                let met = try truth(goal.condition)
                var shown: DecisionValue?
                if let valueCode = goal.value, let value = try? evaluate(valueCode) {
                    shown = display(value, as: value.isExactLike ? .number : .int)
                }
                results.append(GoalResult(name: goal.name, value: shown, met: met, error: nil))
                if tracing {
                    let detail = met ? "met" : "missed"
                    note("goal", goal.name, detail)
                }
            } catch {
                results.append(GoalResult(name: goal.name, value: nil, met: false, error: error.message))
            }
        }
        return results
    }
}

extension RuntimeValue {
    var isExactLike: Bool {
        if case .exact = self { return true }
        return false
    }
}
