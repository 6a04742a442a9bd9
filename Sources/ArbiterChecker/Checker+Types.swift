import ArbiterSyntax

/// Where an expression is checked: which value a control's name means, and which
/// optional inputs `exists` has narrowed to present.
struct Scope {
    /// Current or proposed values of controls.
    var context: EvaluationContext
    /// Slots of optional inputs known to be present here.
    var narrowed: Set<Int> = []
}

extension Checker {
    /// Types an expression bottom-up, records the type of every node in `types` and
    /// every name in `references`, and reports what does not type. `allowOptional` is set
    /// only for the operand of `exists` and the left side of `??`, where an optional
    /// input keeps its type `T?`.
    mutating func type(of expression: Expr, _ scope: Scope, allowOptional: Bool = false) -> ValueType {
        let type: ValueType
        switch expression.kind {
        case .literal(let literal):
            type = literalType(literal, at: expression.span)
        case .name(let name):
            type = nameType(name, at: expression.span, scope, allowOptional: allowOptional)
        case .member(let base, let member):
            type = memberType(base, member, at: expression.span)
        case .call(let callee, let arguments):
            type = callType(callee, arguments, expression, scope)
        case .unary(let op, let operand):
            type = unaryType(op, operand, expression, scope)
        case .binary(.coalesce, let left, let right):
            type = coalesceType(left, right, expression, scope)
        case .binary:
            type = chainType(expression, scope)
        case .comparison(let op, let left, let right, let window):
            type = comparisonType(op, left, right, window: window, expression, scope)
        case .between(let subject, let low, let high):
            type = betweenType(subject, low, high, scope)
        case .within(let subject, let tolerance, let window):
            type = withinType(subject, tolerance, window, expression, scope)
        case .exists(let operand):
            type = existsType(operand, expression, scope)
        case .conditional(let condition, let then, let otherwise):
            type = conditionalType(condition, then, otherwise, scope)
        case .parenthesized(let inner):
            type = self.type(of: inner, scope, allowOptional: allowOptional)
        case .missing:
            complete = false
            type = .error
        }
        types[expression.span] = type
        // After its type is recorded, which folding the chain reads.
        if type != .error {
            switch expression.kind {
            case .binary(.coalesce, _, _): break
            case .binary: checkConstantArithmetic(expression, type)
            case .unary(.negate, _), .call: checkConstantOperation(expression, type)
            default: break
            }
        }
        return type
    }

    // MARK: - Leaves

    /// Reports a literal the runtime cannot hold (E0005); returns whether it did.
    @discardableResult
    mutating func reportRangeProblem(of literal: Literal, at span: Span) -> Bool {
        guard let problem = LiteralValue.rangeProblem(literal) else { return false }
        report(Diagnostic(.malformedLiteral, problem, at: span, label: "cannot be held exactly",
                          help: "write a value the runtime holds exactly, or compute it from smaller parts"))
        return true
    }

    /// A date or time literal whose instant is outside the years 0000 to 9999 (E0005).
    mutating func reportUnwritableTime(_ text: String, at span: Span) {
        report(Diagnostic(.malformedLiteral, "`\(text)` is outside the years 0000 to 9999 (in UTC)", at: span,
                          label: "no time can hold this",
                          help: "a time runs from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z; its offset (a date's: the policy's zone) moves it past them"))
    }

    mutating func literalType(_ literal: Literal, at span: Span) -> ValueType {
        reportRangeProblem(of: literal, at: span)
        switch literal {
        case .date(let text), .time(let text):
            // An offset (or, for a date, the policy's zone) can carry a time written inside
            // the years 0000 to 9999 outside them: no decision could use it (§3).
            if let microseconds = LiteralValue.microseconds(text, timeZone: timeZone),
               !LiteralValue.writableMicroseconds.contains(microseconds) {
                reportUnwritableTime(text, at: span)
            }
        default:
            break
        }
        switch literal {
        case .number(let text): return LiteralValue.isInteger(text) ? .int : .number
        case .percent: return .percent
        case .duration: return .duration
        case .date: return .date
        case .time: return .time
        case .string: return .text
        case .bool: return .bool
        case .money(let amount, let code):
            let codeSpan = Span(file: span.file, start: span.end - code.utf8.count, end: span.end)
            if currency == nil, !items.currencies.isEmpty {
                // The `currency` header is wrong and reported; its money is not reported again.
            } else if !ISO4217.isKnown(code), let currency {
                // A policy has one currency: that is the code meant, whatever it is close to.
                var diagnostic = Diagnostic(.unknownCurrency, "unknown currency `\(code)`", at: codeSpan, label: "not an ISO 4217 currency code",
                                            help: "the policy's money is in `\(currency)`: write `\(amount) \(currency)`")
                diagnostic.fixIts = [FixIt(span: codeSpan, replacement: currency)]
                if let currencySpan { diagnostic.notes = [DiagnosticNote("the policy's currency is set here", span: currencySpan)] }
                report(diagnostic)
            } else if !ISO4217.isKnown(code) {
                report(unknownWord(.unknownCurrency, "unknown currency `\(code)`", Identifier(code, span: codeSpan),
                                   label: "not an ISO 4217 currency code", candidates: ISO4217.codes,
                                   listing: "write the ISO 4217 code of the policy's money, such as `EUR`"))
            } else if let currency, code != currency {
                var notes: [DiagnosticNote] = []
                if let currencySpan { notes.append(DiagnosticNote("the policy's currency is set here", span: currencySpan)) }
                report(Diagnostic(.currencyMismatch, "`\(amount) \(code)` is in `\(code)`, but the policy's currency is `\(currency)`",
                                  at: span, label: "in \(code)", notes: notes,
                                  help: "a policy works in one currency: write the amount in \(currency)"))
            } else {
                requireCurrency(at: span)
            }
            return .money
        }
    }

