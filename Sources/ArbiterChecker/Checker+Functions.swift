import ArbiterSyntax

extension Checker {
    /// Types a call of a built-in function.
    mutating func callType(_ callee: Identifier, _ arguments: [Argument], _ expression: Expr, _ scope: Scope) -> ValueType {
        guard let builtin = Builtin(rawValue: callee.name) else {
            typeArguments(arguments, scope)
            let names = Builtin.allCases.map(\.rawValue)
            report(unknownWord(.unknownFunction, "unknown function `\(callee.name)`", callee, label: "not a built-in function",
                               candidates: names, listing: "the functions are \(Suggestion.list(names, limit: names.count))"))
            return .error
        }
        let (minimum, maximum) = builtin.arity
        guard arguments.count >= minimum, arguments.count <= maximum ?? Int.max else {
            typeArguments(arguments, scope)
            let expected = switch (minimum, maximum) {
            case (1, 1): "1 argument"
            case (let least, nil): "at least \(least) arguments"
            default: "\(minimum) arguments"
            }
            report(Diagnostic(.wrongArgumentCount, "`\(callee.name)` takes \(expected), found \(arguments.count)",
                              at: expression.span, label: "expected `\(builtin.signature)`"))
            return .error
        }
        if builtin.isStateFunction { return stateCallType(builtin, arguments, scope) }

        var expressions: [Expr] = []
        var argumentTypes: [ValueType] = []
        for argument in arguments {
            switch argument {
            case .expression(let value):
                expressions.append(value)
                argumentTypes.append(type(of: value, scope))
            case .by(let name):
                report(Diagnostic(.argumentType, "`by` does not apply to `\(callee.name)`", at: name.span,
                                  label: "not an argument of `\(callee.name)`",
                                  help: "`by FIELD` only groups `count(control, by field)`"))
                expressions.append(Expr(.missing, span: name.span))
                argumentTypes.append(.error)
            }
        }
        let first = argumentTypes[0]
        switch builtin {
        case .abs:
            return require(first.isQuantity, expressions[0], first, builtin, "a number, percent, money or duration") ? first : .error
        case .ceil, .floor:
            guard require(first.isDimensionless || first == .money, expressions[0], first, builtin, "a number, percent or money") else { return .error }
            return first == .money ? .money : (first == .error ? .error : .int)
        case .min, .max, .clamp:
            return orderedJoin(builtin, expressions, argumentTypes)
        case .round:
            guard require(first.isQuantity, expressions[0], first, builtin, "a number, percent, money or duration") else { return .error }
            requireSameKind(builtin, "step", expressions[0], first, expressions[1], argumentTypes[1])
            return first
        case .endsWith:
            _ = require(first.isDimensionless || first == .money, expressions[0], first, builtin, "money or a number")
            _ = require(argumentTypes[1].isDimensionless, expressions[1], argumentTypes[1], builtin, "a number such as `0.99`")
            return .bool
        case .current, .change, .increase, .decrease, .changes, .sinceChange, .count:
            return .error
        }
    }

    private mutating func typeArguments(_ arguments: [Argument], _ scope: Scope) {
        for case .expression(let value) in arguments { _ = type(of: value, scope) }
    }

    /// Reports an argument of the wrong type; true when the type is acceptable.
    private mutating func require(_ accepted: Bool, _ argument: Expr, _ type: ValueType, _ builtin: Builtin, _ wanted: String) -> Bool {
        if accepted || type == .error { return true }
        report(Diagnostic(.argumentType, "`\(builtin.rawValue)` needs \(wanted), found \(type.displayName)", at: argument.span,
                          label: "this is \(type.displayName)", help: "call it as `\(builtin.signature)`"))
        return false
    }

    /// Reports a second argument whose kind differs from the first (`round(price, 0.05)`).
    private mutating func requireSameKind(_ builtin: Builtin, _ role: String, _ first: Expr, _ firstType: ValueType,
                                          _ other: Expr, _ otherType: ValueType) {
        guard firstType != .error, otherType != .error, firstType.kind != otherType.kind else { return }
        var diagnostic = Diagnostic(.argumentType, "the \(role) of `\(builtin.rawValue)` is \(otherType.displayName), but \(described(first)) is \(firstType.displayName)",
                                    at: other.span, label: "this is \(otherType.displayName)")
        addUnitHint(to: &diagnostic, bare: other, bareType: otherType, unitType: firstType)
        report(diagnostic)
    }

    /// `min`, `max`, `clamp`: arguments of one ordered kind; the result is their join
    /// (for `clamp`, the type of `x` when the bounds join with it).
    private mutating func orderedJoin(_ builtin: Builtin, _ expressions: [Expr], _ argumentTypes: [ValueType]) -> ValueType {
        var joined: ValueType?
        var joinedExpression = expressions[0]
        var sawError = false
        for (expression, type) in zip(expressions, argumentTypes) {
            if type == .error { sawError = true; continue }
            guard type.isOrdered else {
                report(Diagnostic(.argumentType, "`\(builtin.rawValue)` needs ordered values, found \(type.displayName)",
                                  at: expression.span, label: "this is \(type.displayName)",
                                  help: "`\(builtin.rawValue)` compares numbers, percents, money, durations, times or dates"))
                return .error
            }
            guard let current = joined else {
                joined = type
                joinedExpression = expression
                continue
            }
            guard let next = joinLiterals(joinedExpression, current, expression, type) else {
                var diagnostic = Diagnostic(.argumentType, "`\(builtin.rawValue)` mixes \(current.displayName) and \(type.displayName)",
                                            at: expression.span, label: "this is \(type.displayName)",
                                            notes: [DiagnosticNote("this is \(current.displayName)", span: joinedExpression.span)],
                                            help: "all the arguments of `\(builtin.rawValue)` must be of one kind")
                addUnitHint(to: &diagnostic, bare: expression, bareType: type, unitType: current)
                addUnitHint(to: &diagnostic, bare: joinedExpression, bareType: current, unitType: type)
                report(diagnostic)
                return .error
            }
            joined = next
        }
        if sawError { return .error }
        if builtin == .clamp, let joined, UnitAlgebra.isAssignable(joined, to: argumentTypes[0]) { return argumentTypes[0] }
        return joined ?? .error
    }
}
