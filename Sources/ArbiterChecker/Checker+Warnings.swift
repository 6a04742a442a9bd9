import ArbiterSyntax
import Foundation

/// A constant bound on a name: `x >= 10` is a lower bound 10, inclusive.
struct ConstantBound {
    var value: Constant
    var inclusive: Bool
    /// The bound expression, for notes.
    var span: Span

    /// Whether this lower bound and that upper bound leave no value between them.
    func contradicts(upper: ConstantBound) -> Bool {
        guard let order = Constant.order(value, upper.value) else { return false }
        return order == .orderedDescending || (order == .orderedSame && !(inclusive && upper.inclusive))
    }

    /// Whether this bound is tighter than `other` as a lower (or upper) bound.
    func isTighter(than other: ConstantBound, lower: Bool) -> Bool {
        guard let order = Constant.order(value, other.value) else { return false }
        if order == .orderedSame { return !inclusive && other.inclusive }
        return lower ? order == .orderedDescending : order == .orderedAscending
    }
}

extension Checker {
    mutating func reportWarnings() {
        reportRuleWarnings()
        reportGuardWarnings()
        guard complete else { return }
        for input in inputs where !inputUsed[input.slot] {
            report(Diagnostic(.unusedInput, "input field `\(input.name)` is never read", at: input.syntax.name.span,
                              label: "unused", help: "remove it, or read it in a rule, guard, let or goal"))
        }
        // A let is live when a rule, guard, goal, budget or approve block reads it, or a
        // live let does; one read only by unused lets is unused too.
        var live = letUsed
        var pending = lets.indices.filter { live[$0] }
        while let slot = pending.popLast() {
            for read in letReads[slot] where !live[read] {
                live[read] = true
                pending.append(read)
            }
        }
        var readersOf = [[Int]](repeating: [], count: lets.count)
        for slot in lets.indices { for read in letReads[slot] where !readersOf[read].contains(slot) { readersOf[read].append(slot) } }
        for declared in lets where !live[declared.slot] {
            let readers = readersOf[declared.slot].map { "`\(lets[$0].name)`" }
            report(Diagnostic(.unusedLet, readers.isEmpty ? "let `\(declared.name)` is never read"
                                  : "let `\(declared.name)` is read only by unused lets (\(readers.joined(separator: ", ")))",
                              at: declared.syntax.name.span, label: "unused",
                              help: "remove it, or read it in a rule, guard, goal or a let that is read"))
        }
    }

    // MARK: - Rules

    /// W0002 (never fires), W0007 (sets nothing) and W0001 (shadowed by an earlier rule
    /// that always fires). One pass: `alwaysSet` maps each control to the first rule
    /// without `when` and `active` that sets it.
    private mutating func reportRuleWarnings() {
        var alwaysSet: [Int: Int] = [:]
        for (index, rule) in rules.enumerated() {
            let hasSet = rule.syntax.clauses.contains { if case .set = $0 { true } else { false } }
            if !hasSet, complete {
                report(Diagnostic(.ruleSetsNothing, "rule `\(rule.name)` sets nothing", at: rule.syntax.name.span,
                                  label: "no `set`", help: "add `set CONTROL = …`, or remove the rule"))
            }
            var alwaysFires = rule.syntax.clauses.allSatisfy { if case .set = $0 { true } else { false } }
            if let condition = rule.condition, recordedType(condition) == .bool {
                if let reason = whyAlwaysFalse(condition) {
                    report(Diagnostic(.ruleNeverFires, "rule `\(rule.name)` never fires", at: condition.span,
                                      label: reason, help: "fix the condition, or remove the rule"))
                    continue
                }
                if constant(condition) == .bool(true), rule.syntax.conditions.count == 1,
                   !rule.syntax.clauses.contains(where: { if case .active = $0 { true } else { false } }) {
                    alwaysFires = true
                }
            }
            let targets = rule.assignments.map(\.control)
            if !targets.isEmpty, targets.allSatisfy({ alwaysSet[$0] != nil && controls[$0].resolve == nil }) {
                let earlier = rules[alwaysSet[targets[0]]!]
                let names = Suggestion.list(targets.map { controls[$0].name })
                let ordered = targets.allSatisfy { controls[$0].type.isOrdered }
                // `when true` always fires too: its condition, not its absence, is the cause.
                let earlierFix = earlier.condition == nil ? "give `\(earlier.name)` a `when`"
                    : "make the `when` of `\(earlier.name)` able to fail"
                let resolveHint = ordered ? ", or add `resolve \(controls[targets[0]].name) by max` (or `min`)" : ""
                report(Diagnostic(
                    .shadowedRule, "rule `\(rule.name)` can never win", at: rule.syntax.name.span,
                    label: "\(names) is always set by an earlier rule",
                    notes: [DiagnosticNote("rule `\(earlier.name)` always fires and comes first", span: earlier.syntax.name.span)],
                    help: "move `\(rule.name)` above `\(earlier.name)`, \(earlierFix)\(resolveHint)"))
            }
            if alwaysFires {
                for target in targets where alwaysSet[target] == nil { alwaysSet[target] = index }
            }
        }
    }

