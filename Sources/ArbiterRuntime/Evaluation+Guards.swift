import ArbiterChecker

/// What the guards concluded.
struct GuardSummary {
    var events: [GuardEvent] = []
    var blocked = false
    var clamped = false
    var escalations: [(role: String?, expires: DurationValue?, reason: String)] = []
    /// For each control, the last clamp guard that moved it.
    var lastClamp: [Int: Int] = [:]
}

extension Evaluation {
    /// Runs the guards in order on the proposed values (docs/semantics.md §6).
    func runGuards() throws(Failure) -> GuardSummary {
        var summary = GuardSummary()
        for (index, guardItem) in plan.guards.enumerated() {
            if guardItem.action == .clamp, guardItem.form.control != nil {
                if let moved = try clamp(guardItem) {
                    summary.clamped = true
                    summary.lastClamp[moved.control] = index
                    summary.events.append(GuardEvent(guardName: guardItem.name, enforcement: "clamp", result: .clamped, detail: moved.detail))
                    if tracing {
                        let detail = "clamped: \(moved.detail)"
                        note("guard", guardItem.name, detail)
                    }
                } else {
                    if tracing {
                        let detail = "held: `\(guardItem.text)`"
                        note("guard", guardItem.name, detail)
                    }
                }
                continue
            }
            let holds = try truth(guardItem.condition)
            if holds {
                if tracing {
                    let detail = "held: `\(guardItem.text)`"
                    note("guard", guardItem.name, detail)
                }
                continue
            }
            let detail = "`\(guardItem.text)` does not hold" + operandValues(guardItem.condition)
            switch guardItem.action {
            case .block, .clamp:
                summary.events.append(GuardEvent(guardName: guardItem.name, enforcement: guardItem.action.rawValue, result: .blocked, detail: detail))
                summary.blocked = true
                if tracing {
                    let detail = "blocked: \(detail)"
                    note("guard", guardItem.name, detail)
                }
                return summary
            case .escalate:
                summary.events.append(GuardEvent(guardName: guardItem.name, enforcement: "escalate", result: .escalated, detail: detail))
                summary.escalations.append((guardItem.role, guardItem.expires, "guard `\(guardItem.name)`"))
                if tracing {
                    let detail = "escalated: \(detail)"
                    note("guard", guardItem.name, detail)
                }
            case .warn:
                summary.events.append(GuardEvent(guardName: guardItem.name, enforcement: "warn", result: .warned, detail: detail))
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
        for (index, guardItem) in plan.guards.enumerated() where guardItem.action != .warn {
            guard try !truth(guardItem.condition) else { continue }
            if guardItem.action == .escalate {
                if !summary.events.contains(where: { $0.guardName == guardItem.name }) {
                    let detail = "`\(guardItem.text)` does not hold after the clamps" + operandValues(guardItem.condition)
                    summary.events.append(GuardEvent(guardName: guardItem.name, enforcement: "escalate", result: .escalated, detail: detail))
                    summary.escalations.append((guardItem.role, guardItem.expires, "guard `\(guardItem.name)`"))
                }
                continue
            }
            var detail = "`\(guardItem.text)` no longer holds"
            let control = guardItem.form.control ?? summary.lastClamp.keys.sorted().first
            if let control, let other = summary.lastClamp[control], other != index {
                detail += " after `\(plan.guards[other].name)` clamped `\(plan.controls[control].name)` to "
                    + describe(proposed[control], as: plan.controls[control].type) + ": `\(guardItem.name)` and `\(plan.guards[other].name)` conflict"
            } else if let other = summary.lastClamp.values.max(), other != index {
                detail += " after `\(plan.guards[other].name)` clamped: `\(guardItem.name)` and `\(plan.guards[other].name)` conflict"
            }
            summary.events.append(GuardEvent(guardName: guardItem.name, enforcement: guardItem.action.rawValue, result: .conflict, detail: detail))
            summary.blocked = true
            if tracing {
                note("guard", guardItem.name, "conflict: \(detail)")
            }
            return summary
        }
        return summary
    }

    /// Applies a bound guard: nil when it holds, else the control moved and a detail.
    private func clamp(_ guardItem: PlanGuard) throws(Failure) -> (control: Int, detail: String)? {
        switch guardItem.form {
        case .lowerBound(let control, let boundCode, let inclusive):
            let bound = try evaluate(boundCode)
            let order = try self.order(proposed[control], bound, -1)
            if inclusive ? order >= 0 : order > 0 { return nil }
            return try move(control, to: bound, side: .up, strict: !inclusive, why: "is below the bound")
        case .upperBound(let control, let boundCode, let inclusive):
            let bound = try evaluate(boundCode)
            let order = try self.order(proposed[control], bound, -1)
            if inclusive ? order <= 0 : order < 0 { return nil }
            return try move(control, to: bound, side: .down, strict: !inclusive, why: "is above the bound")
        case .between(let control, let lowCode, let highCode):
            let low = try evaluate(lowCode)
            let high = try evaluate(highCode)
            if try order(proposed[control], low, -1) < 0 {
                return try move(control, to: low, side: .up, strict: false, why: "is below the range")
            }
            if try order(proposed[control], high, -1) > 0 {
                return try move(control, to: high, side: .down, strict: false, why: "is above the range")
            }
            return nil
        case .within(let control, let toleranceCode, let window):
            let tolerance = try exact(try evaluate(toleranceCode), -1)
            let range = try withinRange(control, tolerance: tolerance, window: window, site: -1)
            let value = try exact(proposed[control], -1)
            let change = range.reference.isZero ? Exact.zero : (try checked(-1) { () throws(EvaluationError) in
                try value.subtracting(range.reference).divided(by: range.reference)
            })
            let why = "changes \(percentText(change)) from \(describe(.exact(range.reference), as: plan.controls[control].type)), beyond ±\(percentText(tolerance).dropFirst()) per \(window)"
            if value < range.lower { return try move(control, to: .exact(range.lower), side: .up, strict: false, why: why) }
            if value > range.upper { return try move(control, to: .exact(range.upper), side: .down, strict: false, why: why) }
            return nil
        case .rateLimit(let control, let direction, let limitCode, let window, let inclusive):
            let limit = try exact(try evaluate(limitCode), -1)
            let total = try rateTotal(control, direction, window: window, site: -1)
            if inclusive ? total <= limit : total < limit { return nil }
            let this = try exact(try movement(control, direction, -1), -1)
            let past = try checked(-1) { () throws(EvaluationError) in try total.subtracting(this) }
            var allowed = try checked(-1) { () throws(EvaluationError) in try limit.subtracting(past) }
            if allowed.isNegative { allowed = .zero }
            let from = try exact(current[control], -1)
            let target = try checked(-1) { () throws(EvaluationError) in
                direction == .increase ? try from.adding(allowed) : try from.subtracting(allowed)
            }
            let why = "\(direction.rawValue)s by \(describe(.exact(total), as: plan.controls[control].type)) within \(window), beyond \(describe(.exact(limit), as: plan.controls[control].type))"
            return try move(control, to: .exact(target), side: direction == .increase ? .down : .up, strict: !inclusive, why: why)
        case .general:
            return nil
        }
    }

    /// Which way a bound rounds: toward the allowed side.
    enum RoundingSide { case up, down }

    /// Moves a control to a bound, rounded toward the allowed side for its type.
    private func move(_ control: Int, to bound: RuntimeValue, side: RoundingSide, strict: Bool, why: String) throws(Failure) -> (control: Int, detail: String) {
        let type = plan.controls[control].type
        let before = proposed[control]
        var target: RuntimeValue
        switch type {
        case .int:
            let value = try exact(bound, -1)
            var whole = try checked(-1) { () throws(EvaluationError) in side == .up ? try value.ceil() : try value.floor() }
            if strict, whole == value {
                whole = try checked(-1) { () throws(EvaluationError) in side == .up ? try whole.adding(.one) : try whole.subtracting(.one) }
            }
            target = .int(try checked(-1) { () throws(EvaluationError) in try whole.int64Value() })
        case .money:
            let value = try exact(bound, -1)
            guard let currency = plan.currency else { throw Failure(message: "money without a currency", site: -1) }
            var rounded = try checked(-1) { () throws(EvaluationError) in try currency.rounded(value, rule: side == .up ? .up : .down) }
            if strict, rounded == value {
                rounded = try checked(-1) { () throws(EvaluationError) in
                    side == .up ? try rounded.adding(currency.minorUnit) : try rounded.subtracting(currency.minorUnit)
                }
            }
            target = .exact(rounded)
        case .number, .percent:
            var value = try exact(bound, -1)
            if strict {
                let step = Exact(units: 1)
                value = try checked(-1) { () throws(EvaluationError) in side == .up ? try value.adding(step) : try value.subtracting(step) }
            }
            target = .exact(value)
        default:
            target = bound
        }
        proposed[control] = target
        let name = plan.controls[control].name
        return (control, "`\(name)` \(describe(before, as: type)) \(why); clamped to \(describe(target, as: type))")
    }

    func percentText(_ value: Exact) -> String {
        let hundred = (try? value.multiplied(by: Exact(100)).rounded(fractionDigits: 1)) ?? value
        return (value.isNegative ? "" : "+") + hundred.description + "%"
    }

    /// ` (stock = 35, sales_7d = 2)`-style values of a condition's comparisons, for details.
    func operandValues(_ code: Code) -> String {
        var parts: [String] = []
        collectComparisons(code, into: &parts)
        return parts.isEmpty ? "" : " (" + parts.joined(separator: ", ") + ")"
    }

    private func collectComparisons(_ code: Code, into parts: inout [String]) {
        switch code {
        case .and(let left, let right), .or(let left, let right):
            collectComparisons(left, into: &parts)
            collectComparisons(right, into: &parts)
        case .not(let inner):
            collectComparisons(inner, into: &parts)
        case .compare(let op, let left, let right, let site):
            guard parts.count < 6, let leftValue = try? evaluate(left), let rightValue = try? evaluate(right) else { return }
            let text = site >= 0 && site < plan.sites.count ? plan.source.text(of: plan.sites[site]) : op.rawValue
            parts.append("`\(text)`: \(leftValue) \(op.rawValue) \(rightValue)")
        default:
            break
        }
    }
}
