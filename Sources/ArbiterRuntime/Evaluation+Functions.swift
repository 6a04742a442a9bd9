import ArbiterChecker

extension Evaluation {
    func call(_ function: BuiltinFunction, _ arguments: Range<Int>, resultIsInt: Bool, site: Int) throws(Failure) -> RuntimeValue {
        // Arguments are evaluated left to right into locals, not an array: a call allocates nothing.
        let first = try evaluate(plan.arguments[arguments.lowerBound])
        let second = arguments.count > 1 ? try evaluate(plan.arguments[arguments.lowerBound + 1]) : RuntimeValue.none
        switch function {
        case .abs:
            switch first {
            case .int(let value): return .int(try checked(site) { () throws(EvaluationError) in try value.checkedAbsoluteValue() })
            case .duration(let value): return .duration(value.isNegative ? try checked(site) { () throws(EvaluationError) in try value.negated() } : value)
            default:
                let value = try exact(first, site)
                return .exact(try checked(site) { () throws(EvaluationError) in try value.absoluteValue() })
            }
        case .min, .max:
            var best = first
            for index in arguments.dropFirst() {
                let candidate = index == arguments.lowerBound + 1 ? second : try evaluate(plan.arguments[index])
                let comparison = try order(candidate, best, site)
                if function == .min ? comparison < 0 : comparison > 0 { best = candidate }
            }
            return resultIsInt ? best : Compiler.coerce(best, to: .number)
        case .ceil, .floor:
            if case .int = first { return first }
            let value = try exact(first, site)
            let rounded = try checked(site) { () throws(EvaluationError) in function == .ceil ? try value.ceil() : try value.floor() }
            if resultIsInt { return .int(try checked(site) { () throws(EvaluationError) in try rounded.int64Value() }) }
            return .exact(rounded)
        case .round:
            if case .duration(let value) = first, case .duration(let step) = second {
                // The step as for numbers: above zero (and finite); an unbounded value
                // stays unbounded, as under other scaling (§6).
                guard step.microseconds > 0 else { throw Failure(message: EvaluationError.invalidArgument(.nonPositiveStep).description, site: site) }
                guard !step.isUnbounded else { throw Failure(message: EvaluationError.invalidArgument(.unboundedStep).description, site: site) }
                if value.isUnbounded { return first }
                let ratio = try checked(site) { () throws(EvaluationError) in try value.ratio(to: step).rounded(fractionDigits: 0) }
                return .duration(try checked(site) { () throws(EvaluationError) in try step.multiplied(by: ratio) })
            }
            let value = try exact(first, site)
            let step = try exact(second, site)
            let rounded = try checked(site) { () throws(EvaluationError) in try value.rounded(toMultipleOf: step) }
            if resultIsInt { return .int(try checked(site) { () throws(EvaluationError) in try rounded.int64Value() }) }
            return .exact(rounded)
        case .clamp:
            let third = try evaluate(plan.arguments[arguments.lowerBound + 2])
            // Crossed bounds hold no value: which one to return would be a guess (§3).
            if try order(second, third, site) > 0 {
                throw Failure(message: EvaluationError.invalidArgument(.crossedClampBounds).description, site: site)
            }
            var value = first
            if try order(value, second, site) < 0 { value = second }
            if try order(value, third, site) > 0 { value = third }
            return value
        case .endsWith:
            let value = try exact(first, site)
            let ending = try exact(second, site)
            // The modulus is the power of ten just above the ending's integer part: `0.99`
            // looks at the fraction, `9.99` at the last digit and the fraction.
            var modulus = Exact.one
            var integerPart = try checked(site) { () throws(EvaluationError) in try ending.absoluteValue().floor() }
            while integerPart >= .one {
                modulus = try checked(site) { () throws(EvaluationError) in try modulus.multiplied(by: Exact(10)) }
                integerPart = try checked(site) { () throws(EvaluationError) in try integerPart.divided(by: Exact(10)).floor() }
            }
            let remainder = try checked(site) { () throws(EvaluationError) in
                try value.absoluteValue().subtracting(try value.absoluteValue().divided(by: modulus).floor().multiplied(by: modulus))
            }
            return .bool(remainder == ending.absoluteValueOrSelf)
        }
    }

    /// `change(x)`: `(proposed − current) ÷ current`; from zero it is 0 to zero, else an error.
    func relativeChange(_ slot: Int, _ site: Int) throws(Failure) -> Exact {
        let from = try exact(current[slot], site)
        let to = try exact(proposed[slot], site)
        if from.isZero {
            if to.isZero { return .zero }
            let name = plan.controls[slot].name
            throw Failure(message: "change of `\(name)` from zero is undefined (a relative change needs a start other than zero; "
                + "`increase(\(name))` and `decrease(\(name))` measure the amount)", site: site)
        }
        return try checked(site) { () throws(EvaluationError) in try to.subtracting(from).divided(by: from) }
    }

