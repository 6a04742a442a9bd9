import ArbiterChecker

/// A problem in a state file, with the path of the offending field.
public struct StateFileError: Error, Sendable, CustomStringConvertible {
    /// `$.changes[2].at: expected a time, got "x"`.
    public var description: String
}

/// Loads prior state for one policy into a store, so any stateful case can be reproduced
/// from the command line (`arbiter eval --state state.yaml`) and in tests.
///
/// The format (YAML or JSON; every section optional):
///
/// ```yaml
/// changes:      # applied changes, oldest first
///   - {key: SKU-1, control: price, at: "2026-11-22T10:00:00Z", from: "24.90", to: "22.41"}
/// values:       # current values of controls (for controls with a default, and `count`)
///   - {key: SKU-2, control: pinned, value: true, groups: {category: tools}}
/// spends:       # budget spends, each in the window that contains `at`
///   - {budget: markdown, at: "2026-11-22T10:00:00Z", amount: "1240.00"}
/// tracked:      # observed values of `tracks` budgets
///   - {budget: ads, key: C-1, at: "2026-11-23T08:00:00Z", value: "300.00"}
/// approvals:    # pending approvals
///   - {id: apr_1, key: SKU-1, role: pricing-lead, at: "2026-11-23T09:00:00Z", expires: "2026-11-24T09:00:00Z", proposed: {price: "19.99"}}
/// ```
///
/// A state holds what happened before the decision, so it is checked as strictly as an
/// input: every entry names only the fields above (a field given twice, or a misspelt
/// one, is an error naming its path, as `groups` and `proposed` must be objects), a
/// change moves its control, a spend has no more digits than the currency's minor unit
/// (as a decision's recorded spends; it may be negative, as a decision's may, giving
/// budget back), `spends` name a `spends`
/// budget and `tracked` a `tracks` one, a `values` entry names a control whose stored
/// value is read, an approval expires after it is made, and with `asOf` nothing is dated
/// after it.
public enum StateSnapshot {
    /// Loads a snapshot for `plan` into `store`; `now` is the time of the first decision
    /// that reads it, after which no entry may be dated (`expires` excepted).
    ///
    /// With `ignoringUnread`, a stored value or a group that `plan` does not read is
    /// passed over instead of refused: mutation testing loads a test's state into a
    /// mutant that dropped the guard counting it, and the case must then decide (and tell
    /// the mutant apart by what it decides), not fail on its setup.
    public static func load(
        _ json: JSONValue, for plan: CompiledPolicy, into store: any StateStore, asOf now: Instant? = nil, ignoringUnread: Bool = false
    ) throws(StateFileError) {
        guard case .object = json else { throw StateFileError(description: "$: expected an object with `changes`, `values`, `spends`, `tracked` or `approvals`") }
        try checkFields(json, "$", allowed: ["changes", "values", "spends", "tracked", "approvals"], kind: "section")
        func instantBeforeNow(_ entry: JSONValue, _ field: String, _ path: String) throws(StateFileError) -> Instant {
            let at = try instant(entry, field, path)
            if let now, at > now {
                throw StateFileError(description: "\(path).\(field): \(at) is after the decision time \(now); a state holds what happened before it")
            }
            return at
        }
        do {
            // The latest change of each stored control (one not read from an input), with
            // its path: without a `values` entry, its `to` is the control's current value.
            var latestChanges: [ControlAddress: (change: RecordedChange, index: Int)] = [:]
            // Recorded oldest first (ties in file order): a store inserts a change older than
            // a control's latest at its place, and a file listed newest first would make
            // every change such an insert (quadratic in the changes of one control).
            var changes: [(address: ControlAddress, change: RecordedChange, index: Int)] = []
            for (index, entry) in try list(json, "changes").enumerated() {
                let path = "$.changes[\(index)]"
                try checkFields(entry, path, allowed: ["key", "control", "at", "from", "to"])
                let control = try controlSlot(entry, path, plan)
                let change = RecordedChange(at: try instantBeforeNow(entry, "at", path), from: try value(entry, "from", path, plan.controls[control].type, plan),
                                            to: try value(entry, "to", path, plan.controls[control].type, plan))
                if change.from == change.to {
                    let from = entry["from"]?.shortDescription ?? "\(change.from)", to = entry["to"]?.shortDescription ?? "\(change.to)"
                    throw StateFileError(description: "\(path): `from` and `to` are "
                        + (from == to ? "both \(to)" : "the same value (\(from) and \(to))") + "; a recorded change moves its control")
                }
                let address = ControlAddress(policy: plan.name, key: try text(entry, "key", path), control: plan.controls[control].name)
                // Two changes of one control at one instant (a replay's repeated rows record
                // them) both count, in the order listed: the later one is the latest.
                changes.append((address, change, index))
                // A control read from an input has its current value there, unless `count`
                // reads a stored one (which needs its groups: see below).
                if case .input = plan.controls[control].source, plan.controls[control].groupInputs.isEmpty {
                } else if latestChanges[address].map({ $0.change.at <= change.at }) ?? true {
                    latestChanges[address] = (change, index)
                }
            }
            changes.sort { ($0.change.at, $0.index) < ($1.change.at, $1.index) }
            for (address, change, _) in changes { try store.recordChange(change, for: address) }
            // Where each key's control was given a value: a second one would silently win.
            var valuePlaces: [ControlAddress: String] = [:]
            for (index, entry) in try list(json, "values").enumerated() {
                let path = "$.values[\(index)]"
                try checkFields(entry, path, allowed: ["key", "control", "value", "groups"])
                let slot = try controlSlot(entry, path, plan)
                let control = plan.controls[slot]
                let address = ControlAddress(policy: plan.name, key: try text(entry, "key", path), control: control.name)
                if let first = valuePlaces.updateValue(path, forKey: address) {
                    throw StateFileError(description: "\(path): `\(control.name)` of key `\(address.key)` already has a value, at \(first)")
                }
                // A control read from an input has its current value there; its stored
                // value is read only by `count`, in the groups it counts by.
                if case .input(let input) = control.source, control.groupInputs.isEmpty {
                    if ignoringUnread { continue }
                    throw StateFileError(description: "\(path).control: `\(control.name)`'s current value is the input "
                        + "`\(plan.inputs[input].name)`, and no `count` reads a stored one; give it in the input")
                }
                var groups: [String: RuntimeValue] = [:]
                if let raw = entry["groups"] {
                    guard case .object(let members) = raw else {
                        throw StateFileError(description: "\(path).groups: expected an object of input fields, such as {category: tools}, got \(raw.shortDescription)")
                    }
                    try checkFields(raw, "\(path).groups", allowed: nil)
                    for (name, raw) in members {
                        guard let inputIndex = plan.inputs.firstIndex(where: { $0.name == name }) else {
                            throw StateFileError(description: "\(path).groups.\(name): no input field of that name")
                        }
                        let input = plan.inputs[inputIndex]
                        guard control.groupInputs.contains(inputIndex) else {
                            if ignoringUnread { continue }
                            let counted = control.groupInputs.map { "`\(plan.inputs[$0].name)`" }.joined(separator: ", ")
                            throw StateFileError(description: "\(path).groups.\(name): `\(control.name)` is not counted by `\(name)`"
                                + (counted.isEmpty ? "; it takes no groups" : "; it is counted by \(counted)"))
                        }
                        groups[name] = try decoded(raw, input.type, "\(path).groups.\(name)", plan)
                    }
                }
                // A value counted by `count(c, by f)` is counted in its group: without `f`
                // it would be counted in none, silently.
                let missing = control.groupInputs.map { plan.inputs[$0].name }.filter { groups[$0] == nil }
                if !missing.isEmpty {
                    throw StateFileError(description: "\(path).groups: `\(control.name)` is counted by "
                        + missing.map { "`\($0)`" }.joined(separator: ", ") + "; give it, such as {\(missing[0]): …}")
                }
                try store.setCurrentValue(try value(entry, "value", path, control.type, plan), default: control.defaultValue, groups: groups,
                                          for: address)
            }
            // A stored control whose changes are given without its value holds what the
            // last of them applied, as it would after those decisions; one that `count`
            // reads also needs its groups, which only a `values` entry gives.
            for (address, latest) in latestChanges.sorted(by: { $0.value.index < $1.value.index }) where valuePlaces[address] == nil {
                guard let control = plan.controls.first(where: { $0.name == address.control }) else { continue }
                if !control.groupInputs.isEmpty {
                    let fields = control.groupInputs.map { "`\(plan.inputs[$0].name)`" }.joined(separator: ", ")
                    throw StateFileError(description: "$.changes[\(latest.index)]: `\(control.name)` of key `\(address.key)` is counted by \(fields); "
                        + "give its current value and groups in `values`, such as {key: \(address.key), control: \(control.name), value: …, groups: {…}}")
                }
                try store.setCurrentValue(latest.change.to, default: control.defaultValue, groups: [:], for: address)
            }
            for (index, entry) in try list(json, "spends").enumerated() {
                let path = "$.spends[\(index)]"
                try checkFields(entry, path, allowed: ["budget", "at", "amount"])
                let budget = try budgetSlot(entry, path, plan, tracks: false)
                let at = try instantBeforeNow(entry, "at", path)
                // In the budget's unit: money (in the policy's currency) or a plain number.
                let amount = try exactValue(entry, "amount", path, plan.budgets[budget].isMoney ? .money : .number, plan)
                if plan.budgets[budget].isMoney, let currency = plan.currency, let rounded = try? currency.rounded(amount), rounded != amount {
                    throw StateFileError(description: "\(path).amount: \(amount) has more digits than \(currency.code)'s minor unit; "
                        + "a recorded spend is rounded to it (\(currency.format(rounded)))")
                }
                let window = try plan.budgets[budget].calendar.window(containing: at)
                // With no limit, only a use beyond the number range refuses a spend.
                let (spent, _) = try store.checkAndSpend(policy: plan.name, budget: plan.budgets[budget].name, window: window, amount: amount, limit: .greatest)
                if !spent {
                    throw StateFileError(description: "\(path).amount: the spends of budget `\(plan.budgets[budget].name)` in its window "
                        + "add up past the largest amount (about 1.7 × 10²⁰)")
                }
            }
            for (index, entry) in try list(json, "tracked").enumerated() {
                let path = "$.tracked[\(index)]"
                try checkFields(entry, path, allowed: ["budget", "key", "at", "value"])
                let budget = try budgetSlot(entry, path, plan, tracks: true)
                let at = try instantBeforeNow(entry, "at", path)
                let key = try text(entry, "key", path)
                // Two reports of one key at one instant count in the order listed: the later
                // is the latest, as a replay's repeated rows leave it.
                let window = try plan.budgets[budget].calendar.window(containing: at)
                // Read as the tracked input is: an int budget takes no fraction or currency.
                var type = ValueType.money
                if case .tracks(let input) = plan.budgets[budget].measure { type = plan.inputs[input].type.nonOptional }
                guard let value = try value(entry, "value", path, type, plan).exactValue else {
                    throw StateFileError(description: "\(path).value: expected an amount")
                }
                do throws(StateStoreError) {
                    try store.track(policy: plan.name, budget: plan.budgets[budget].name, window: window, key: key, value: value, at: at)
                } catch {
                    guard case .arithmetic = error else { throw error }
                    throw StateFileError(description: "\(path).value: the tracked values of budget `\(plan.budgets[budget].name)` in its window "
                        + "add up past the largest amount (about 1.7 × 10²⁰)")
                }
            }
            // Where each key's requests were given and when each was pending: a key waits
            // on one request at a time, and of two pending at once, one would silently
            // supersede the other by file order. One that expired before the other was
            // made is no conflict.
            var pendingPlaces: [String: [(path: String, from: Instant, until: Instant)]] = [:]
            for (index, entry) in try list(json, "approvals").enumerated() {
                let path = "$.approvals[\(index)]"
                try checkFields(entry, path, allowed: ["id", "key", "role", "at", "expires", "proposed"])
                var proposed: [String: RuntimeValue] = [:]
                if let raw = entry["proposed"] {
                    guard case .object(let members) = raw else {
                        throw StateFileError(description: "\(path).proposed: expected an object of control values, such as {price: \"19.99\"}, got \(raw.shortDescription)")
                    }
                    try checkFields(raw, "\(path).proposed", allowed: nil)
                    for (name, raw) in members {
                        guard let control = plan.controls.first(where: { $0.name == name }) else {
                            throw StateFileError(description: "\(path).proposed.\(name): no control of that name" + hint(name, plan.controls.map(\.name)))
                        }
                        proposed[name] = try decoded(raw, control.type, "\(path).proposed.\(name)", plan)
                    }
                }
                let request = ApprovalRequest(id: try text(entry, "id", path), policy: plan.name, key: try text(entry, "key", path),
                                              role: try text(entry, "role", path), proposed: proposed, createdAt: try instantBeforeNow(entry, "at", path),
                                              expiresAt: entry["expires"] == nil || entry["expires"] == .null ? .distantFuture : try instant(entry, "expires", path))
                if request.expiresAt <= request.createdAt {
                    throw StateFileError(description: "\(path).expires: \(request.expiresAt) is not after its `at` \(request.createdAt); a request expires after it is made")
                }
                let pendingKey = request.key
                if let other = pendingPlaces[pendingKey]?.first(where: { $0.from < request.expiresAt && request.createdAt < $0.until }) {
                    throw StateFileError(description: "\(path).key: key `\(pendingKey)` already has an approval pending at that time, at \(other.path); "
                        + "a key waits on one request at a time (the earlier must expire before the later is made)")
                }
                pendingPlaces[pendingKey, default: []].append((path, request.createdAt, request.expiresAt))
                do {
                    try store.createApproval(request)
                } catch {
                    throw StateFileError(description: "\(path).id: \(error)")
                }
            }
        } catch let error as StateFileError {
            throw error
        } catch {
            throw StateFileError(description: "$: \(error)")
        }
    }

