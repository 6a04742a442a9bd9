import ArbiterChecker

/// What the guards concluded. Kept in the `Evaluation` and reset in place, so a decision
/// that clamps allocates nothing; the text of each event is rendered by `decision()`.
struct GuardSummary {
    var events: [GuardRecord] = []
    var blocked = false
    var clamped = false
    var escalations: [Escalation] = []
    /// For each control, the last clamp guard that moved it (-1 for none).
    var lastClamp: [Int]

    init(controls: Int) {
        lastClamp = Array(repeating: -1, count: controls)
    }

    mutating func reset() {
        if !events.isEmpty { events.removeAll(keepingCapacity: true) }
        if !escalations.isEmpty { escalations.removeAll(keepingCapacity: true) }
        blocked = false
        clamped = false
        for index in lastClamp.indices { lastClamp[index] = -1 }
    }

    /// The clamp guard that last moved a control, if any.
    func lastClamp(of control: Int) -> Int? {
        lastClamp[control] >= 0 ? lastClamp[control] : nil
    }
}

/// A guard or budget that acted, with its detail still in parts.
struct GuardRecord {
    var item: PlanItem
    var enforcement: String
    var result: GuardEvent.Result
    var detail: GuardDetail
}

/// A guard event's detail: text for the rare events, parts for the common ones (a clamp,
/// a budget spent out), rendered by `text(of:)` only when a decision is.
enum GuardDetail {
    case text(String)
    /// A clamp: its parts are in `Evaluation.clampParts[guard]` (a guard clamps at most
    /// once per decision), which keeps the record small to move around.
    case moved(guard: Int)
    case overspent(budget: Int, amount: Exact, usedBefore: Exact)
}

/// What a clamp did: the control, its value before and after, and why.
struct ClampParts {
    var control: Int
    var before: RuntimeValue
    var after: RuntimeValue
    var why: ClampReason
}

/// Why a clamp moved a value.
enum ClampReason {
    case belowBound, aboveBound, belowRange, aboveRange
    case within(change: Exact, reference: Exact, tolerance: Exact, window: DurationValue)
    case rate(RateDirection, total: Exact, limit: Exact, window: DurationValue)
}

/// A guard, budget or approve block, by index in its plan list.
enum PlanItem: Equatable {
    case approval(Int)
    case guardItem(Int)
    case budget(Int)
}

/// Something that made the decision need approval.
struct Escalation {
    var role: String?
    var expires: DurationValue?
    /// The site of the `expires` that gave `expires`, -1 for none.
    var expiresSite: Int
    var source: PlanItem
}

