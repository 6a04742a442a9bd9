import ArbiterSyntax

extension Checker {
    // MARK: - Budgets

    /// Budget names and limits, before any expression: the limit fixes the type of
    /// `NAME.used`, `NAME.remaining` and `NAME.limit`.
    mutating func declareBudgets() {
        for declaration in items.budgets where !declaration.name.name.isEmpty {
            if let first = budgetIndex[declaration.name.name] {
                reportDuplicate("budget", declaration.name, first: budgets[first].syntax.name.span)
                continue
            }
            let limitType = budgetLimitType(declaration.limit)
            checkWindow(declaration.window.text, at: declaration.window.span)
            let slot = budgets.count
            budgets.append(CheckedBudget(
                name: declaration.name.name, slot: slot, limit: declaration.limit, type: limitType,
                window: declaration.window, measure: nil,
                enforcement: CheckedEnforcement(action: .block, role: nil, expires: nil, span: declaration.name.span),
                syntax: declaration))
            budgetIndex[declaration.name.name] = slot
        }
    }

    /// `money` for a money literal, `number` for a number literal, else reported.
    private mutating func budgetLimitType(_ limit: Expr) -> ValueType {
        let limitType = type(of: limit, Scope(context: .current))
        switch limit.unparenthesized.kind {
        case .literal(.money(let amount, _)):
            // A limit between two amounts of the currency could never be reached exactly
            // nor written in a report as it is: `1000.5 JPY` is no amount of yen (`1000.00
            // JPY` is one).
            if let currency, let digits = ISO4217.minorUnit(of: currency),
               let point = amount.firstIndex(of: "."),
               amount[amount.index(after: point)...].filter(\.isNumber).reversed().drop(while: { $0 == "0" }).count > digits {
                report(Diagnostic(.budgetType, "a budget's limit has more decimal places than \(currency) has (\(digits))",
                                  at: limit.span, label: "not an amount of \(currency)",
                                  help: digits == 0 ? "write a whole amount, such as `\(amount.prefix { $0 != "." }) \(currency)`"
                                      : "write at most \(digits) decimal places"))
            }
            return .money
        case .literal(.number): return .number
        case .missing: return .error
        default:
            report(Diagnostic(.budgetType, "a budget's limit must be an amount of money or a number", at: limit.span,
                              label: limitType.isError ? "not a literal" : "this is \(limitType.displayName)",
                              help: "write a literal such as `5000 EUR` or `200`"))
            return .error
        }
    }

    /// `spends`, `tracks` and `else` of every budget.
    mutating func checkBudgetBodies() {
        for slot in budgets.indices {
            beginItem()
            let declaration = budgets[slot].syntax
            var measureSpan: Span?
            var elseSpan: Span?
            for clause in declaration.clauses {
                switch clause {
                case .spends(let value, let span):
                    let spent = type(of: value, Scope(context: .proposed))
                    if let first = measureSpan {
                        reportSecondMeasure(declaration, at: span, first: first)
                        continue
                    }
                    measureSpan = span
                    budgets[slot].measure = .spends(value)
                    checkSpends(value, spent, limit: budgets[slot].type)
                case .tracks(let field, let span):
                    if let first = measureSpan {
                        if let input = inputIndex[field.name] {
                            inputUsed[input] = true
                            references[field.span] = .input(input)
                        }
                        reportSecondMeasure(declaration, at: span, first: first)
                        continue
                    }
                    measureSpan = span
                    if let input = trackedField(field, limit: budgets[slot].type) { budgets[slot].measure = .tracks(input) }
                case .otherwise(let enforcement, let span):
                    let checked = checkEnforcement(enforcement, owner: "budget `\(declaration.name.name)`",
                                                   allowed: [.block, .warn, .escalate])
                    if let first = elseSpan {
                        reportRepeatedClause("else", in: "budget `\(declaration.name.name)`", at: span, first: first,
                                             help: "a budget has one `else`")
                        continue
                    }
                    elseSpan = span
                    if let checked { budgets[slot].enforcement = checked }
                }
            }
            if case .tracks? = budgets[slot].measure, let elseSpan {
                // A tracked budget observes spend the decisions do not cause: no decision
                // takes it past the limit, so an `else` would never act.
                let name = declaration.name.name
                let zero = budgets[slot].type == .money ? "0 \(currency ?? "EUR")" : "0"
                report(Diagnostic(.unknownEnforcement, "a `tracks` budget takes no `else`", at: elseSpan,
                                  label: "never acts: no decision spends a tracked budget",
                                  help: "to stop changes once the tracked use passes the limit, guard on it: `guard \(name)_cap: \(name).remaining > \(zero) else block`"))
            }
            if measureSpan == nil {
                report(Diagnostic(.budgetForm, "budget `\(declaration.name.name)` measures nothing", at: declaration.name.span,
                                  label: "needs `spends` or `tracks`",
                                  help: "add `spends EXPR` (what one decision consumes) or `tracks FIELD` (an observed input)"))
            }
        }
    }