    /// Checks that an object gives each field once, and (when `allowed` is given) only
    /// those fields.
    private static func checkFields(_ object: JSONValue, _ path: String, allowed: [String]?, kind: String = "field") throws(StateFileError) {
        guard case .object(let members) = object else {
            throw StateFileError(description: "\(path): expected an object, got \(object.shortDescription)")
        }
        var seen: Set<String> = []
        for (name, _) in members {
            guard seen.insert(name).inserted else {
                throw StateFileError(description: "\(path).\(name): given twice (which value was meant cannot be known)")
            }
            if let allowed, !allowed.contains(name) {
                throw StateFileError(description: "\(path).\(name): unknown \(kind); expected one of \(allowed.joined(separator: ", "))")
            }
        }
    }

    private static func list(_ json: JSONValue, _ name: String) throws(StateFileError) -> [JSONValue] {
        guard let section = json[name] else { return [] }
        guard case .array(let entries) = section else { throw StateFileError(description: "$.\(name): expected a list") }
        return entries
    }

    /// A text field; `expected` names what the text must be (`text`, `a time such as …`).
    private static func text(_ entry: JSONValue, _ field: String, _ path: String, expected: String = "text") throws(StateFileError) -> String {
        guard case .string(let value)? = entry[field] else {
            throw StateFileError(description: "\(path).\(field): expected \(expected), got \(entry[field]?.shortDescription ?? "nothing")")
        }
        return value
    }