extension Evaluation {
    /// Runs the guards in order on the proposed values (docs/semantics.md §6).
    func runGuards() throws(Failure) {
        for index in plan.hot.guards.indices {
            let hot = plan.hot.guards[index]
            if hot.action == .clamp, hot.form.control != nil {
                if let control = try clamp(hot.form, guard: index) {
                    // Lets read on proposed values saw the value before this clamp: the
                    // guards after it (and the second pass) read them on the new one.
                    clearProposedLets()
                    summary.clamped = true
                    summary.lastClamp[control] = index
                    let record = GuardRecord(item: .guardItem(index), enforcement: "clamp", result: .clamped, detail: .moved(guard: index))
                    summary.events.append(record)
                    if tracing {
                        let detail = "clamped: \(text(of: record.detail))"
                        note("guard", plan.guards[index].name, detail)
                    }
                } else {
                    if tracing {
                        let detail = "held: " + shownCondition(plan.guards[index].text, plan.guards[index].condition)
                        note("guard", plan.guards[index].name, detail)
                    }
                }
                continue
            }
            let holds = try truth(hot.condition)
            if holds {
                if tracing {
                    let detail = "held: " + shownCondition(plan.guards[index].text, plan.guards[index].condition)
                    note("guard", plan.guards[index].name, detail)
                }
                continue
            }
            let guardItem = plan.guards[index]
            let detail = shownCondition(guardItem.text, guardItem.condition, " does not hold")
            switch guardItem.action {
            case .block, .clamp:
                summary.events.append(GuardRecord(item: .guardItem(index), enforcement: guardItem.action.rawValue, result: .blocked, detail: .text(detail)))
                summary.blocked = true
                if tracing {
                    let detail = "blocked: \(detail)"
                    note("guard", guardItem.name, detail)
                }
                return
            case .escalate:
                summary.events.append(GuardRecord(item: .guardItem(index), enforcement: "escalate", result: .escalated, detail: .text(detail)))
                summary.escalations.append(Escalation(role: guardItem.role, expires: guardItem.expires, expiresSite: guardItem.expiresSite, source: .guardItem(index)))
                if tracing {
                    let detail = "escalated: \(detail)"
                    note("guard", guardItem.name, detail)
                }
            case .warn:
                summary.events.append(GuardRecord(item: .guardItem(index), enforcement: "warn", result: .warned, detail: .text(detail)))
                if tracing {
                    let detail = "warned: \(detail)"
                    note("guard", guardItem.name, detail)
                }
            }
        }
        // Every clamp and block guard must still hold on the final values: a later clamp
        // may have moved a value out of an earlier guard's bound (two bounds conflict for
        // this input), and nothing that violates a guard may be applied. An escalate guard
        // that no longer holds escalates.
        //
        // When no clamp moved anything, every value is the one each guard was checked on
        // (a clamp guard's bound test is its condition's test), so the second pass would
        // find exactly what the first did: it is skipped.
        guard summary.clamped else { return }
        for index in plan.hot.guards.indices where plan.hot.guards[index].action != .warn {
            guard try !truth(plan.hot.guards[index].condition) else { continue }
            let guardItem = plan.guards[index]
            if guardItem.action == .escalate {
                if !summary.events.contains(where: { $0.item == .guardItem(index) }) {
                    let detail = shownCondition(guardItem.text, guardItem.condition, " does not hold after the clamps")
                    summary.events.append(GuardRecord(item: .guardItem(index), enforcement: "escalate", result: .escalated, detail: .text(detail)))
                    // Escalations stay in file order (only guards have escalated so far):
                    // the first one names the role and the expiry.
                    let escalation = Escalation(role: guardItem.role, expires: guardItem.expires, expiresSite: guardItem.expiresSite, source: .guardItem(index))
                    let position = summary.escalations.firstIndex { earlier in
                        if case .guardItem(let other) = earlier.source { return other > index }
                        return true
                    } ?? summary.escalations.endIndex
                    summary.escalations.insert(escalation, at: position)
                    if tracing { note("guard", guardItem.name, "escalated: \(detail)") }
                }
                continue
            }
            var detail = "`\(guardItem.text)` no longer holds"
            let control = guardItem.form.control ?? summary.lastClamp.firstIndex { $0 >= 0 }
            if let control, let other = summary.lastClamp(of: control), other == index {
                // Its own clamp: its range holds no value the control can take, or its
                // bound reads the value it bounds and moved with it.
                detail += " after its own clamp of `\(plan.controls[control].name)` to "
                    + describe(proposed[control], as: plan.controls[control].type) + ": "
                    + (emptyRangeText(index, control: control) ?? "its bound moves with the value")
            } else if let control, let other = summary.lastClamp(of: control) {
                detail += " after `\(plan.guards[other].name)` clamped `\(plan.controls[control].name)` to "
                    + describe(proposed[control], as: plan.controls[control].type) + ": "
                if let (partner, own, theirs) = contradictingClamp(of: index, control: control) {
                    // The pair whose bounds leave no value, which the last clamp need not be
                    // (a floor above the ceiling, then a step limit clamping last).
                    detail += "`\(guardItem.name)` (\(own)) and `\(plan.guards[partner].name)` (\(theirs)) conflict"
                } else {
                    detail += "`\(guardItem.name)` and `\(plan.guards[other].name)` conflict"
                }
            } else if let other = summary.lastClamp.max(), other >= 0, other != index {
                detail += " after `\(plan.guards[other].name)` clamped: `\(guardItem.name)` and `\(plan.guards[other].name)` conflict"
            }
            summary.events.append(GuardRecord(item: .guardItem(index), enforcement: guardItem.action.rawValue, result: .conflict, detail: .text(detail)))
            summary.blocked = true
            if tracing {
                note("guard", guardItem.name, "conflict: \(detail)")
            }
            return
        }
    }