    mutating func memberType(_ base: Identifier, _ member: Identifier, at span: Span) -> ValueType {
        guard let slot = budgetIndex[base.name] else {
            if base.name.isEmpty { return .error }
            if values[base.name] != nil {
                report(Diagnostic(.unknownName, "`\(base.name)` is not a budget", at: base.span,
                                  label: "has no members",
                                  help: "only budgets have members, as in `ads.remaining`"))
            } else {
                report(unknownWord(.unknownName, "unknown budget `\(base.name)`", base, label: "not declared in this policy",
                                   candidates: budgets.map(\.name),
                                   listing: budgets.isEmpty ? "declare it with `budget \(base.name): 1000 EUR per 1d { … }`"
                                       : "the budgets are \(Suggestion.list(budgets.map(\.name)))"))
            }
            return .error
        }
        guard let which = BudgetMember(rawValue: member.name) else {
            if !member.name.isEmpty {
                report(unknownWord(.unknownBudgetMember, "budget `\(base.name)` has no member `\(member.name)`", member,
                                   label: "not a budget member", candidates: BudgetMember.allCases.map(\.rawValue),
                                   listing: "a budget has `used`, `remaining`, `limit` and `pace`"))
            }
            return .error
        }
        references[span] = .budgetMember(slot, which)
        return which == .pace ? .percent : budgets[slot].type
    }

    // MARK: - Operators

    mutating func unaryType(_ op: UnaryOperator, _ operand: Expr, _ expression: Expr, _ scope: Scope) -> ValueType {
        // The least int, -9223372036854775808, is written as the negation of a literal
        // one past the greatest: that literal is in range here.
        if op == .negate, operand.isLeastIntMagnitude {
            types[operand.span] = .int
            return .int
        }
        let operandType = type(of: operand, scope)
        switch op {
        case .not:
            if operandType != .bool, operandType != .error {
                report(Diagnostic(.invalidOperand, "cannot apply `not` to \(operandType.displayName)", at: operand.span,
                                  label: "this is \(operandType.displayName), not bool",
                                  help: "`not` negates a condition; compare the value first, as in `not (x > 0)`"))
            }
            return .bool
        case .negate:
            guard let result = UnitAlgebra.negation(operandType) else {
                report(Diagnostic(.invalidOperand, "cannot negate \(operandType.displayName)", at: expression.span,
                                  label: "this is \(operandType.displayName)",
                                  help: "only numbers, percents, money and durations have a sign"))
                return .error
            }
            return result
        }
    }

    /// A chain of binary operators (`and`, `or`, `+`, `-`, `*`, `/`), walked along its
    /// left spine without recursion. In `a and b`, the facts `a` establishes (`x exists`)
    /// narrow `b`; the facts pass along the chain until an `or` or arithmetic.
    mutating func chainType(_ expression: Expr, _ scope: Scope) -> ValueType {
        var spine: [Expr] = []
        var node = expression
        while case .binary(let op, let left, _) = node.kind, op != .coalesce {
            spine.append(node)
            node = left
        }
        var accumulated = type(of: node, scope)
        var facts = existsFacts(node)
        for parent in spine.reversed() {
            guard case .binary(let op, let left, let right) = parent.kind else { continue }
            if let arithmetic = ArithmeticOperator(op) {
                let rightType = type(of: right, scope)
                accumulated = arithmeticType(arithmetic, left, accumulated, right, rightType, parent)
                facts = []
            } else {
                var rightScope = scope
                if op == .and { rightScope.narrowed.formUnion(facts) }
                let rightType = type(of: right, rightScope)
                requireBool(left, accumulated, as: "each side of `\(op.rawValue)`")
                requireBool(right, rightType, as: "each side of `\(op.rawValue)`")
                accumulated = .bool
                if op == .and { facts.formUnion(existsFacts(right)) } else { facts = [] }
            }
            // The top node's type is recorded by `type(of:)`.
            if parent.span != expression.span { types[parent.span] = accumulated }
        }
        return accumulated
    }

