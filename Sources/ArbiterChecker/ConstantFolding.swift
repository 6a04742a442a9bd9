import ArbiterSyntax
import Foundation

// Constant folding for the warnings: which conditions are always false, which bounds are
// constants. It only evaluates literals and operators on them; a name is never a
// constant. Quantities are exact decimals: a percent is its ratio (15% is 0.15), money
// its amount in the policy's currency, a duration its length in milliseconds.

/// A value known while checking.
enum Constant: Equatable {
    /// A number, percent, money amount or duration, with its kind.
    case quantity(Decimal, ValueType.Kind)
    /// A date or time, in microseconds since 1970-01-01T00:00:00Z (exact).
    case instant(Decimal, ValueType.Kind)
    case bool(Bool)
    case text(String)

    /// How two constants of one kind order; nil when they do not compare.
    static func order(_ left: Constant, _ right: Constant) -> ComparisonResult? {
        switch (left, right) {
        case (.quantity(let a, let kindA), .quantity(let b, let kindB)) where kindA == kindB:
            a < b ? .orderedAscending : (a == b ? .orderedSame : .orderedDescending)
        case (.instant(let a, let kindA), .instant(let b, let kindB)) where kindA == kindB:
            a < b ? .orderedAscending : (a == b ? .orderedSame : .orderedDescending)
        case (.bool(let a), .bool(let b)):
            a == b ? .orderedSame : nil
        case (.text(let a), .text(let b)):
            a == b ? .orderedSame : nil
        default:
            nil
        }
    }

    /// Whether `left op right` holds, nil when unknown.
    static func holds(_ op: ComparisonOperator, _ left: Constant, _ right: Constant) -> Bool? {
        if case .bool = left, op != .equal, op != .notEqual { return nil }
        if case .text = left, op != .equal, op != .notEqual { return nil }
        guard let order = order(left, right) else {
            // Unequal bools or texts: only `==` and `!=` are decided.
            switch (left, right, op) {
            case (.bool, .bool, .equal), (.text, .text, .equal): return false
            case (.bool, .bool, .notEqual), (.text, .text, .notEqual): return true
            default: return nil
            }
        }
        return switch op {
        case .equal: order == .orderedSame
        case .notEqual: order != .orderedSame
        case .less: order == .orderedAscending
        case .lessEqual: order != .orderedDescending
        case .greater: order == .orderedDescending
        case .greaterEqual: order != .orderedAscending
        }
    }
}

extension Checker {
    /// The value of an expression made of literals, nil when it reads anything else.
    func constant(_ expression: Expr) -> Constant? {
        switch expression.kind {
        case .literal(let literal):
            return literalConstant(literal)
        case .parenthesized(let inner):
            return constant(inner)
        case .unary(.negate, let operand):
            guard case .quantity(let value, let kind)? = constant(operand) else { return nil }
            return .quantity(-value, kind)
        case .unary(.not, let operand):
            guard case .bool(let value)? = constant(operand) else { return nil }
            return .bool(!value)
        case .binary(.and, _, _), .binary(.or, _, _):
            return logicalConstant(expression)
        case .binary(let op, let left, let right):
            // Each operand folded once: folding it twice at every level would take time
            // exponential in the depth of a chain.
            guard let a = constant(left), let b = constant(right) else { return nil }
            return binaryConstant(op, a, b, expression)
        case .call(let callee, let arguments):
            return callConstant(callee.name, arguments, expression)
        case .comparison(let op, let left, let right, nil):
            guard let a = constant(left), let b = constant(right), let result = Constant.holds(op, a, b) else { return nil }
            return .bool(result)
        case .between(let subject, let low, let high):
            guard let value = constant(subject), let lowValue = constant(low), let highValue = constant(high),
                  let above = Constant.holds(.greaterEqual, value, lowValue),
                  let below = Constant.holds(.lessEqual, value, highValue) else { return nil }
            return .bool(above && below)
        case .conditional(let condition, let then, let otherwise):
            guard case .bool(let value)? = constant(condition) else { return nil }
            return constant(value ? then : otherwise)
        default:
            return nil
        }
    }

    /// `abs`, `ceil` and `floor` of a constant; nil for any other call.
    private func callConstant(_ name: String, _ arguments: [Argument], _ expression: Expr) -> Constant? {
        guard arguments.count == 1, case .expression(let argument) = arguments[0], case .quantity(let argumentValue, _)? = constant(argument),
              let kind = types[expression.span]?.kind, kind != .error else { return nil }
        var value = argumentValue
        var rounded = Decimal()
        switch name {
        case "abs":
            return .quantity(value < 0 ? -value : value, kind)
        case "ceil":
            NSDecimalRound(&rounded, &value, 0, .up)
        case "floor":
            NSDecimalRound(&rounded, &value, 0, .down)
        default:
            return nil
        }
        return .quantity(rounded, kind)
    }