    /// Applies a bound guard: nil when it holds, else the control moved and a detail.
    /// Applies a bound guard: nil when it holds, else the control it moved (the parts go
    /// to `clampParts[guardIndex]`).
    private func clamp(_ form: PlanGuardForm, guard guardIndex: Int) throws(Failure) -> Int? {
        // An error of the clamp's own arithmetic names the guard's condition.
        let site = plan.hot.guards[guardIndex].site
        switch form {
        case .lowerBound(let control, let boundCode, let inclusive):
            let bound = try evaluate(boundCode)
            let order = try self.order(proposed[control], bound, site)
            if inclusive ? order >= 0 : order > 0 { return nil }
            return try move(control, site: site, to: bound, side: .up, strict: !inclusive, why: .belowBound, guard: guardIndex)
        case .upperBound(let control, let boundCode, let inclusive):
            let bound = try evaluate(boundCode)
            let order = try self.order(proposed[control], bound, site)
            if inclusive ? order <= 0 : order < 0 { return nil }
            return try move(control, site: site, to: bound, side: .down, strict: !inclusive, why: .aboveBound, guard: guardIndex)
        case .between(let control, let lowCode, let highCode):
            let low = try evaluate(lowCode)
            let high = try evaluate(highCode)
            if try order(proposed[control], low, site) < 0 {
                return try move(control, site: site, to: low, side: .up, strict: false, why: .belowRange, guard: guardIndex)
            }
            if try order(proposed[control], high, site) > 0 {
                return try move(control, site: site, to: high, side: .down, strict: false, why: .aboveRange, guard: guardIndex)
            }
            return nil
        case .within(let control, let toleranceCode, let window):
            let tolerance = try exact(try evaluate(toleranceCode), site)
            let range = try withinRange(control, tolerance: tolerance, window: window, site: site)
            let value = try exact(proposed[control], site)
            guard value < range.lower || value > range.upper else { return nil }
            let change = range.reference.isZero ? Exact.zero : (try checked(site) { () throws(EvaluationError) in
                try value.subtracting(range.reference).divided(by: range.reference)
            })
            let why = ClampReason.within(change: change, reference: range.reference, tolerance: tolerance.absoluteValueOrSelf, window: window)
            if value < range.lower { return try move(control, site: site, to: .exact(range.lower), side: .up, strict: false, why: why, guard: guardIndex) }
            if value > range.upper { return try move(control, site: site, to: .exact(range.upper), side: .down, strict: false, why: why, guard: guardIndex) }
            return nil
        case .rateLimit(let control, let direction, let limitCode, let window, let inclusive):
            let limit = try exact(try evaluate(limitCode), site)
            let this = try exact(try movement(control, direction, site), site)
            if this.isZero { return nil }
            let total = try rateTotal(control, direction, adding: this, window: window, site: site)
            if inclusive ? total <= limit : total < limit { return nil }
            let past = try checked(site) { () throws(EvaluationError) in try total.subtracting(this) }
            var allowed = try checked(site) { () throws(EvaluationError) in try limit.subtracting(past) }
            if allowed.isNegative { allowed = .zero }
            let from = try exact(current[control], site)
            let target = try checked(site) { () throws(EvaluationError) in
                direction == .increase ? try from.adding(allowed) : try from.subtracting(allowed)
            }
            let why = ClampReason.rate(direction, total: total, limit: limit, window: window)
            // With nothing left to move, the value stays where it is (no strict step past
            // it, which would move it the other way).
            return try move(control, site: site, to: .exact(target), side: direction == .increase ? .down : .up,
                            strict: !inclusive && !allowed.isZero, why: why, guard: guardIndex)
        case .general:
            return nil
        }
    }

    /// Which way a bound rounds: toward the allowed side.
    enum RoundingSide { case up, down }

