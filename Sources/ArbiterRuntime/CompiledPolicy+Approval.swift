import ArbiterChecker

extension CompiledPolicy {
    /// Grants a pending approval of this policy before its expiry and records the
    /// decision's values then, as an applied decision would have: a change for each
    /// control that moves, the current values `count` reads, and the budget spends (a
    /// person's approval is not refused for a budget spent in the meantime; the spend is
    /// recorded as it was decided). Past expiry, `StateStoreError.approvalExpired`.
    ///
    /// The values are recorded at `now`, the time of the approval, so windows and
    /// cooldowns count the change from when it is actuated.
    @discardableResult
    public func grant(approval id: String, by approver: String, at now: Instant, store: any StateStore) throws(StateStoreError) -> ApprovalRecord {
        let pending = try requireOwn(approval: id, at: now, store: store)
        // The spends must fit the number range: checked before the request is approved,
        // so a refusal leaves it pending with nothing recorded (not approved with its
        // changes recorded and a spend lost).
        for budget in budgets {
            guard let amount = pending.recording.spends[budget.name], let window = try? budget.calendar.window(containing: now) else { continue }
            let used = try store.budgetUsed(policy: name, budget: budget.name, window: window)
            if used.addingReportingOverflow(amount).overflow { throw .arithmetic(.overflow(.addition)) }
        }
        let record = try store.approve(id: id, by: approver, now: now)
        for control in controls {
            guard let to = record.proposed[control.name] else { continue }
            let address = ControlAddress(policy: name, key: record.key, control: control.name)
            let from = record.recording.current[control.name] ?? RuntimeValue.none
            let moves = from != to
            if moves { try store.recordChange(RecordedChange(at: now, from: from, to: to), for: address) }
            var isDefaultControl = false
            if case .defaultValue = control.source { isDefaultControl = true }
            if moves || isDefaultControl || !control.groupInputs.isEmpty {
                var groups: [String: RuntimeValue] = [:]
                for input in control.groupInputs {
                    let field = inputs[input].name
                    if let value = record.recording.groups[field] { groups[field] = value }
                }
                try store.setCurrentValue(to, default: control.defaultValue, groups: groups, for: address)
            }
        }
        for budget in budgets {
            guard let amount = record.recording.spends[budget.name], let window = try? budget.calendar.window(containing: now) else { continue }
            _ = try store.checkAndSpend(policy: name, budget: budget.name, window: window, amount: amount, limit: .greatest)
        }
        return record
    }

    /// Rejects a pending approval before its expiry; nothing is recorded.
    @discardableResult
    public func reject(approval id: String, by approver: String, at now: Instant, store: any StateStore) throws(StateStoreError) -> ApprovalRecord {
        _ = try requireOwn(approval: id, at: now, store: store)
        return try store.reject(id: id, by: approver, now: now)
    }

    /// Throws unless the approval exists and this policy filed it: granting records the
    /// values under this policy's controls and budgets, and another policy's request
    /// would be marked approved with nothing (or the wrong things) recorded.
    private func requireOwn(approval id: String, at now: Instant, store: any StateStore) throws(StateStoreError) -> ApprovalRecord {
        guard let record = try store.approval(id: id, now: now) else { throw .approvalNotFound(id: id) }
        guard record.policy == name else { throw .approvalOfAnotherPolicy(id: id, policy: record.policy) }
        // Reading it expired it if it was due: say so, as deciding a due request does.
        if record.status == .expired { throw .approvalExpired(id: id) }
        return record
    }
}
