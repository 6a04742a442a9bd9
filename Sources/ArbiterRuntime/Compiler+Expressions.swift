import ArbiterChecker
import ArbiterSyntax

extension Compiler {
    /// Lowers an expression to code, reading controls in `phase`.
    mutating func lower(_ expression: Expr, _ phase: Phase) throws(CompileError) -> Code {
        switch expression.kind {
        case .literal(let literal):
            return constant(try literalValue(literal, expression))
        case .name:
            switch checked.references[expression.span] {
            case .input(let slot)?: return emit(.input(slot))
            case .control(let slot)?: return emit(.control(slot, phase))
            case .let(let slot)?: return emit(.letValue(slot, phase))
            default: throw CompileError(message: "unresolved name", span: expression.span)
            }
        case .member:
            guard case .budgetMember(let slot, let member)? = checked.references[expression.span] else {
                throw CompileError(message: "unresolved budget member", span: expression.span)
            }
            return emit(.budget(slot, member))
        case .parenthesized(let inner):
            return try lower(inner, phase)
        case .unary(.not, let operand):
            return emit(.not(try lower(operand, phase)))
        case .unary(.negate, let operand) where operand.isLeastIntMagnitude:
            return constant(.int(.min))
        case .unary(.negate, let operand):
            let code = try lower(operand, phase)
            switch constantValue(code) {
            case .int(let value)? where value != .min: return constant(.int(-value))
            case .exact(let value)?: return constant(.exact(Exact(units: -value.units)))
            case .duration(let value)?: return constant(.duration(DurationValue(microseconds: -value.microseconds)))
            default: return emit(.negate(code, site: site(expression.span)))
            }
        case .binary(.and, let left, let right):
            return emit(.and(try lower(left, phase), try lower(right, phase)))
        case .binary(.or, let left, let right):
            return emit(.or(try lower(left, phase), try lower(right, phase)))
        case .binary(.coalesce, let left, let right):
            return emit(.coalesce(try lower(left, phase), try lower(right, phase)))
        case .binary(let op, let left, let right):
            let mode = arithmeticMode(checked.type(of: left).nonOptional, checked.type(of: right).nonOptional, result: checked.type(of: expression))
            let arithmetic: ArithmeticOperator = switch op {
            case .add: .add
            case .subtract: .subtract
            case .multiply: .multiply
            default: .divide
            }
            return emit(.arithmetic(arithmetic, mode, try lower(left, phase), try lower(right, phase), site: site(expression.span)))
        case .comparison(let op, let left, let right, let window):
            if let window {
                guard case .call(let callee, let arguments) = left.unparenthesized.kind,
                      let direction = RateDirection(rawValue: callee.name), let control = controlArgument(arguments) else {
                    throw CompileError(message: "a window needs `increase(x)` or `decrease(x)`", span: expression.span)
                }
                return emit(.rateLimit(control, direction, limit: try lower(right, phase), window: try duration(window.text, at: window.span),
                                       inclusive: op == .lessEqual, site: site(expression.span)))
            }
            let numeric: Set<ValueType> = [.int, .number, .percent, .money]
            let types = ComparisonTypes(left: checked.type(of: left), right: checked.type(of: right))
            let numbers = numeric.contains(types.left.nonOptional) && numeric.contains(types.right.nonOptional)
            let place = site(expression.span)
            comparisonTypes[place] = types
            return emit(.compare(op, try lower(left, phase), try lower(right, phase), site: place, numbers: numbers))
        case .between(let value, let low, let high):
            // The value's type shows all three in a trace (money with its code).
            let place = site(expression.span)
            comparisonTypes[place] = ComparisonTypes(left: checked.type(of: value), right: checked.type(of: low))
            return emit(.between(try lower(value, phase), try lower(low, phase), try lower(high, phase), site: place))
        case .within(let value, let tolerance, let window):
            guard case .call(_, let arguments) = value.unparenthesized.kind, let control = controlArgument(arguments) else {
                throw CompileError(message: "`within` needs `change(x)`", span: expression.span)
            }
            return emit(.within(control, tolerance: try lower(tolerance, phase), window: try duration(window.text, at: window.span),
                                site: site(expression.span)))
        case .exists(let value):
            return emit(.exists(try lower(value, phase)))
        case .conditional(let condition, let whenTrue, let whenFalse):
            return emit(.conditional(try lower(condition, phase), try lower(whenTrue, phase), try lower(whenFalse, phase)))
        case .call(let callee, let arguments):
            return try lowerCall(callee, arguments, expression, phase)
        case .missing:
            throw CompileError(message: "incomplete expression", span: expression.span)
        }
    }

    /// Appends a node to the table.
    mutating func emit(_ node: PlanNode) -> Code {
        nodes.append(node)
        return Code(index: nodes.count - 1)
    }