    /// The first clamp guard in file order that moved `control` and whose allowed values
    /// share none with guard `index`'s on the final values, with both ranges as text
    /// (`at least 33.00 EUR`, `at most 20.00 EUR`); nil when there is none (or a range is
    /// not a bound's, as a rate limit's). Only a conflict's detail reads it.
    private func contradictingClamp(of index: Int, control: Int) -> (Int, String, String)? {
        guard let own = try? allowedRange(index) else { return nil }
        for record in summary.events {
            guard case .moved(let partner) = record.detail, partner != index, clampParts[partner].control == control,
                  let theirs = try? allowedRange(partner) else { continue }
            func above(_ low: RuntimeValue?, _ high: RuntimeValue?) -> Bool {
                guard let low, let high, let ordering = try? order(low, high, -1) else { return false }
                return ordering > 0
            }
            if above(own.lower, theirs.upper) || above(theirs.lower, own.upper) {
                return (partner, rangeText(own, control), rangeText(theirs, control))
            }
        }
        return nil
    }

    /// Why a `between` or `within` guard allows no value of its control on the final
    /// values (`its range, 30.00 EUR to 20.00 EUR, is empty`), or nil when its range holds
    /// one (or the guard has no such range).
    private func emptyRangeText(_ guardIndex: Int, control: Int) -> String? {
        let site = plan.hot.guards[guardIndex].site
        let raw: (low: RuntimeValue, high: RuntimeValue)
        switch plan.hot.guards[guardIndex].form {
        case .between(_, let low, let high):
            guard let lowValue = try? evaluate(low), let highValue = try? evaluate(high) else { return nil }
            raw = (lowValue, highValue)
        case .within(_, let toleranceCode, let window):
            guard let tolerance = try? exact(try evaluate(toleranceCode), site),
                  let range = try? withinRange(control, tolerance: tolerance, window: window, site: site) else { return nil }
            raw = (.exact(range.lower), .exact(range.upper))
        default:
            return nil
        }
        let type = plan.controls[control].type
        let rangeText = "\(describe(raw.low, as: type)) to \(describe(raw.high, as: type))"
        if let ordering = try? order(raw.low, raw.high, -1), ordering > 0 { return "its range, \(rangeText), is empty" }
        guard let allowed = try? allowedRange(guardIndex), let lower = allowed.lower, let upper = allowed.upper,
              let ordering = try? order(lower, upper, -1), ordering > 0 else { return nil }
        let values = switch plan.hot.controlKinds[control] {
        case .money: "no amount in whole minor units"
        case .int: "no int"
        default: "no value"
        }
        return "\(values) lies in its range, \(rangeText)"
    }

    /// The values a bound guard allows its control on the current proposal, each end
    /// as a clamp would move to it (money rounded toward the allowed side, a strict
    /// bound one step inside); nil for a guard without such a range.
    private func allowedRange(_ guardIndex: Int) throws(Failure) -> (lower: RuntimeValue?, upper: RuntimeValue?)? {
        let site = plan.hot.guards[guardIndex].site
        switch plan.hot.guards[guardIndex].form {
        case .lowerBound(let control, let bound, let inclusive):
            return (try edge(control, site: site, bound: try evaluate(bound), side: .up, strict: !inclusive), nil)
        case .upperBound(let control, let bound, let inclusive):
            return (nil, try edge(control, site: site, bound: try evaluate(bound), side: .down, strict: !inclusive))
        case .between(let control, let low, let high):
            return (try edge(control, site: site, bound: try evaluate(low), side: .up, strict: false),
                    try edge(control, site: site, bound: try evaluate(high), side: .down, strict: false))
        case .within(let control, let toleranceCode, let window):
            let tolerance = try exact(try evaluate(toleranceCode), site)
            let range = try withinRange(control, tolerance: tolerance, window: window, site: site)
            return (try edge(control, site: site, bound: .exact(range.lower), side: .up, strict: false),
                    try edge(control, site: site, bound: .exact(range.upper), side: .down, strict: false))
        case .rateLimit(let control, let direction, let limitCode, let window, let inclusive):
            // What is left of the limit after the window's past moves, from the current value.
            let limit = try exact(try evaluate(limitCode), site)
            let past = try rateTotal(control, direction, adding: .zero, window: window, site: site)
            var allowed = try checked(site) { () throws(EvaluationError) in try limit.subtracting(past) }
            if allowed.isNegative { allowed = .zero }
            let from = try exact(current[control], site)
            let strict = !inclusive && !allowed.isZero
            if direction == .increase {
                let top = try checked(site) { () throws(EvaluationError) in try from.adding(allowed) }
                return (nil, try edge(control, site: site, bound: .exact(top), side: .down, strict: strict))
            }
            let bottom = try checked(site) { () throws(EvaluationError) in try from.subtracting(allowed) }
            return (try edge(control, site: site, bound: .exact(bottom), side: .up, strict: strict), nil)
        case .general:
            return nil
        }
    }

