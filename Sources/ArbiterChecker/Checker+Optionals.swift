import ArbiterSyntax

// Optional inputs (`competitor_price: money?`) may be missing. A read of one is allowed
// only where it is known to be present:
//
// - after `x exists` in the same `and` chain, left to right (`x exists and x < price`);
// - in the `set` values of a rule whose `when` is such a chain;
// - in the `then` branch of `if x exists … then … else …`;
// - on the left of `x ?? fallback`, whose result is never missing.
//
// `not (x exists)` and `x exists or …` narrow nothing. Everywhere else the read is
// reported (E0206) and typed as present, so the mistake is reported once. The operand
// of `exists` and the left side of `??` keep the type `T?` in `types`; every other read
// of an optional input has type `T`.

extension Checker {
    /// The type of a name read, with the checks for optional inputs.
    mutating func nameType(_ name: String, at span: Span, _ scope: Scope, allowOptional: Bool) -> ValueType {
        guard let symbol = values[name] else {
            reportUnknownName(name, at: span)
            return .error
        }
        references[span] = symbol
        switch symbol {
        case .input(let slot):
            inputUsed[slot] = true
            let type = inputs[slot].type
            guard inputs[slot].isOptional, type != .error else { return type }
            if allowOptional { return .optional(type) }
            if !scope.narrowed.contains(slot), unnarrowedReported.insert(slot).inserted {
                report(Diagnostic(.unnarrowedOptional, "optional `\(name)` may be missing here", at: span,
                                  label: "may be missing",
                                  notes: [DiagnosticNote("`\(name)` is declared optional here", span: inputs[slot].syntax.type.span)],
                                  help: "check `\(name) exists` first, or give a fallback: `\(name) ?? …`"))
            }
            return type
        case .control(let slot):
            return controls[slot].type
        case .let(let slot):
            letUsed[slot] = true
            return lets[slot].type
        case .budgetMember:
            return .error
        }
    }

    /// `x exists`: `x` must be an optional input.
    mutating func existsType(_ operand: Expr, _ expression: Expr, _ scope: Scope) -> ValueType {
        let operandType = type(of: operand, scope, allowOptional: true)
        guard !operandType.isOptional, operandType != .error, !isControlOfOptionalField(operand) else { return .bool }
        report(Diagnostic(.existsOnRequired, "\(described(operand)) is never missing", at: operand.span,
                          label: "always present",
                          notes: requiredFieldNote(operand),
                          help: "only input fields declared with `?` may be missing; remove the `exists` test"))
        return .bool
    }

    /// `x ?? fallback`: `x` must be an optional input, the fallback of the same kind.
    mutating func coalesceType(_ left: Expr, _ right: Expr, _ expression: Expr, _ scope: Scope) -> ValueType {
        let before = diagnostics.count
        let leftType = type(of: left, scope, allowOptional: true)
        // `n + o ?? 1` is `(n + o) ?? 1`: `??` binds more loosely than arithmetic. The
        // optional operand's E0206 says so, with the fix, and `??` "has no effect" is not
        // said as well (removing it, as that would advise, leaves the error).
        let split: (operator: String, last: Expr, fixed: String)? = switch left.kind {
        case .binary(let op, let first, let last) where ArithmeticOperator(op) != nil:
            (op.rawValue, last, "\(text(first.span)) \(op.rawValue) (\(text(last.span)) ?? \(text(right.span)))")
        case .unary(.negate, let operand):
            // `-(o ?? 1)` would negate the fallback too: the help shows the grouping,
            // and which fallback was meant is the author's to say.
            ("-", operand, "-(\(text(operand.span)) ?? …)")
        default: nil
        }
        if let split, !leftType.isOptional,
           let index = diagnostics[before...].firstIndex(where: { $0.code == .unnarrowedOptional && $0.span == split.last.span }) {
            diagnostics[index].help = "`??` binds more loosely than `\(split.operator)`, so it applies to all of `\(text(left.span))`: write `\(split.fixed)`"
            _ = type(of: right, scope)
            // A certain fix only when nothing else in the expression (the fallback
            // included) is wrong: an edit over the whole would overlap another fix-it.
            let alone = diagnostics.count == before + 1
            diagnostics[index].fixIts = alone && !split.fixed.contains("…") ? [FixIt(span: expression.span, replacement: split.fixed)] : []
            return leftType
        }
        // An optional operand inside (`stock + -o ?? 1`) is reported already: removing
        // `??`, as "has no effect" would advise, would leave that error.
        if diagnostics[before...].contains(where: { $0.code == .unnarrowedOptional }) {
            _ = type(of: right, scope)
            return leftType
        }
        let rightType = type(of: right, scope)
        guard leftType.isOptional || leftType == .error || isControlOfOptionalField(left) else {
            report(Diagnostic(.existsOnRequired, "\(described(left)) is never missing, so `??` has no effect", at: left.span,
                              label: "always present", notes: requiredFieldNote(left),
                              help: "remove `?? \(text(right.span))`"))
            return leftType
        }
        let present = leftType.nonOptional
        if let joined = joinLiterals(left, present, right, rightType) {
            return joined
        }
        var diagnostic = Diagnostic(.invalidOperand, "the fallback of `??` is \(rightType.displayName), but \(described(left)) is \(present.displayName)",
                                    at: right.span, label: "this is \(rightType.displayName)",
                                    help: "the fallback stands in for a missing value: give it the same kind")
        addUnitHint(to: &diagnostic, bare: right, bareType: rightType, unitType: present)
        report(diagnostic)
        return present
    }

    /// The optional inputs that are present wherever `condition` holds: the operands of
    /// `exists` among the conjuncts of its `and` chain. Iterative, for long chains.
    func existsFacts(_ condition: Expr) -> Set<Int> {
        // Most conditions are neither `exists` nor `and`: answer without allocating.
        switch condition.kind {
        case .exists, .binary(.and, _, _), .parenthesized: break
        default: return []
        }
        var facts = Set<Int>()
        var stack = [condition]
        while let node = stack.popLast() {
            switch node.unparenthesized.kind {
            case .exists(let operand):
                if case .name(let name) = operand.unparenthesized.kind, case .input(let slot) = values[name],
                   inputs[slot].isOptional {
                    facts.insert(slot)
                }
            case .binary(.and, let left, let right):
                stack.append(left)
                stack.append(right)
            default:
                break
            }
        }
        return facts
    }

    /// "`price`" for a name, "this value" otherwise.
    func described(_ expression: Expr) -> String {
        if case .name(let name) = expression.unparenthesized.kind { return "`\(name)`" }
        return "this value"
    }

    /// Whether the expression names a control read from an optional input field: E0112
    /// reports that control, and "never missing" would contradict the field's `?`.
    private func isControlOfOptionalField(_ expression: Expr) -> Bool {
        guard case .name(let name) = expression.unparenthesized.kind, let slot = inputIndex[name] else { return false }
        return inputs[slot].isOptional
    }

    private func requiredFieldNote(_ expression: Expr) -> [DiagnosticNote] {
        guard case .name(let name) = expression.unparenthesized.kind, let slot = inputIndex[name] else { return [] }
        return [DiagnosticNote("`\(name)` is declared without `?` here", span: inputs[slot].syntax.span)]
    }
}