    // MARK: - Guards

    /// W0003 (never holds) and W0004 (constant bounds that contradict, within one
    /// `between` or across guards on one control). `lowest` and `highest` keep the
    /// tightest constant bound per control seen so far.
    private mutating func reportGuardWarnings() {
        var lower: [Int: (bound: ConstantBound, guardName: String)] = [:]
        var upper: [Int: (bound: ConstantBound, guardName: String)] = [:]
        for checked in guards {
            guard recordedType(checked.condition) == .bool else { continue }
            var bounds: [(control: Int, bound: ConstantBound, isLower: Bool)] = []
            switch checked.form {
            case .lowerBound(let control, let limit, let inclusive):
                if let value = constant(limit) { bounds.append((control, onMinorUnits(ConstantBound(value: value, inclusive: inclusive, span: limit.span), lower: true), true)) }
            case .upperBound(let control, let limit, let inclusive):
                if let value = constant(limit) { bounds.append((control, onMinorUnits(ConstantBound(value: value, inclusive: inclusive, span: limit.span), lower: false), false)) }
            case .between(let control, let low, let high):
                guard let lowValue = constant(low), let highValue = constant(high) else { break }
                let lowBound = onMinorUnits(ConstantBound(value: lowValue, inclusive: true, span: low.span), lower: true)
                let highBound = onMinorUnits(ConstantBound(value: highValue, inclusive: true, span: high.span), lower: false)
                if lowBound.contradicts(upper: highBound) {
                    report(Diagnostic(
                        .contradictoryBounds, "no value of `\(controls[control].name)` is between `\(text(low.span))` and `\(text(high.span))`",
                        at: checked.condition.span, label: "the low bound is above the high bound",
                        notes: [DiagnosticNote("the low bound", span: low.span), DiagnosticNote("the high bound", span: high.span)],
                        help: "write the smaller bound first: `between \(text(high.span)) and \(text(low.span))`"))
                    continue
                }
                bounds = [(control, lowBound, true), (control, highBound, false)]
            default:
                break
            }
            var reported = false
            for (control, bound, isLower) in bounds {
                let opposite = isLower ? upper[control] : lower[control]
                if !reported, let opposite,
                   isLower ? bound.contradicts(upper: opposite.bound) : opposite.bound.contradicts(upper: bound) {
                    reported = true
                    reportContradiction(checked, control: control, bound, isLower: isLower, against: opposite)
                }
                if isLower {
                    if lower[control].map({ bound.isTighter(than: $0.bound, lower: true) }) ?? true { lower[control] = (bound, checked.name) }
                } else {
                    if upper[control].map({ bound.isTighter(than: $0.bound, lower: false) }) ?? true { upper[control] = (bound, checked.name) }
                }
            }
            if !reported, let reason = whyAlwaysFalse(checked.condition) {
                report(Diagnostic(.guardNeverHolds, "guard `\(checked.name)` can never hold", at: checked.condition.span,
                                  label: reason,
                                  help: "every decision would fail this guard; fix the condition"))
            }
        }
    }