    /// `+ - * /` on two constant quantities, and a time or date moved by a duration.
    private func binaryConstant(_ op: BinaryOperator, _ left: Constant, _ right: Constant, _ expression: Expr) -> Constant? {
        guard let arithmetic = ArithmeticOperator(op), let type = types[expression.span], type.kind != .error else { return nil }
        let kind = type.kind
        switch (left, right, arithmetic) {
        case (.instant(let microseconds, _), .quantity(let milliseconds, .duration), .add),
             (.quantity(let milliseconds, .duration), .instant(let microseconds, _), .add):
            return .instant(microseconds + milliseconds * 1_000, kind)
        case (.instant(let microseconds, _), .quantity(let milliseconds, .duration), .subtract):
            return .instant(microseconds - milliseconds * 1_000, kind)
        case (.quantity(let a, _), .quantity(let b, _), _):
            // Rounded as the runtime rounds, so a warning agrees with what a decision does:
            // an int quotient truncates, a duration keeps microseconds (0.001 ms), anything
            // else 18 fractional digits, half-even.
            func runtime(_ value: Decimal) -> Decimal {
                var value = value
                var rounded = Decimal()
                if type == .int {
                    NSDecimalRound(&rounded, &value, 0, value < 0 ? .up : .down)
                } else {
                    NSDecimalRound(&rounded, &value, kind == .duration ? 3 : 18, .bankers)
                }
                return rounded
            }
            switch arithmetic {
            case .add: return .quantity(a + b, kind)
            case .subtract: return .quantity(a - b, kind)
            case .multiply: return .quantity(runtime(a * b), kind)
            case .divide: return b == 0 ? nil : .quantity(runtime(a / b), kind)
            }
        default:
            return nil
        }
    }

    private func literalConstant(_ literal: Literal) -> Constant? {
        switch literal {
        case .number(let text): LiteralValue.decimal(text).map { .quantity($0, .dimensionless) }
        case .percent(let text): LiteralValue.decimal(text).map { .quantity($0 / 100, .dimensionless) }
        case .money(let amount, _): LiteralValue.decimal(amount).map { .quantity($0, .money) }
        case .duration(let text): LiteralValue.milliseconds(text).map { .quantity($0, .duration) }
        case .date(let text): LiteralValue.microseconds(text, timeZone: timeZone).map { .instant($0, .date) }
        case .time(let text): LiteralValue.microseconds(text, timeZone: timeZone).map { .instant($0, .time) }
        case .string(let text): .text(text)
        case .bool(let value): .bool(value)
        }
    }

    /// `and` / `or` chains, flattened without recursion; `false and x` is false even
    /// when `x` is not a constant.
    private func logicalConstant(_ expression: Expr) -> Constant? {
        guard case .binary(let op, _, _) = expression.kind else { return nil }
        var unknown = false
        for operand in operands(of: op, in: expression) {
            switch constant(operand) {
            case .bool(let value)? where value == (op == .or): return .bool(value)
            case .bool?: continue
            default: unknown = true
            }
        }
        return unknown ? nil : .bool(op == .and)
    }

    /// The operands of a chain of one operator (`a and b and c` → a, b, c), in order.
    func operands(of op: BinaryOperator, in expression: Expr) -> [Expr] {
        var result: [Expr] = []
        var stack = [expression]
        while let node = stack.popLast() {
            if case .binary(op, let left, let right) = node.unparenthesized.kind {
                stack.append(right)
                stack.append(left)
            } else {
                result.append(node)
            }
        }
        return result
    }
}

extension Checker {
    /// Whether a constant is an int past 64 bits.
    private func overflowsInt(_ expression: Expr, _ type: ValueType) -> Bool {
        guard type.nonOptional == .int, case .quantity(let value, _)? = constant(expression) else { return false }
        return value < Decimal(Int64.min) || value > Decimal(Int64.max)
    }

    /// The bound of a finite duration, in milliseconds: 2⁶³ − 1 microseconds, which is
    /// the runtime's `unbounded` (a finite duration is shorter).
    private static let longestDuration = Decimal(Int64.max) / 1_000

    /// Whether a constant is beyond what its type holds at runtime: an int past 64 bits,
    /// a number, percent or money past about 1.7 × 10²⁰, a duration past about 292,000
    /// years. The runtime's arithmetic is checked, so it would be an evaluation error.
    private func overflows(_ expression: Expr, _ type: ValueType) -> Bool {
        guard case .quantity(let value, _)? = constant(expression) else { return false }
        let magnitude = value < 0 ? -value : value
        return switch type.nonOptional {
        case .int: value < Decimal(Int64.min) || value > Decimal(Int64.max)
        case .number, .percent, .money: magnitude > LiteralValue.greatestAmount
        // 2⁶³ − 1 µs itself is the runtime's `unbounded`: arithmetic landing there overflows.
        case .duration: magnitude >= Self.longestDuration
        default: false
        }
    }

    /// Whether a constant is a time or date outside the years 0000 to 9999.
    private func leavesWritableTimes(_ expression: Expr) -> Bool {
        guard let kind = types[expression.span]?.kind, kind == .time || kind == .date,
              case .instant(let microseconds, _)? = constant(expression) else { return false }
        return !LiteralValue.writableMicroseconds.contains(microseconds)
    }