    /// `increase(x)` or `decrease(x)` of this proposal, never negative, in the control's type.
    func movement(_ slot: Int, _ direction: RateDirection, _ site: Int) throws(Failure) -> RuntimeValue {
        if case .int(let from) = current[slot], case .int(let to) = proposed[slot] {
            let difference = try checked(site) { () throws(EvaluationError) in
                direction == .increase ? try to.checkedSubtracting(from) : try from.checkedSubtracting(to)
            }
            return .int(max(difference, 0))
        }
        let from = try exact(current[slot], site)
        let to = try exact(proposed[slot], site)
        let difference = try checked(site) { () throws(EvaluationError) in
            direction == .increase ? try to.subtracting(from) : try from.subtracting(to)
        }
        return .exact(difference.isNegative ? .zero : difference)
    }

    /// The range `change(x) within tolerance per window` allows: the value held at
    /// `now − window`, ± tolerance of it.
    func withinRange(_ slot: Int, tolerance: Exact, window: DurationValue, site: Int) throws(Failure) -> (lower: Exact, upper: Exact, reference: Exact) {
        let then = now.saturatingSubtracting(window)
        let held = try storeCall(site) { () throws(StateStoreError) in try store.value(of: address(slot), at: then, current: current[slot]) }
        let reference = try exact(held, site)
        // A relative change from zero is undefined, as for `change(x)` (§3).
        if reference.isZero, !(try exact(proposed[slot], site)).isZero {
            let name = plan.controls[slot].name
            throw Failure(message: "change of `\(name)` from zero (its value \(window) ago) is undefined (a relative change needs a start "
                + "other than zero; bound the amount with `increase(\(name)) <= … per \(window)` and `decrease(…)`)", site: site)
        }
        let spread = try checked(site) { () throws(EvaluationError) in try reference.absoluteValue().multiplied(by: tolerance.absoluteValueOrSelf) }
        let lower = try checked(site) { () throws(EvaluationError) in try reference.subtracting(spread) }
        let upper = try checked(site) { () throws(EvaluationError) in try reference.adding(spread) }
        return (lower, upper, reference)
    }

    /// Past movement in the window plus this proposal's, for `increase(x) <= E per W`.
    /// `this` is the proposal's own movement (`movement(slot, direction, site)`), which
    /// the callers have already read.
    func rateTotal(_ slot: Int, _ direction: RateDirection, adding this: Exact, window: DurationValue, site: Int) throws(Failure) -> Exact {
        let lookback = LookbackWindow(now: now, length: window)
        let past = try storeCall(site) { () throws(StateStoreError) in try store.movement(for: address(slot), in: lookback) }
        let pastAmount = direction == .increase ? past.increase : past.decrease
        return try checked(site) { () throws(EvaluationError) in try pastAmount.adding(this) }
    }

    /// `count(c, by f)`: keys in this key's group holding a true or non-default `c`,
    /// this decision's proposal in place of this key's stored value.
    func count(_ slot: Int, _ groupInput: Int) throws(Failure) -> Int {
        let control = plan.controls[slot]
        let group = plan.inputs[groupInput].name
        let groupValue = inputs[groupInput]
        // The other keys active in this input's group, then this key as proposed: what it
        // held before, in this group or another, no longer counts (§6).
        var total = try storeCall(-1) { () throws(StateStoreError) in
            try store.countActive(policy: plan.name, control: control.name, groupField: group, groupValue: groupValue, excluding: key)
        }
        if proposed[slot].isActive(comparedTo: control.defaultValue) { total += 1 }
        return total
    }

    /// `B.used`, `B.remaining`, `B.limit`, `B.pace` before this decision's spend.
    func budgetMember(_ slot: Int, _ member: BudgetMember) throws(Failure) -> RuntimeValue {
        let budget = plan.budgets[slot]
        let window = try budgetWindow(slot)
        let used: Exact
        if let cached = budgetUse[slot] {
            used = cached
        } else {
            used = try budgetCall(slot) { () throws(StateStoreError) in try store.budgetUsed(policy: plan.name, budget: budget.name, window: window) }
            budgetUse[slot] = used
        }
        switch member {
        case .used: return .exact(used)
        case .limit: return .exact(budget.limit)
        case .remaining: return .exact(try remaining(slot, used: used))
        case .pace:
            return .exact(try checked(-1) { () throws(EvaluationError) in try Self.pace(used: used, limit: budget.limit, window: window, at: now) })
        }
    }

    /// `used ÷ (limit × elapsed share)`, rounded once (§7): as `used × total ÷ (limit ×
    /// elapsed)` with the window's lengths in lowest terms, so a use exactly on pace reads
    /// exactly 1 when the share (1/3 of a day, 23/24 of a DST day) has no finite decimal.
    /// Only when those products leave the range is the share rounded first.
    static func pace(used: Exact, limit: Exact, window: CalendarWindow, at now: Instant) throws(EvaluationError) -> Exact {
        let (elapsed, total) = window.elapsedFraction(at: now)
        if let scaledUse = try? used.multiplied(by: total), let scaledLimit = try? limit.multiplied(by: elapsed) {
            if scaledLimit.isZero { return used.isZero ? .zero : Exact(1_000_000) }
            return try scaledUse.divided(by: scaledLimit)
        }
        let expected = try limit.multiplied(by: window.elapsedShare(at: now))
        if expected.isZero { return used.isZero ? .zero : Exact(1_000_000) }
        return try used.divided(by: expected)
    }
}

extension Exact {
    /// The magnitude, saturating instead of throwing (the least value has no positive twin).
    var absoluteValueOrSelf: Exact { isNegative && units != .min ? Exact(units: -units) : self }
}
