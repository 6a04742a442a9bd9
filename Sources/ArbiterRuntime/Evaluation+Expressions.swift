import ArbiterChecker
import ArbiterSyntax

extension Evaluation {
    /// Evaluates compiled code. Errors carry the failing node's site.
    func evaluate(_ code: Code) throws(Failure) -> RuntimeValue {
        switch nodes[code.index] {
        case .constant(let index):
            return constants[index]
        case .input(let slot):
            return inputs[slot]
        case .control(let slot, let phase):
            return phase == .current ? current[slot] : proposed[slot]
        case .letValue(let slot, let phase):
            let cacheIndex = phase.rawValue * plan.lets.count + slot
            if let cached = letCache[cacheIndex] { return cached }
            let value = try evaluate(plan.hot.lets[cacheIndex])
            letCache[cacheIndex] = value
            if tracing {
                let detail = describe(value, as: plan.lets[slot].type) + (phase == .current ? " (on current values)"
                    : registers.pointee.proposalWithdrawn ? " (on final values: the current ones, as nothing is applied)" : " (on proposed values)")
                note("let", plan.lets[slot].name, detail)
            }
            return value
        case .budget(let slot, let member):
            return try budgetMember(slot, member)
        case .arithmetic(_, .exact, _, _, let site):
            // Exact arithmetic, and every exact operation below it, computed unwrapped.
            guard let value = try amount(code) else { throw Failure(message: "a value is missing", site: site) }
            return .exact(value)
        case .arithmetic(let op, let mode, let leftCode, let rightCode, let site):
            let left = try operand(leftCode)
            let right = try operand(rightCode)
            return try arithmetic(op, mode, left, right, site)
        case .negate(let operandCode, let site):
            switch try operand(operandCode) {
            case .int(let value): return .int(try checked(site) { () throws(EvaluationError) in try value.checkedNegated() })
            case .exact(let value): return .exact(try checked(site) { () throws(EvaluationError) in try value.negated() })
            case .duration(let value): return .duration(try checked(site) { () throws(EvaluationError) in try value.negated() })
            default: throw Failure(message: "cannot negate a missing value", site: site)
            }
        case .compare:
            return .bool(try truth(code))
        case .and(let leftCode, let rightCode):
            guard try truth(leftCode) else { return .bool(false) }
            return .bool(try truth(rightCode))
        case .or(let leftCode, let rightCode):
            if try truth(leftCode) { return .bool(true) }
            return .bool(try truth(rightCode))
        case .not(let inner):
            return .bool(!(try truth(inner)))
        case .exists(let inner):
            return .bool(!(try operand(inner)).isNone)
        case .coalesce(let leftCode, let rightCode):
            let left = try operand(leftCode)
            return left.isNone ? try operand(rightCode) : left
        case .conditional(let condition, let whenTrue, let whenFalse):
            return try truth(condition) ? try operand(whenTrue) : try operand(whenFalse)
        case .between(let valueCode, let lowCode, let highCode, let site):
            let value = try operand(valueCode)
            let low = try operand(lowCode)
            let high = try operand(highCode)
            let aboveLow = try order(low, value, site) <= 0
            let belowHigh = try order(value, high, site) <= 0
            return .bool(aboveLow && belowHigh)
        case .call(let function, let arguments, let resultIsInt, let site):
            return try call(function, arguments, resultIsInt: resultIsInt, site: site)
        case .current(let slot):
            return current[slot]
        case .change(let slot, let site):
            return .exact(try relativeChange(slot, site))
        case .movement(let slot, let direction, let site):
            return try movement(slot, direction, site)
        case .changeCount(let slot, let window):
            let lookback = LookbackWindow(now: now, length: window)
            let count = try storeCall(-1) { () throws(StateStoreError) in try store.changeCount(for: address(slot), in: lookback) }
            return .int(Int64(count))
        case .sinceChange(let slot):
            let last = try storeCall(-1) { () throws(StateStoreError) in try store.lastChange(for: address(slot), asOf: now) }
            guard let last else { return .duration(.unbounded) }
            return .duration(DurationValue(microseconds: now.microsecondsSinceEpoch &- last.at.microsecondsSinceEpoch))
        case .count(let slot, let groupInput):
            return .int(Int64(try count(slot, groupInput)))
        case .within(let slot, let toleranceCode, let window, let site):
            let tolerance = try exact(try operand(toleranceCode), site)
            let range = try withinRange(slot, tolerance: tolerance, window: window, site: site)
            let value = try exact(proposed[slot], site)
            return .bool(range.lower <= value && value <= range.upper)
        case .rateLimit(let slot, let direction, let limitCode, let window, let inclusive, let site):
            let limit = try exact(try operand(limitCode), site)
            // A decision that does not move the control this way adds nothing to the
            // window, so it keeps to the limit whatever the past did (§6).
            let this = try exact(try movement(slot, direction, site), site)
            if this.isZero { return .bool(true) }
            let total = try rateTotal(slot, direction, adding: this, window: window, site: site)
            return .bool(inclusive ? total <= limit : total < limit)
        }
    }