    /// A constant's node.
    mutating func constant(_ value: RuntimeValue) -> Code {
        constants.append(value)
        return emit(.constant(constants.count - 1))
    }

    /// The value of a constant node, nil for any other.
    func constantValue(_ code: Code) -> RuntimeValue? {
        if case .constant(let index) = nodes[code.index] { return constants[index] }
        return nil
    }

    private func controlArgument(_ arguments: [Argument]) -> Int? {
        guard let first = arguments.first, case .expression(let target) = first,
              case .control(let slot)? = checked.references[target.unparenthesized.span] else { return nil }
        return slot
    }

    private mutating func lowerCall(_ callee: Identifier, _ arguments: [Argument], _ expression: Expr, _ phase: Phase) throws(CompileError) -> Code {
        guard let builtin = Builtin(rawValue: callee.name) else {
            throw CompileError(message: "unknown function `\(callee.name)`", span: callee.span)
        }
        if builtin.isStateFunction {
            guard let control = controlArgument(arguments) else {
                throw CompileError(message: "`\(callee.name)` needs a control", span: expression.span)
            }
            switch builtin {
            case .current: return emit(.current(control))
            case .change: return emit(.change(control, site: site(expression.span)))
            case .increase: return emit(.movement(control, .increase, site: site(expression.span)))
            case .decrease: return emit(.movement(control, .decrease, site: site(expression.span)))
            case .sinceChange: return emit(.sinceChange(control))
            case .changes:
                guard arguments.count == 2, case .expression(let windowExpression) = arguments[1],
                      case .literal(.duration(let text)) = windowExpression.unparenthesized.kind else {
                    throw CompileError(message: "`changes` needs a duration literal", span: expression.span)
                }
                return emit(.changeCount(control, window: try duration(text, at: windowExpression.span)))
            case .count:
                guard arguments.count == 2, case .by(let field) = arguments[1], case .input(let input)? = checked.references[field.span] else {
                    throw CompileError(message: "`count` needs `by FIELD`", span: expression.span)
                }
                return emit(.count(control, groupInput: input))
            default:
                break
            }
        }
        var codes: [Code] = []
        for argument in arguments {
            guard case .expression(let inner) = argument else {
                throw CompileError(message: "unexpected `by` argument", span: argument.span)
            }
            codes.append(try lower(inner, phase))
        }
        let function: BuiltinFunction
        switch builtin {
        case .abs: function = .abs
        case .min: function = .min
        case .max: function = .max
        case .ceil: function = .ceil
        case .floor: function = .floor
        case .round: function = .round
        case .clamp: function = .clamp
        case .endsWith: function = .endsWith
        default: throw CompileError(message: "unknown function `\(callee.name)`", span: callee.span)
        }
        let start = self.arguments.count
        self.arguments.append(contentsOf: codes)
        return emit(.call(function, arguments: start..<self.arguments.count, resultIsInt: checked.type(of: expression) == .int, site: site(expression.span)))
    }

    private func arithmeticMode(_ left: ValueType, _ right: ValueType, result: ValueType) -> ArithmeticMode {
        switch (left, right) {
        case (.int, .int) where result == .int: return .int
        // Times first: `time ± duration` must not be taken for `duration × number`.
        case (.time, .time), (.date, .date): return .timeDifference
        case (.time, _), (.date, _), (_, .time), (_, .date): return .shiftedTime
        case (.duration, .duration): return result == .duration ? .durations : .durationRatio
        case (.duration, _), (_, .duration): return .scaledDuration
        default: return .exact
        }
    }

    private mutating func literalValue(_ literal: Literal, _ expression: Expr) throws(CompileError) -> RuntimeValue {
        do {
            switch literal {
            case .number(let text):
                let clean = text.replacingOccurrences(of: "_", with: "")
                if !clean.contains("."), checked.type(of: expression) == .int || checked.type(of: expression) == .error {
                    guard let value = Int64(clean) else { throw CompileError(message: "integer literal out of range", span: expression.span) }
                    return .int(value)
                }
                return .exact(try Exact(parsing: clean))
            case .money(let amount, _):
                return .exact(try Exact(parsing: amount.replacingOccurrences(of: "_", with: "")))
            case .percent(let text):
                // Read as hundredths, so a literal up to 100 times the largest number reads
                // (the checker allows that range) and no division rounds it.
                return .exact(try Exact(parsing: text.replacingOccurrences(of: "_", with: "") + "e-2"))
            case .duration(let text):
                return .duration(try duration(text, at: expression.span))
            case .date(let text):
                return .instant(try moment(text, at: expression.span))
            case .time(let text):
                return .instant(try Instant(parsing: text))
            case .string(let text):
                return .text(text)
            case .bool(let value):
                return .bool(value)
            }
        } catch let error as CompileError {
            throw error
        } catch {
            throw CompileError(message: "invalid literal: \(error)", span: expression.span)
        }
    }
}