    private mutating func reportSecondMeasure(_ declaration: BudgetDecl, at span: Span, first: Span) {
        report(Diagnostic(.budgetForm, "budget `\(declaration.name.name)` has more than one `spends` or `tracks`", at: span,
                          label: "second measure", notes: [DiagnosticNote("the first is here", span: first)],
                          help: "a budget measures one thing: keep one `spends` or `tracks`"))
    }

    private mutating func checkSpends(_ value: Expr, _ spent: ValueType, limit: ValueType) {
        guard spent != .error, limit != .error else { return }
        let fits = limit == .money ? spent == .money : (spent == .int || spent == .number)
        guard !fits else { return }
        var diagnostic = Diagnostic(.budgetType, "`spends` gives \(spent.displayName), but the budget's limit is \(limit.displayName)",
                                    at: value.span, label: "this is \(spent.displayName)",
                                    help: "what a decision spends is measured in the unit of the limit")
        addUnitHint(to: &diagnostic, bare: value, bareType: spent, unitType: limit)
        report(diagnostic)
    }

    /// The input slot of `tracks FIELD`: an input field of the limit's kind.
    private mutating func trackedField(_ field: Identifier, limit: ValueType) -> Int? {
        guard let slot = inputIndex[field.name] else {
            if field.name.isEmpty { return nil }
            markSuggestedInputUsed(field.name)
            report(unknownWord(.invalidTracks, "a budget tracks an input field, and `\(field.name)` is not one", field,
                               label: "not an input field", candidates: inputs.map(\.name),
                               listing: "the input fields are \(Suggestion.list(inputs.map(\.name)))"))
            return nil
        }
        inputUsed[slot] = true
        references[field.span] = .input(slot)
        let fieldType = inputs[slot].type
        let fits = limit == .money ? fieldType == .money : (fieldType == .int || fieldType == .number)
        if !fits, fieldType != .error, limit != .error {
            // A number tracked for a money limit (or the reverse) is a unit mismatch, as a
            // `spends` one is (E0211); a field that is no amount at all cannot be tracked.
            let isAmount = [ValueType.int, .number, .percent, .money].contains(fieldType)
            report(Diagnostic(isAmount ? .budgetType : .invalidTracks, "tracked field `\(field.name)` is \(fieldType.displayName), but the budget's limit is \(limit.displayName)",
                              at: field.span, label: "this is \(fieldType.displayName)",
                              notes: [DiagnosticNote("`\(field.name)` is declared here", span: inputs[slot].syntax.span)],
                              help: limit == .money ? "track a money field, such as the spend observed so far" : "track an int or number field"))
            return nil
        }
        return slot
    }

    // MARK: - Approvals

    mutating func checkApprovals() {
        for (approve, item) in items.approvals {
            beginItem()
            let conditionType = type(of: approve.condition, Scope(context: .proposed))
            requireBool(approve.condition, conditionType, as: "the condition of `approve`")
            var role: (value: String, span: Span)?
            var expires: LiteralToken?
            for clause in approve.clauses {
                switch clause {
                case .by(let literal, let span):
                    if let first = role {
                        report(Diagnostic(.approveForm, "an `approve` block names its role twice", at: span,
                                          label: "second `by`", notes: [DiagnosticNote("the first is here", span: first.span)],
                                          help: "one role approves; keep one `by`"))
                    } else {
                        role = (literal.value, span)
                        if literal.value.allSatisfy(\.isWhitespace) {
                            report(Diagnostic(.approveForm, "the approver role is empty", at: span, label: "nobody holds this role",
                                              help: "name the role that approves, such as `by \"pricing-lead\"`"))
                        }
                    }
                case .expires(let duration, let span):
                    checkWindow(duration.text, at: duration.span)
                    if let first = expires {
                        report(Diagnostic(.approveForm, "an `approve` block has two `expires` clauses", at: span,
                                          label: "second `expires`", notes: [DiagnosticNote("the first is here", span: first.span)],
                                          help: "keep one `expires`"))
                    } else {
                        expires = duration
                    }
                }
            }
            guard let role else {
                report(Diagnostic(.approveForm, "this `approve` block names no approver", at: item.keywordSpan,
                                  label: "needs `by \"role\"`",
                                  help: "add `by \"pricing-lead\"` (the role that approves) inside the block"))
                continue
            }
            approvals.append(CheckedApproval(condition: approve.condition, role: role.value, expires: expires, syntax: approve))
        }
    }
}