    private func rangeText(_ range: (lower: RuntimeValue?, upper: RuntimeValue?), _ control: Int) -> String {
        let type = plan.controls[control].type
        switch (range.lower, range.upper) {
        case (let lower?, let upper?): return "between \(describe(lower, as: type)) and \(describe(upper, as: type))"
        case (let lower?, nil): return "at least \(describe(lower, as: type))"
        case (nil, let upper?): return "at most \(describe(upper, as: type))"
        case (nil, nil): return "any value"
        }
    }

    /// Moves a control to a bound, rounded toward the allowed side for its type.
    private func move(_ control: Int, site: Int, to bound: RuntimeValue, side: RoundingSide, strict: Bool, why: ClampReason, guard guardIndex: Int) throws(Failure) -> Int {
        let before = proposed[control]
        let target = try edge(control, site: site, bound: bound, side: side, strict: strict)
        proposed[control] = target
        clampParts[guardIndex] = ClampParts(control: control, before: before, after: target, why: why)
        return control
    }

    /// The value a clamp moves `control` to for a bound: rounded toward the allowed side
    /// for the control's type, one step further for a strict bound it equals.
    private func edge(_ control: Int, site: Int, bound: RuntimeValue, side: RoundingSide, strict: Bool) throws(Failure) -> RuntimeValue {
        let type = plan.controls[control].type
        var target: RuntimeValue
        switch type {
        case .int:
            let value = try exact(bound, site)
            var whole = try checked(site) { () throws(EvaluationError) in side == .up ? try value.ceil() : try value.floor() }
            if strict, whole == value {
                whole = try checked(site) { () throws(EvaluationError) in side == .up ? try whole.adding(.one) : try whole.subtracting(.one) }
            }
            target = .int(try checked(site) { () throws(EvaluationError) in try whole.int64Value() })
        case .money:
            let value = try exact(bound, site)
            guard let currency = plan.currency else { throw Failure(message: "money without a currency", site: site) }
            var rounded = try checked(site) { () throws(EvaluationError) in try currency.rounded(value, rule: side == .up ? .up : .down) }
            if strict, rounded == value {
                rounded = try checked(site) { () throws(EvaluationError) in
                    side == .up ? try rounded.adding(currency.minorUnit) : try rounded.subtracting(currency.minorUnit)
                }
            }
            target = .exact(rounded)
        case .number, .percent:
            var value = try exact(bound, site)
            if strict {
                let step = Exact(units: 1)
                value = try checked(site) { () throws(EvaluationError) in side == .up ? try value.adding(step) : try value.subtracting(step) }
            }
            target = .exact(value)
        case .duration, .time:
            // Held to the microsecond: a strict bound moves one microsecond past it.
            target = bound
            if strict {
                let step = DurationValue(microseconds: side == .up ? 1 : -1)
                target = try checked(site) { () throws(EvaluationError) in
                    switch bound {
                    case .duration(let value): .duration(try value.adding(step))
                    case .instant(let value): .instant(try value.adding(step))
                    default: bound
                    }
                }
            }
        case .date:
            // A date is local midnight: a strict bound moves to the next (or previous) day.
            target = bound
            if strict, case .instant(let value) = bound {
                target = .instant(try checked(site) { () throws(EvaluationError) in try adjacentDay(to: value, later: side == .up) })
            }
        default:
            target = bound
        }
        return target
    }

    /// Local midnight of the day after (or before) the day holding `instant`, in the
    /// policy's zone.
    private func adjacentDay(to instant: Instant, later: Bool) throws(EvaluationError) -> Instant {
        let second = instant.microsecondsSinceEpoch.flooredQuotient(dividingBy: Instant.microsecondsPerSecond)
        let day = (second + plan.zone.offsetSeconds(at: instant)).flooredQuotient(dividingBy: 86_400) + (later ? 1 : -1)
        let midnight = plan.zone.utcSecond(forLocalSecond: try day.checkedMultiplied(by: 86_400))
        return try Instant(microsecondsSinceEpoch: try midnight.checkedMultiplied(by: Instant.microsecondsPerSecond)).writable()
    }