    /// Reports a condition that is not a bool.
    mutating func requireBool(_ expression: Expr, _ type: ValueType, as role: String) {
        guard type != .bool, type != .error else { return }
        let example = type.isDimensionless ? "0" : "…"
        report(Diagnostic(.notBoolean, "\(role) must be bool, found \(type.displayName)", at: expression.span,
                          label: "this is \(type.displayName)",
                          help: "compare it to make a condition, as in `\(shortText(expression) ?? "x") \(type.isOrdered ? ">" : "==") \(example)`"))
    }

    mutating func conditionalType(_ condition: Expr, _ then: Expr, _ otherwise: Expr, _ scope: Scope) -> ValueType {
        let conditionType = type(of: condition, scope)
        requireBool(condition, conditionType, as: "the condition of `if`")
        var thenScope = scope
        thenScope.narrowed.formUnion(existsFacts(condition))
        let thenType = type(of: then, thenScope)
        let elseType = type(of: otherwise, scope)
        if let joined = joinLiterals(then, thenType, otherwise, elseType) { return joined }
        var diagnostic = Diagnostic(.invalidOperand, "the branches of `if` differ: \(thenType.displayName) and \(elseType.displayName)",
                                    at: otherwise.span, label: "this is \(elseType.displayName)",
                                    notes: [DiagnosticNote("the `then` branch is \(thenType.displayName)", span: then.span)],
                                    help: "both branches must give the same kind of value")
        addUnitHint(to: &diagnostic, bare: otherwise, bareType: elseType, unitType: thenType)
        addUnitHint(to: &diagnostic, bare: then, bareType: thenType, unitType: elseType)
        report(diagnostic)
        return .error
    }

    /// The common type of two values standing in the same place, where a zero literal
    /// takes the type of a percent beside it (`max(0, change(x))` is a percent). Only
    /// zero: `5` beside a percent would be read as 500%, so it needs its `%`.
    func joinLiterals(_ left: Expr, _ leftType: ValueType, _ right: Expr, _ rightType: ValueType) -> ValueType? {
        if leftType == .percent, rightType == .int, isZeroLiteral(right) { return .percent }
        if rightType == .percent, leftType == .int, isZeroLiteral(left) { return .percent }
        // A case written beside a value of its enum stays that enum (`tier ?? "gold"`).
        if case .enumeration(let cases) = leftType.nonOptional, isCase(right, of: cases) { return leftType.nonOptional }
        if case .enumeration(let cases) = rightType.nonOptional, isCase(left, of: cases) { return rightType.nonOptional }
        return UnitAlgebra.join(leftType, rightType)
    }

    /// Whether an expression is a text literal naming one of `cases`.
    func isCase(_ expression: Expr, of cases: [String]) -> Bool {
        if case .literal(.string(let text)) = expression.unparenthesized.kind { return cases.contains(text) }
        return false
    }

    /// Whether an expression is a number literal of value zero (`0`, `-0`, `0.0`).
    func isZeroLiteral(_ expression: Expr) -> Bool {
        switch expression.unparenthesized.kind {
        case .literal(.number(let text)): text.allSatisfy { $0 == "0" || $0 == "." || $0 == "_" }
        case .unary(.negate, let operand): isZeroLiteral(operand)
        default: false
        }
    }

    /// Whether an expression is a number literal, possibly negated or in parentheses.
    func isNumberLiteral(_ expression: Expr) -> Bool {
        switch expression.unparenthesized.kind {
        case .literal(.number): true
        case .unary(.negate, let operand): isNumberLiteral(operand)
        default: false
        }
    }

    /// A number literal's text without its parentheses, negated as written (`(5)` is `5`,
    /// `-(5)` is `-5`), to which a unit can be added; nil for anything else, and for a
    /// negated negative number (`-(-5)`), which no literal with a unit spells.
    func numberText(_ expression: Expr) -> String? {
        switch expression.unparenthesized.kind {
        case .literal(.number): return text(expression.unparenthesized.span)
        case .unary(.negate, let operand):
            guard let inner = numberText(operand), !inner.hasPrefix("-") else { return nil }
            return "-" + inner
        default: return nil
        }
    }

    /// For a bare number where money or a duration is needed, the help "write `0 EUR`"
    /// (with a fix-it when the currency is known).
    func addUnitHint(to diagnostic: inout Diagnostic, bare: Expr, bareType: ValueType, unitType: ValueType) {
        guard bareType.isDimensionless, diagnostic.fixIts.isEmpty, let written = numberText(bare) else { return }
        switch unitType {
        case .money:
            let code = currency ?? "EUR"
            diagnostic.help = "write `\(written) \(code)`"
            if currency != nil { diagnostic.fixIts = [FixIt(span: bare.span, replacement: "\(written) \(code)")] }
        case .duration:
            diagnostic.help = "write a duration with its unit, such as `\(written)s` or `\(written)m`"
        default:
            break
        }
    }
}