    private static func instant(_ entry: JSONValue, _ field: String, _ path: String) throws(StateFileError) -> Instant {
        let raw = try text(entry, field, path, expected: "a time such as 2026-11-23T10:00:00Z")
        do {
            // Read as a time input is (§2): spaces around it ignored, a refusal saying why.
            return try Instant(parsing: raw.trimmingSpaces())
        } catch {
            let reason = error.timeReason.map { " (\($0))" } ?? ""
            throw StateFileError(description: "\(path).\(field): expected a time such as 2026-11-23T10:00:00Z, got \"\(raw)\"\(reason)")
        }
    }

    /// `; did you mean `price`?` for a near name, else the names there are.
    private static func hint(_ name: String, _ names: [String]) -> String {
        if let close = Suggestion.closest(to: name, among: names) { return "; did you mean `\(close)`?" }
        return names.isEmpty ? "" : " (it has \(names.map { "`\($0)`" }.joined(separator: ", ")))"
    }

    private static func controlSlot(_ entry: JSONValue, _ path: String, _ plan: CompiledPolicy) throws(StateFileError) -> Int {
        let name = try text(entry, "control", path)
        guard let slot = plan.controls.firstIndex(where: { $0.name == name }) else {
            throw StateFileError(description: "\(path).control: policy `\(plan.name)` has no control `\(name)`" + hint(name, plan.controls.map(\.name)))
        }
        return slot
    }