    /// A numeric expression's value as an exact amount, nil when it is missing. Exact
    /// arithmetic is computed here without wrapping each intermediate in a
    /// `RuntimeValue`, its operands read by `leafAmount` (slots and constants in place);
    /// errors are those of `evaluate`.
    func amount(_ code: Code) throws(Failure) -> Exact? {
        switch nodes[code.index] {
        case .letValue(let slot, let phase):
            if let cached = letCache[phase.rawValue * plan.lets.count + slot] { return try amount(of: cached) }
            return try amount(of: try evaluate(code))
        case .change(let slot, let site):
            return try relativeChange(slot, site)
        case .arithmetic(let op, .exact, let leftCode, let rightCode, let site):
            let left = try leafAmount(leftCode)
            let right = try leafAmount(rightCode)
            guard let a = left, let b = right else { throw Failure(message: "a value is missing", site: site) }
            return try checked(site) { () throws(EvaluationError) in
                switch op {
                case .add: try a.adding(b)
                case .subtract: try a.subtracting(b)
                case .multiply: try a.multiplied(by: b)
                case .divide: try a.divided(by: b)
                }
            }
        default:
            return try amount(of: try evaluate(code))
        }
    }

    /// `amount`, with a slot or constant read in place: most operands are leaves, and
    /// reading them here saves a call (and its frame) each.
    @inline(__always)
    func leafAmount(_ code: Code) throws(Failure) -> Exact? {
        switch nodes[code.index] {
        case .input(let slot): return try amount(of: inputs[slot])
        case .constant(let index): return try amount(of: constants[index])
        case .control(let slot, let phase): return try amount(of: phase == .current ? current[slot] : proposed[slot])
        default: return try amount(code)
        }
    }

    @inline(__always)
    private func amount(of value: RuntimeValue) throws(Failure) -> Exact? {
        switch value {
        case .exact(let number): return number
        case .int(let number): return Exact(number)
        case .none: return nil
        default: throw Failure(message: "cannot compare these values", site: -1)
        }
    }

    /// An operand: a slot or constant read in place, anything else evaluated. Most
    /// operands are leaves, and reading them here saves a call into `evaluate` each.
    @inline(__always)
    func operand(_ code: Code) throws(Failure) -> RuntimeValue {
        switch nodes[code.index] {
        case .input(let slot): return inputs[slot]
        case .constant(let index): return constants[index]
        case .control(let slot, let phase): return phase == .current ? current[slot] : proposed[slot]
        default: return try evaluate(code)
        }
    }

    /// Evaluates a condition.
    func truth(_ code: Code) throws(Failure) -> Bool {
        // Conditions are mostly comparisons joined by `and` and `or`: decided here
        // without wrapping each result in a `RuntimeValue`.
        switch nodes[code.index] {
        case .compare(let op, let leftCode, let rightCode, let site, let numbers):
            if numbers {
                // Both sides as exact amounts, never wrapped in a `RuntimeValue`; a missing
                // side fails after both are evaluated, as `order` would.
                let left = try leafAmount(leftCode)
                let right = try leafAmount(rightCode)
                guard let left, let right else { throw Failure(message: "a value is missing", site: site) }
                return op.holds(left < right ? -1 : (left == right ? 0 : 1))
            }
            let left = try operand(leftCode)
            let right = try operand(rightCode)
            return op.holds(try order(left, right, site))
        case .and(let leftCode, let rightCode):
            guard try truth(leftCode) else { return false }
            return try truth(rightCode)
        case .or(let leftCode, let rightCode):
            if try truth(leftCode) { return true }
            return try truth(rightCode)
        case .not(let inner):
            return !(try truth(inner))
        case .exists(let inner):
            return !(try operand(inner)).isNone
        default:
            guard case .bool(let value) = try evaluate(code) else { throw Failure(message: "condition is not a bool", site: -1) }
            return value
        }
    }