    /// A guard event's detail as one line of text.
    func text(of detail: GuardDetail) -> String {
        switch detail {
        case .text(let text):
            return text
        case .overspent(let slot, let amount, let usedBefore):
            let budget = plan.budgets[slot]
            return "spending \(amountText(amount, budget)) on \(amountText(usedBefore, budget)) used would pass the limit of "
                + "\(amountText(budget.limit, budget)) per \(budget.calendar.length)"
        case .moved(let guardIndex):
            let (control, before, after, why) = (clampParts[guardIndex].control, clampParts[guardIndex].before,
                                                 clampParts[guardIndex].after, clampParts[guardIndex].why)
            let type = plan.controls[control].type
            let reason = switch why {
            case .belowBound: "is below the bound"
            case .aboveBound: "is above the bound"
            case .belowRange: "is below the range"
            case .aboveRange: "is above the range"
            case .within(let change, let reference, let tolerance, let window):
                "changes \(percentText(change, beyond: tolerance)) from \(describe(.exact(reference), as: type)), beyond ±\(describe(.exact(tolerance), as: .percent)) per \(window)"
            case .rate(let direction, let total, let limit, let window):
                "\(direction.rawValue)s by \(describe(.exact(total), as: type)) within \(window), beyond \(describe(.exact(limit), as: type))"
            }
            return "`\(plan.controls[control].name)` \(describe(before, as: type)) \(reason); clamped to \(describe(after, as: type))"
        }
    }

    /// A relative change as a signed percent with one fractional digit (`+44.6%`), or
    /// as many more as it takes to show it past `tolerance` (`+0.012%` beyond ±0.01%).
    func percentText(_ value: Exact, beyond tolerance: Exact? = nil) -> String {
        let exactHundred = (try? value.multiplied(by: Exact(100))) ?? value
        let limit = tolerance.flatMap { try? $0.multiplied(by: Exact(100)) }
        var hundred = exactHundred
        for digits in 1...Exact.fractionDigits {
            guard let rounded = try? exactHundred.rounded(fractionDigits: digits) else { break }
            hundred = rounded
            guard let limit, (rounded.isNegative ? (try? rounded.negated()) ?? rounded : rounded) <= limit else { break }
        }
        return (value.isNegative ? "" : "+") + hundred.description + "%"
    }

    /// ` (`stock > 20`: 35 > 20, …)`-style values of a condition's comparisons (those that
    /// were evaluated), for details and traces.
    /// A condition as written with its operands' values: "`price <= msrp`: 9.00 EUR <=
    /// 12.00 EUR" when it is one comparison (its text is not said twice), else "`a and b`
    /// (`a`: …, `b`: …)"; `saying` goes after the text ("does not hold").
    func shownCondition(_ text: String, _ code: Code, _ saying: String = "") -> String {
        var parts: [String] = []
        collectComparisons(code, into: &parts)
        let head = "`\(text)`" + saying
        let own = "`\(text)`: "
        if parts.count == 1, parts[0].hasPrefix(own) { return head + ": " + parts[0].dropFirst(own.count) }
        return parts.isEmpty ? head : head + " (" + parts.joined(separator: ", ") + ")"
    }