    /// The budget an entry names, which must be a `tracks` budget or a `spends` one as `tracks` says.
    private static func budgetSlot(_ entry: JSONValue, _ path: String, _ plan: CompiledPolicy, tracks wanted: Bool) throws(StateFileError) -> Int {
        let name = try text(entry, "budget", path)
        guard let slot = plan.budgets.firstIndex(where: { $0.name == name }) else {
            throw StateFileError(description: "\(path).budget: policy `\(plan.name)` has no budget `\(name)`" + hint(name, plan.budgets.map(\.name)))
        }
        let tracks = if case .tracks = plan.budgets[slot].measure { true } else { false }
        if tracks != wanted {
            let other = tracks ? "tracks" : "spends"
            let section = tracks ? "tracked" : "spends"
            throw StateFileError(description: "\(path).budget: budget `\(name)` \(other) its use, so its entries go under `\(section)`")
        }
        return slot
    }

    private static func value(_ entry: JSONValue, _ field: String, _ path: String, _ type: ValueType, _ plan: CompiledPolicy) throws(StateFileError) -> RuntimeValue {
        guard let raw = entry[field] else { throw StateFileError(description: "\(path).\(field): missing") }
        return try decoded(raw, type, "\(path).\(field)", plan)
    }

    private static func decoded(_ raw: JSONValue, _ type: ValueType, _ path: String, _ plan: CompiledPolicy) throws(StateFileError) -> RuntimeValue {
        switch InputValueDecoder.decode(raw, as: type, currency: plan.currency, zone: plan.zone) {
        case .success(let value): return Compiler.coerce(value, to: type)
        case .failure(let problem): throw StateFileError(description: "\(path): \(problem)")
        }
    }

    private static func exactValue(_ entry: JSONValue, _ field: String, _ path: String, _ type: ValueType, _ plan: CompiledPolicy) throws(StateFileError) -> Exact {
        guard case .exact(let amount) = try value(entry, field, path, type, plan) else {
            throw StateFileError(description: "\(path).\(field): expected an amount")
        }
        return amount
    }
}