    /// A non-negative money bound as the allowed amounts of the currency see it: a lower
    /// bound rounded up to the minor unit, an upper one down (a clamp rounds a money bound
    /// toward the allowed side, §6), so `>= 10.001 EUR` and `<= 10.009 EUR` contradict.
    private func onMinorUnits(_ bound: ConstantBound, lower: Bool) -> ConstantBound {
        guard case .quantity(let value, .money) = bound.value, value >= 0,
              let currency, let digits = ISO4217.minorUnit(of: currency) else { return bound }
        var exact = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, digits, lower ? .up : .down)
        guard rounded != value else { return bound }
        // Strictness no longer matters once the bound moved off the grid.
        return ConstantBound(value: .quantity(rounded, .money), inclusive: true, span: bound.span)
    }

    private mutating func reportContradiction(_ checked: CheckedGuard, control: Int, _ bound: ConstantBound, isLower: Bool,
                                              against opposite: (bound: ConstantBound, guardName: String)) {
        func phrase(_ bound: ConstantBound, lower: Bool) -> String { boundPhrase(bound, lower: lower) }
        let (low, high) = isLower ? (bound, opposite.bound) : (opposite.bound, bound)
        report(Diagnostic(
            .contradictoryBounds,
            "no value of `\(controls[control].name)` is \(phrase(low, lower: true)) and \(phrase(high, lower: false))",
            at: checked.condition.span, label: "contradicts guard `\(opposite.guardName)`",
            notes: [DiagnosticNote("guard `\(opposite.guardName)` requires \(phrase(opposite.bound, lower: !isLower)) here", span: opposite.bound.span)],
            help: isLower ? "a floor must not be above the ceiling: lower this bound or raise the other"
                : "a ceiling must not be below the floor: raise this bound or lower the other"))
    }

    /// "at least `20 EUR`", "below `3`".
    func boundPhrase(_ bound: ConstantBound, lower: Bool) -> String {
        let relation = lower ? (bound.inclusive ? "at least" : "above") : (bound.inclusive ? "at most" : "below")
        return "\(relation) `\(text(bound.span))`"
    }

    // MARK: - Always false

    /// Why a condition is false whatever the input, nil when it is not: it folds to
    /// `false`, or its `and` chain bounds one name by constants that leave no value
    /// (`x > 5 and x < 3`). The reason is a label for the condition.
    func whyAlwaysFalse(_ condition: Expr) -> String? {
        let conjuncts = operands(of: .and, in: condition)
        if conjuncts.contains(where: { constant($0) == .bool(false) }) { return "this condition is always false" }
        // Only a name bounded by two conjuncts (or a `between`) can be bounded into
        // nothing; most conditions have none, and their constants are never evaluated.
        var boundedNames: [String: Int] = [:]
        for conjunct in conjuncts {
            if let (name, bounds) = boundedName(conjunct) { boundedNames[name, default: 0] += bounds }
        }
        guard boundedNames.values.contains(where: { $0 > 1 }) else { return nil }
        var lowest: [String: ConstantBound] = [:]
        var highest: [String: ConstantBound] = [:]
        for conjunct in conjuncts {
            guard let (name, _) = boundedName(conjunct), boundedNames[name, default: 0] > 1 else { continue }
            for (name, bound, isLower) in constantBounds(conjunct) {
                if isLower {
                    if lowest[name].map({ bound.isTighter(than: $0, lower: true) }) ?? true { lowest[name] = bound }
                } else {
                    if highest[name].map({ bound.isTighter(than: $0, lower: false) }) ?? true { highest[name] = bound }
                }
                if let low = lowest[name], let high = highest[name], low.contradicts(upper: high) {
                    return "`\(name)` cannot be \(boundPhrase(low, lower: true)) and \(boundPhrase(high, lower: false))"
                }
            }
        }
        return nil
    }

    /// The name a conjunct compares with something, and how many bounds it may put on
    /// it (two for `between` and `==`).
    private func boundedName(_ conjunct: Expr) -> (String, Int)? {
        switch conjunct.unparenthesized.kind {
        case .comparison(let op, let left, let right, nil) where op != .notEqual:
            let bounds = op == .equal ? 2 : 1
            if case .name(let name) = left.unparenthesized.kind { return (name, bounds) }
            if case .name(let name) = right.unparenthesized.kind { return (name, bounds) }
            return nil
        case .between(let subject, _, _):
            if case .name(let name) = subject.unparenthesized.kind { return (name, 2) }
            return nil
        default:
            return nil
        }
    }

    /// The constant bounds one conjunct puts on a name.
    private func constantBounds(_ conjunct: Expr) -> [(name: String, bound: ConstantBound, isLower: Bool)] {
        switch conjunct.unparenthesized.kind {
        case .comparison(let op, let left, let right, nil):
            if case .name(let name) = left.unparenthesized.kind, let value = constant(right) {
                return bounds(op, name, ConstantBound(value: value, inclusive: true, span: right.span))
            }
            if case .name(let name) = right.unparenthesized.kind, let value = constant(left) {
                return bounds(op.swapped, name, ConstantBound(value: value, inclusive: true, span: left.span))
            }
            return []
        case .between(let subject, let low, let high):
            guard case .name(let name) = subject.unparenthesized.kind, let lowValue = constant(low),
                  let highValue = constant(high) else { return [] }
            return [(name, ConstantBound(value: lowValue, inclusive: true, span: low.span), true),
                    (name, ConstantBound(value: highValue, inclusive: true, span: high.span), false)]
        default:
            return []
        }
    }

    private func bounds(_ op: ComparisonOperator, _ name: String, _ bound: ConstantBound) -> [(name: String, bound: ConstantBound, isLower: Bool)] {
        var exclusive = bound
        exclusive.inclusive = false
        return switch op {
        case .greaterEqual: [(name, bound, true)]
        case .greater: [(name, exclusive, true)]
        case .lessEqual: [(name, bound, false)]
        case .less: [(name, exclusive, false)]
        case .equal: [(name, bound, true), (name, bound, false)]
        case .notEqual: []
        }
    }
}
