import ArbiterSyntax

extension Checker {
    // MARK: - Guards

    mutating func checkGuards() {
        var firstByName: [String: Span] = [:]
        for declaration in items.guards {
            beginItem()
            if let first = firstByName[declaration.name.name] {
                reportDuplicate("guard", declaration.name, first: first)
            } else if !declaration.name.name.isEmpty {
                firstByName[declaration.name.name] = declaration.name.span
                // A decision lists guards and budgets together by name (`guards`), as do
                // tests and reports: one name for both would be ambiguous there.
                if let slot = budgetIndex[declaration.name.name] {
                    let budget = budgets[slot].syntax.name
                    if budget.span.start < declaration.name.span.start {
                        reportDuplicate("guard", declaration.name, first: budget.span, firstWhat: "a budget (a decision lists guards and budgets by name together)")
                    } else {
                        reportDuplicate("budget", budget, first: declaration.name.span, firstWhat: "a guard (a decision lists guards and budgets by name together)")
                    }
                }
            }
            let errorsBefore = diagnostics.count
            let conditionType = type(of: declaration.condition, Scope(context: .proposed))
            requireBool(declaration.condition, conditionType, as: "a guard's condition")
            // A condition with its own errors is not also reported as not being a bound.
            let conditionIsClean = diagnostics.count == errorsBefore && declaration.condition.kind != .missing
            let form = guardForm(declaration.condition)
            let enforcement = checkEnforcement(declaration.enforcement, owner: "guard `\(declaration.name.name)`",
                                               allowed: EnforcementAction.allCases)
            if enforcement?.action == .clamp, !form.isBound, conditionIsClean {
                report(Diagnostic(
                    .clampNeedsBound, "`clamp` cannot enforce guard `\(declaration.name.name)`",
                    at: declaration.enforcement.action.span, label: "needs a bound on a control",
                    notes: [DiagnosticNote("this condition is not a bound on a control", span: declaration.condition.span)],
                    help: "clamp works on a bound of a control `x` (`x >= …`, `x > …`, `x <= …`, `x < …`, on either side), `x between … and …`, `change(x) within … per …` and `increase(x)` or `decrease(x) <= … per …`; use `block`, `escalate` or `warn` here"))
            }
            guards.append(CheckedGuard(
                name: declaration.name.name, condition: declaration.condition,
                enforcement: enforcement ?? CheckedEnforcement(action: .block, role: nil, expires: nil, span: declaration.enforcement.span),
                form: form, syntax: declaration))
        }
    }

    /// The shape of a guard's condition.
    func guardForm(_ condition: Expr) -> GuardForm {
        switch condition.unparenthesized.kind {
        case .comparison(let op, let left, let right, let window):
            if let window {
                guard let direction = rateDirection(of: left), op == .lessEqual || op == .less,
                      case .call(_, let arguments) = left.unparenthesized.kind, arguments.count == 1,
                      case .expression(let subject) = arguments[0], let control = controlSlot(subject) else { return .general }
                return .rateLimit(control: control, direction: direction, limit: right, window: window, inclusive: op == .lessEqual)
            }
            if let control = controlSlot(left) { return bound(op, control: control, right) }
            if let control = controlSlot(right) { return bound(op.swapped, control: control, left) }
            return .general
        case .between(let subject, let low, let high):
            guard let control = controlSlot(subject) else { return .general }
            return .between(control: control, low: low, high: high)
        case .within(let subject, let tolerance, let window):
            guard case .call(let callee, let arguments) = subject.unparenthesized.kind, callee.name == "change",
                  arguments.count == 1, case .expression(let argument) = arguments[0],
                  let control = controlSlot(argument), !window.text.isEmpty else { return .general }
            return .within(control: control, tolerance: tolerance, window: window)
        default:
            return .general
        }
    }

    private func bound(_ op: ComparisonOperator, control: Int, _ limit: Expr) -> GuardForm {
        switch op {
        case .greaterEqual: .lowerBound(control: control, bound: limit, inclusive: true)
        case .greater: .lowerBound(control: control, bound: limit, inclusive: false)
        case .lessEqual: .upperBound(control: control, bound: limit, inclusive: true)
        case .less: .upperBound(control: control, bound: limit, inclusive: false)
        case .equal, .notEqual: .general
        }
    }

    /// The slot of the control an expression names, nil for anything else.
    func controlSlot(_ expression: Expr) -> Int? {
        guard case .name(let name) = expression.unparenthesized.kind, case .control(let slot) = values[name] else { return nil }
        return slot
    }

    // MARK: - Enforcements

    /// The action of an enforcement, reported when unknown or not allowed here, and the
    /// role an escalation needs.
    mutating func checkEnforcement(_ enforcement: Enforcement, owner: String, allowed: [EnforcementAction]) -> CheckedEnforcement? {
        let word = enforcement.action
        guard let action = EnforcementAction(rawValue: word.name), allowed.contains(action) else {
            guard !word.name.isEmpty else { return nil }
            let names = allowed.map(\.rawValue)
            let listing = names.map { "`\($0)`" }.joined(separator: ", ")
            if EnforcementAction(rawValue: word.name) != nil {
                report(Diagnostic(.unknownEnforcement, "\(owner) cannot `\(word.name)`", at: word.span,
                                  label: "not an enforcement of a \(owner.split(separator: " ").first ?? "this item")",
                                  help: "write one of \(listing)"))
            } else {
                report(unknownWord(.unknownEnforcement, "unknown enforcement `\(word.name)`", word,
                                   label: "not an enforcement", candidates: names,
                                   listing: "the enforcements are \(listing)"))
            }
            return nil
        }
        if let expires = enforcement.expires { checkWindow(expires.text, at: expires.span) }
        if let role = enforcement.role, role.value.allSatisfy(\.isWhitespace) {
            report(Diagnostic(.escalateWithoutRole, "the approver role is empty", at: enforcement.span, label: "nobody holds this role",
                              help: "name the role that approves: `else escalate by \"pricing-lead\"`"))
        }
        if action == .escalate, enforcement.role == nil, items.approvals.isEmpty {
            report(Diagnostic(.escalateWithoutRole, "\(owner) escalates, but nobody approves", at: enforcement.span,
                              label: "no approver role",
                              help: "name the role: `else escalate by \"pricing-lead\"`, or add an `approve when … { by \"role\" }` block"))
        }
        return CheckedEnforcement(action: action, role: enforcement.role?.value, expires: enforcement.expires,
                                  span: enforcement.span)
    }
}