    func operandValues(_ code: Code) -> String {
        var parts: [String] = []
        collectComparisons(code, into: &parts)
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    private func collectComparisons(_ code: Code, into parts: inout [String]) {
        // Only what was evaluated: the right side of an `and` whose left side is false
        // (or of an `or` whose left side is true) never was.
        switch nodes[code.index] {
        case .and(let left, let right):
            collectComparisons(left, into: &parts)
            if (try? truth(left)) == false { return }
            collectComparisons(right, into: &parts)
        case .or(let left, let right):
            collectComparisons(left, into: &parts)
            if (try? truth(left)) == true { return }
            collectComparisons(right, into: &parts)
        case .not(let inner):
            collectComparisons(inner, into: &parts)
        case .exists(let inner):
            guard parts.count < 6, case .input(let slot) = nodes[inner.index], let value = try? evaluate(inner) else { return }
            parts.append("`\(plan.inputs[slot].name) exists`: \(!value.isNone)")
        case .compare(let op, let left, let right, let site, _):
            guard parts.count < 6, let leftValue = try? evaluate(left), let rightValue = try? evaluate(right) else { return }
            let text = site >= 0 && site < plan.sites.count ? plan.source.shownText(of: plan.sites[site]) : op.rawValue
            // Money with its currency and digits, percents as percents, as the policy writes them.
            var types = plan.comparisonTypes[site]
            // A ratio compared with a percent (`margin >= 18%`) is shown as one: 33.06…%.
            if let pair = types, [pair.left.nonOptional, pair.right.nonOptional].contains(.percent),
               [pair.left.nonOptional, pair.right.nonOptional].contains(.number) {
                types = ComparisonTypes(left: .percent, right: .percent)
            }
            let shownLeft = types.map { describe(leftValue, as: $0.left) } ?? leftValue.description
            let shownRight = types.map { describe(rightValue, as: $0.right) } ?? rightValue.description
            parts.append("`\(text)`: \(shownLeft) \(op.rawValue) \(shownRight)")
        case .between(let valueCode, let lowCode, let highCode, let site):
            guard parts.count < 6, let value = try? evaluate(valueCode), let low = try? evaluate(lowCode),
                  let high = try? evaluate(highCode) else { return }
            let type = plan.comparisonTypes[site]?.left
            let shown = [value, low, high].map { shownValue in type.map { describe(shownValue, as: $0) } ?? shownValue.description }
            parts.append("`\(siteText(site))`: \(shown[0]) between \(shown[1]) and \(shown[2])")
        case .within(let slot, let toleranceCode, let window, let site):
            // The range the window allows, from the value the control held then.
            guard parts.count < 6, let toleranceValue = try? evaluate(toleranceCode), let tolerance = try? exact(toleranceValue, site),
                  let range = try? withinRange(slot, tolerance: tolerance, window: window, site: site) else { return }
            let type = plan.controls[slot].type
            parts.append("`\(siteText(site))`: \(describe(proposed[slot], as: type)), allowed \(describe(.exact(range.lower), as: type))"
                + " … \(describe(.exact(range.upper), as: type)) (\(describe(toleranceValue, as: .percent)) of \(describe(.exact(range.reference), as: type)), its value \(window) ago)")
        case .rateLimit(let slot, let direction, let limitCode, let window, let inclusive, let site):
            // The movement in the window, this decision's included, against the limit.
            guard parts.count < 6, let limit = try? evaluate(limitCode), let this = try? movement(slot, direction, site),
                  let amount = try? exact(this, site) else { return }
            let type = plan.controls[slot].type
            if amount.isZero {
                parts.append("`\(siteText(site))`: no \(direction) in this decision")
            } else if let total = try? rateTotal(slot, direction, adding: amount, window: window, site: site) {
                parts.append("`\(siteText(site))`: \(describe(.exact(total), as: type)) in \(window) with this decision's "
                    + "\(describe(.exact(amount), as: type)) \(inclusive ? "<=" : "<") \(describe(limit, as: type))")
            }
        case .input, .letValue, .control, .call:
            // A bool operand of `and`, `or` or `not` (`flag`, `ends_with(price, 0.99)`).
            guard parts.count < 6, case .bool(let flag)? = try? evaluate(code), let text = leafText(code) else { return }
            parts.append("`\(text)`: \(flag)")
        default:
            break
        }
    }

    /// The source text of a site, or nil for none.
    private func siteText(_ site: Int) -> String {
        site >= 0 && site < plan.sites.count ? plan.source.shownText(of: plan.sites[site]) : "?"
    }

    /// How a policy names a bool leaf of a condition: an input, a let, a control or a call.
    private func leafText(_ code: Code) -> String? {
        switch nodes[code.index] {
        case .input(let slot): plan.inputs[slot].name
        case .letValue(let slot, _): plan.lets[slot].name
        case .control(let slot, _): plan.controls[slot].name
        case .call(_, _, _, let site): site >= 0 ? siteText(site) : nil
        default: nil
        }
    }
}
