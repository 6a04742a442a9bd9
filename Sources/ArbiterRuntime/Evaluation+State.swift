import ArbiterChecker
import Foundation

extension Evaluation {
    /// Checks (or, with `record`, atomically spends) every `spends` budget for this decision.
    /// The amounts are computed once, into `spendAmounts`; an overspend applies the
    /// budget's enforcement to `summary`.
    ///
    /// `granting` records the spends of a request granted at once (replay's
    /// `--approve-all`) as a grant does (§9): past the limit too, since approving is
    /// what lets the decision overspend.
    func checkBudgets(record: Bool, granting: Bool = false) throws(Failure) {
        for (slot, budget) in plan.budgets.enumerated() {
            guard case .spends(let code) = budget.measure else { continue }
            let amount: Exact
            if let cached = spendAmounts[slot] {
                amount = cached
            } else {
                amount = try spendAmount(code, budget)
                spendAmounts[slot] = amount
            }
            let window = try budgetWindow(slot)
            let allowed: Bool
            let usedBefore: Exact
            if record {
                let limit = granting || budget.action == .warn ? Exact.greatest : budget.limit
                (allowed, usedBefore) = try budgetCall(slot) { () throws(StateStoreError) in
                    try store.checkAndSpend(policy: plan.name, budget: budget.name, window: window, amount: amount, limit: limit)
                }
                // The use after this decision's own spend, as `readBudgetsAfter` reports it;
                // the policy (goals, after this) still reads the use before it.
                budgetUseAfterSpend[slot] = allowed ? try budgetCall(slot) { () throws(StateStoreError) in try usedBefore.addingInStore(amount) } : usedBefore
                if budgetUse[slot] == nil { budgetUse[slot] = usedBefore }
                if allowed { continue }
            } else {
                usedBefore = try exact(try budgetMember(slot, .used), -1)
                let after = try budgetCall(slot) { () throws(StateStoreError) in try usedBefore.addingInStore(amount) }
                allowed = amount <= .zero || after <= budget.limit
                if tracing {
                    // The check only: a decision that waits for approval spends nothing yet.
                    let detail = "a spend of \(amountText(amount, budget)) on \(amountText(usedBefore, budget)) used of "
                        + "\(amountText(budget.limit, budget)) \(allowed ? "fits" : "overspends")"
                    note("budget", budget.name, detail)
                }
                if allowed { continue }
            }
            let detail = GuardDetail.overspent(budget: slot, amount: amount, usedBefore: usedBefore)
            switch budget.action {
            case .escalate:
                if !record {
                    summary.events.append(GuardRecord(item: .budget(slot), enforcement: "escalate", result: .escalated, detail: detail))
                    summary.escalations.append(Escalation(role: budget.role, expires: budget.expires, expiresSite: budget.expiresSite, source: .budget(slot)))
                }
            case .warn:
                if !record { summary.events.append(GuardRecord(item: .budget(slot), enforcement: "warn", result: .warned, detail: detail)) }
            case .block, .clamp:
                summary.events.append(GuardRecord(item: .budget(slot), enforcement: "block", result: .blocked, detail: detail))
                summary.blocked = true
            }
        }
    }

    /// Runs a store call on budget `slot`, failing at the budget's name: a use past the
    /// number range says so, any other store failure is reported as `storeCall` does.
    func budgetCall<T>(_ slot: Int, _ body: () throws(StateStoreError) -> T) throws(Failure) -> T {
        do {
            return try body()
        } catch {
            let budget = plan.budgets[slot]
            if case .arithmetic = error {
                throw Failure(message: "budget `\(budget.name)`: its use in the window would pass the largest amount (about 1.7 × 10²⁰)", site: budget.site)
            }
            throw Failure(message: "state store: \(error)", site: budget.site)
        }
    }

    /// What one decision spends: a money amount is rounded half-even to the minor unit,
    /// so the recorded spends add up to the `used` a decision reports.
    func spendAmount(_ code: Code, _ budget: PlanBudget) throws(Failure) -> Exact {
        let amount = try exact(try evaluate(code), -1)
        guard budget.isMoney, let currency = plan.currency else { return amount }
        return try checked(-1) { () throws(EvaluationError) in try currency.rounded(amount) }
    }

    func amountText(_ amount: Exact, _ budget: PlanBudget) -> String {
        describe(.exact(amount), as: budget.isMoney ? .money : .number)
    }