    func exact(_ value: RuntimeValue, _ site: Int) throws(Failure) -> Exact {
        switch value {
        case .int(let number): return Exact(number)
        case .exact(let number): return number
        case .none: throw Failure(message: "a value is missing", site: site)
        default: throw Failure(message: "expected a number", site: site)
        }
    }

    /// -1, 0 or 1 for two values of one kind.
    func order(_ left: RuntimeValue, _ right: RuntimeValue, _ site: Int) throws(Failure) -> Int {
        switch (left, right) {
        case (.exact(let a), .exact(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.int(let a), .int(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.int, .exact), (.exact, .int):
            let a = try exact(left, site), b = try exact(right, site)
            return a < b ? -1 : (a == b ? 0 : 1)
        case (.duration(let a), .duration(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.instant(let a), .instant(let b)): return a < b ? -1 : (a == b ? 0 : 1)
        case (.bool(let a), .bool(let b)): return a == b ? 0 : 1
        case (.text(let a), .text(let b)): return a == b ? 0 : (a < b ? -1 : 1)
        case (.none, .none): return 0
        case (.none, _), (_, .none): throw Failure(message: "a value is missing", site: site)
        default: throw Failure(message: "cannot compare these values", site: site)
        }
    }

    private func arithmetic(_ op: ArithmeticOperator, _ mode: ArithmeticMode, _ left: RuntimeValue, _ right: RuntimeValue, _ site: Int) throws(Failure) -> RuntimeValue {
        switch mode {
        case .int:
            guard case .int(let a) = left, case .int(let b) = right else { return try arithmetic(op, .exact, left, right, site) }
            return .int(try checked(site) { () throws(EvaluationError) in
                switch op {
                case .add: try a.checkedAdding(b)
                case .subtract: try a.checkedSubtracting(b)
                case .multiply: try a.checkedMultiplied(by: b)
                case .divide: try a.checkedDivided(by: b)
                }
            })
        case .exact:
            let a = try exact(left, site), b = try exact(right, site)
            return .exact(try checked(site) { () throws(EvaluationError) in
                switch op {
                case .add: try a.adding(b)
                case .subtract: try a.subtracting(b)
                case .multiply: try a.multiplied(by: b)
                case .divide: try a.divided(by: b)
                }
            })
        case .durations:
            guard case .duration(let a) = left, case .duration(let b) = right else { throw Failure(message: "expected durations", site: site) }
            return .duration(try checked(site) { () throws(EvaluationError) in op == .add ? try a.adding(b) : try a.subtracting(b) })
        case .scaledDuration:
            if case .duration(let a) = left {
                let factor = try exact(right, site)
                return .duration(try checked(site) { () throws(EvaluationError) in
                    op == .divide ? try a.multiplied(by: try Exact.one.divided(by: factor)) : try a.multiplied(by: factor)
                })
            }
            guard case .duration(let b) = right else { throw Failure(message: "expected a duration", site: site) }
            let factor = try exact(left, site)
            return .duration(try checked(site) { () throws(EvaluationError) in try b.multiplied(by: factor) })
        case .durationRatio:
            guard case .duration(let a) = left, case .duration(let b) = right else { throw Failure(message: "expected durations", site: site) }
            return .exact(try checked(site) { () throws(EvaluationError) in try a.ratio(to: b) })
        case .shiftedTime:
            // `duration + time` is `time + duration`.
            let (timeValue, durationValue) = if case .duration = left, op == .add { (right, left) } else { (left, right) }
            guard case .instant(let a) = timeValue, case .duration(let b) = durationValue else { throw Failure(message: "expected a time and a duration", site: site) }
            return .instant(try checked(site) { () throws(EvaluationError) in op == .add ? try a.adding(b) : try a.subtracting(b) })
        case .timeDifference:
            guard case .instant(let a) = left, case .instant(let b) = right else { throw Failure(message: "expected times", site: site) }
            return .duration(try checked(site) { () throws(EvaluationError) in try a.duration(since: b) })
        }
    }
}