    private mutating func reportIntOverflow(at span: Span) {
        report(Diagnostic(.failingConstant, "int arithmetic overflows: the result is beyond the range of an int", at: span,
                          label: "does not fit 64 bits",
                          help: "an int holds -9223372036854775808 to 9223372036854775807; use a number (`1.0 * …`) for larger values"))
    }

    private mutating func reportOverflow(at span: Span, _ type: ValueType) {
        // An inner step is found both by the chain around it and by its own check.
        guard overflowsReported.insert(span).inserted else { return }
        switch type.nonOptional {
        case .int:
            reportIntOverflow(at: span)
        case .duration:
            report(Diagnostic(.failingConstant, "duration arithmetic overflows: the result is beyond the range of a duration", at: span,
                              label: "longer than about 292,000 years",
                              help: "every decision that reads this would end in an `error`; a finite duration is shorter than 2⁶³ − 1 microseconds"))
        default:
            report(Diagnostic(.failingConstant, "\(type.nonOptional.displayName) arithmetic overflows: the result is beyond about 1.7 × 10²⁰",
                              at: span, label: "does not fit an exact amount",
                              help: "every decision that reads this would end in an `error`; a number, percent or money amount holds up to about 1.7 × 10²⁰"))
        }
    }

    /// Arithmetic on constants that would fail at every decision that reads it is an
    /// error here: a division by a constant zero, a constant past its type's range (an
    /// `int` past 64 bits, a number past about 1.7 × 10²⁰, a duration past about 292,000
    /// years: the runtime's arithmetic is checked, so it would be an evaluation error),
    /// and a constant time moved outside the years 0000 to 9999.
    mutating func checkConstantArithmetic(_ expression: Expr, _ type: ValueType) {
        // The chain's operations, along its left spine (`a / b / 0`); a step that leaves
        // its type's range fails even when the whole would fit (`2 * max - max`), so the
        // innermost such step is the one reported.
        var overflowing: (node: Expr, type: ValueType)?
        var outOfYears: Expr?
        var node = expression
        while case .binary(let op, let left, let right) = node.kind, op != .coalesce {
            if op == .divide, case .quantity(let divisor, _)? = constant(right), divisor == 0 {
                report(Diagnostic(.failingConstant, "division by zero", at: right.span, label: "this is zero",
                                  help: "every decision that reads this would end in an `error`; divide by a value that is not zero"))
                return
            }
            let nodeType = types[node.span] ?? type
            if overflows(node, nodeType) { overflowing = (node, nodeType) }
            if leavesWritableTimes(node), !leavesWritableTimes(left), !leavesWritableTimes(right) { outOfYears = node }
            node = left.unparenthesized
        }
        if let overflowing { reportOverflow(at: overflowing.node.span, overflowing.type) }
        if let outOfYears {
            report(Diagnostic(.failingConstant, "time arithmetic leaves the years 0000 to 9999", at: outOfYears.span,
                              label: "no time can hold this",
                              help: "every decision that reads this would end in an `error`; a time runs from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z"))
        }
    }

    /// A negation or a call on constants that would fail at every decision: `-x` or
    /// `abs(x)` of the smallest int, `ceil(x)` or `floor(x)` past 64 bits,
    /// `round(x, step)` with a step that is not above zero, and `clamp(x, low, high)`
    /// with constant bounds crossed.
    mutating func checkConstantOperation(_ expression: Expr, _ type: ValueType) {
        switch expression.kind {
        case .unary(.negate, let operand):
            if overflowsInt(expression, type), !overflowsInt(operand, types[operand.span] ?? type) { reportIntOverflow(at: expression.span) }
        case .call(let callee, let arguments):
            if callee.name == "round", arguments.count == 2, case .expression(let stepExpression) = arguments[1],
               case .quantity(let step, _)? = constant(stepExpression), step <= 0 {
                report(Diagnostic(.failingConstant, "rounding step must be greater than zero", at: arguments[1].span,
                                  label: step == 0 ? "this is zero" : "this is below zero",
                                  help: "every decision that reads this would end in an `error`; round to a step above zero, such as `round(x, 0.01)`"))
            } else if callee.name == "clamp", arguments.count == 3, case .expression(let low) = arguments[1],
                      case .expression(let high) = arguments[2], let lowValue = constant(low), let highValue = constant(high),
                      Constant.order(lowValue, highValue) == .orderedDescending {
                report(Diagnostic(.failingConstant, "clamp's low bound is above its high bound", at: expression.span,
                                  label: "no value lies between these bounds",
                                  help: "every decision that reads this would end in an `error`; write `clamp(x, low, high)` with low at most high"))
            } else if ["abs", "ceil", "floor"].contains(callee.name), arguments.count == 1, case .expression(let argument) = arguments[0],
                      overflowsInt(expression, type), !overflowsInt(argument, types[argument.span] ?? type) {
                reportIntOverflow(at: expression.span)
            }
        default:
            break
        }
    }
}