    /// Reads every budget's use after the decision into `budgetUsedAfter`; `spent` says
    /// whether the decision's `spendAmounts` were spent (they are reported then).
    func readBudgetsAfter(spent: Bool) throws(Failure) {
        budgetsSpent = spent
        for slot in plan.budgets.indices {
            // The use this decision read or spent on, else read now.
            let used: Exact
            if let recorded = budgetUseAfterSpend[slot] {
                used = recorded
            } else {
                used = try exact(try budgetMember(slot, .used), -1)
            }
            // `remaining` must be representable; `budgetReports` relies on it.
            _ = try remaining(slot, used: used)
            budgetUsedAfter[slot] = used
        }
    }

    /// Budget `slot`'s `limit − used`, failing at the budget's name when it is past the
    /// number range (a tracked use far below zero).
    func remaining(_ slot: Int, used: Exact) throws(Failure) -> Exact {
        let budget = plan.budgets[slot]
        let (remaining, overflow) = budget.limit.subtractingReportingOverflow(used)
        guard !overflow else {
            throw Failure(message: "budget `\(budget.name)`: its remaining amount (limit − used) would pass the number range "
                + "(about 1.7 × 10²⁰)", site: budget.site)
        }
        return remaining
    }

    /// Every budget's use after the decision, as the decision reports it.
    func budgetReports() -> [BudgetReport] {
        plan.budgets.enumerated().map { slot, budget in
            let used = budgetUsedAfter[slot]
            let remaining = (try? budget.limit.subtracting(used)) ?? .least
            let spentAmount = budgetsSpent ? spendAmounts[slot] ?? .zero : .zero
            let type: ValueType = budget.isMoney ? .money : .number
            return BudgetReport(name: budget.name, used: display(.exact(used), as: type),
                                remaining: display(.exact(remaining), as: type), spent: display(.exact(spentAmount), as: type))
        }
    }

    /// Reports this key's observed value to every `tracks` budget.
    func reportTracked() throws(Failure) {
        for (slot, budget) in plan.budgets.enumerated() {
            guard case .tracks(let input) = budget.measure, !inputs[input].isNone else { continue }
            let value = try exact(inputs[input], -1)
            let window = try budgetWindow(slot)
            try budgetCall(slot) { () throws(StateStoreError) in
                try store.track(policy: plan.name, budget: budget.name, window: window, key: key, value: value, at: now)
            }
            budgetUse[slot] = nil
            if tracing {
                let used = try budgetCall(slot) { () throws(StateStoreError) in
                    try store.budgetUsed(policy: plan.name, budget: budget.name, window: window)
                }
                let detail = "reports \(amountText(value, budget)) of `\(plan.inputs[input].name)` for this key: "
                    + "\(amountText(used, budget)) used of \(amountText(budget.limit, budget)) over every key"
                note("budget", budget.name, detail)
            }
        }
    }

    /// Records the applied values: a change for each control that moved, and the stored
    /// current value where a decision reads it (a control without an input, or one that
    /// `count` groups) or where unread state is kept.
    func recordApplied(keepingUnread: Bool) throws(Failure) {
        for slot in plan.controls.indices {
            let control = plan.controls[slot]
            let changed = try differs(proposed[slot], current[slot])
            if changed {
                let change = RecordedChange(at: now, from: current[slot], to: proposed[slot])
                try storeCall(-1) { () throws(StateStoreError) in try store.recordChange(change, for: address(slot)) }
            }
            var isDefaultControl = false
            if case .defaultValue = control.source { isDefaultControl = true }
            if (changed && keepingUnread) || isDefaultControl || !control.groupInputs.isEmpty {
                var groups: [String: RuntimeValue] = [:]
                for input in control.groupInputs { groups[plan.inputs[input].name] = inputs[input] }
                try storeCall(-1) { () throws(StateStoreError) in
                    try store.setCurrentValue(proposed[slot], default: control.defaultValue, groups: groups, for: address(slot))
                }
            }
        }
    }

    /// The id of this decision's approval request, derived from the decision (policy,
    /// key, time, values), so the same decision always gets the same id.
    func approvalIdentifier() -> ApprovalID {
        var hasher = StableHasher()
        hasher.combine(plan.name)
        hasher.combine(key)
        hasher.combine(decimal: now.microsecondsSinceEpoch)
        for slot in plan.controls.indices { hasher.combine(proposed[slot].description) }
        return ApprovalID(derived: hasher.value)
    }

    /// Files a pending approval under its id (`approvalIdentifier()`), which the decision
    /// names when it is rendered.
    func fileApproval(role: String, expiresAt: Instant?) throws(Failure) {
        // The values in the order of `plan.approvalLayout`: one array, no names hashed.
        var values: [RuntimeValue?] = []
        values.reserveCapacity(plan.approvalLayout.count)
        for slot in plan.controls.indices { values.append(proposed[slot]) }
        for slot in plan.controls.indices { values.append(current[slot]) }
        for input in plan.approvalGroupInputs { values.append(inputs[input]) }
        for slot in plan.budgets.indices {
            values.append(slot < spendAmounts.count ? spendAmounts[slot].map(RuntimeValue.exact) : nil)
        }
        let id = approvalIdentifier()
        // The id names the request (policy, key, time, values): a retried decision finds
        // its request already filed and files nothing new.
        let expires = expiresAt ?? Instant.distantFuture
        let request = ApprovalRequest(id: id, policy: plan.name, key: key, role: role, createdAt: now, expiresAt: expires,
                                      values: ApprovalValues(layout: plan.approvalLayout, values: values))
        let filed = try storeCall(-1) { () throws(StateStoreError) in try store.fileApproval(request) }
        if !filed {
            // A retry finds its own request. One of another policy or key holds the id it
            // was given (a state file's), not this decision's: filing nothing would leave
            // this decision waiting on a request nobody will see for it.
            let existing = try storeCall(-1) { () throws(StateStoreError) in try store.approval(id: id.description, now: now) }
            if let existing, existing.policy != plan.name || existing.key != key {
                throw Failure(message: "state store: approval id \(id) already names a request of policy `\(existing.policy)` "
                    + "for key `\(existing.key)`; this decision's request (key `\(key)`) cannot be filed", site: -1)
            }
            // A retry finds its request pending. One already settled (expired, superseded,
            // decided) cannot be granted, and this decision would wait on it for nothing.
            if let existing, existing.status != .pending {
                throw Failure(message: "state store: this decision's request \(id) was filed before and is \(existing.status) "
                    + "(at \(existing.decidedAt ?? existing.expiresAt)); it cannot be filed again", site: -1)
            }
            // A retry's request was made at this time with these values (the id derives
            // from them); one made otherwise (a state file's) would grant values this
            // decision never proposed.
            if let existing {
                let sameValues = plan.controls.indices.allSatisfy { slot in existing.proposed[plan.controls[slot].name] == proposed[slot] }
                if existing.createdAt != now || !sameValues {
                    throw Failure(message: "state store: approval id \(id) already names a request made at \(existing.createdAt) "
                        + "for other values; this decision's request cannot be filed", site: -1)
                }
            }
        }
        approvalIDDerived = true
    }
}

/// FNV-1a, 64-bit: a stable hash for ids (Swift's `Hasher` is seeded per process).
struct StableHasher {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Combines a text's UTF-8 bytes, in Unicode's composed form (NFC: the two ways of
    /// writing `é` are one key, here as everywhere), and a terminating 0xFF (which no
    /// UTF-8 text holds).
    mutating func combine(_ text: String) {
        var text = text
        // The bytes in place (a small string's on the stack), not through the UTF-8 view;
        // ASCII (the common case) is its own composed form, which the same pass tells.
        let saved = state
        var high: UInt8 = 0
        text.withUTF8 { bytes in
            for byte in bytes {
                high |= byte
                feed(byte)
            }
        }
        if high >= 0x80 {
            state = saved
            var composed = text.precomposedStringWithCanonicalMapping
            composed.withUTF8 { bytes in
                for byte in bytes { feed(byte) }
            }
        }
        feed(0xFF)
    }

    /// Combines an integer's decimal text, as `combine(String(value))` would, without
    /// making the string.
    mutating func combine(decimal value: Int64) {
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var magnitude = value.magnitude
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
        }
        if value < 0 { feed(UInt8(ascii: "-")) }
        withUnsafeBytes(of: &digits) { buffer in
            for index in stride(from: count - 1, through: 0, by: -1) { feed(buffer[index]) }
        }
        feed(0xFF)
    }

    private mutating func feed(_ byte: UInt8) {
        state ^= UInt64(byte)
        state = state &* 0x0000_0100_0000_01B3
    }

    /// The hash of what was combined.
    var value: UInt64 { state }
}

extension Exact {
    /// `self + other` as a budget's use adds up, failing as the store's arithmetic does.
    func addingInStore(_ other: Exact) throws(StateStoreError) -> Exact {
        do { return try adding(other) } catch { throw .arithmetic(error) }
    }
}
