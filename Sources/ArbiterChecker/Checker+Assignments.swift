import ArbiterSyntax

extension Checker {
    /// The `set` clauses of a rule: targets resolved to controls, values typed in the
    /// rule's scope (narrowed by its `when`) and checked against the control's type.
    mutating func checkAssignments(_ rule: RuleDecl, _ scope: Scope) -> [CheckedRule.Assignment] {
        var assignments: [CheckedRule.Assignment] = []
        var setAt: [Int: Span] = [:]
        for clause in rule.clauses {
            guard case .set(let target, let value, let span) = clause else { continue }
            let valueType = type(of: value, scope)
            guard let slot = setTarget(target) else { continue }
            if let first = setAt[slot] {
                report(Diagnostic(.duplicateClause, "rule `\(rule.name.name)` sets `\(target.name)` twice", at: span,
                                  label: "second `set \(target.name)`",
                                  notes: [DiagnosticNote("the first is here", span: first)],
                                  help: "a rule proposes one value per control; keep one `set`"))
                continue
            }
            setAt[slot] = span
            checkAssignable(value, valueType, to: controls[slot])
            assignments.append(CheckedRule.Assignment(control: slot, value: value, span: span))
        }
        return assignments
    }

    /// The control a `set` names, reported when it names something else.
    private mutating func setTarget(_ target: Identifier) -> Int? {
        if target.name.isEmpty { return nil }
        if let slot = controlIndex[target.name] {
            references[target.span] = .control(slot)
            return slot
        }
        switch values[target.name] {
        case .input(let slot):
            references[target.span] = .input(slot)
            report(Diagnostic(.setNonControl, "cannot set `\(target.name)`: it is an input field, not a control",
                              at: target.span, label: "not a control",
                              help: "declare `control \(target.name)` to let rules move it"))
        case .let(let slot):
            references[target.span] = .let(slot)
            report(Diagnostic(.setNonControl, "cannot set `\(target.name)`: it is a let, not a control",
                              at: target.span, label: "not a control",
                              help: "a let is computed from other values; rules set controls"))
        default:
            let names = controls.map(\.name)
            report(unknownWord(.setNonControl, "cannot set `\(target.name)`: no control has that name", target,
                               label: "not a control", candidates: names,
                               listing: names.isEmpty ? "declare the knob first, such as `control \(target.name)`"
                                   : "the controls are \(Suggestion.list(names))"))
        }
        return nil
    }

    /// E0204 when the value's type does not fit the control (E0209 for an enum case).
    private mutating func checkAssignable(_ value: Expr, _ valueType: ValueType, to control: CheckedControl) {
        if case .enumeration(let cases) = control.type {
            // Each value the expression can give (through `if` branches and `??`) is a
            // case written out, or a value of this enum.
            let results = resultLeaves(value)
            let fits = results.allSatisfy { leaf in
                if case .literal(.string) = leaf.unparenthesized.kind { return true }
                return types[leaf.span]?.nonOptional == control.type
            }
            if fits {
                for leaf in results {
                    if case .literal(.string(let text)) = leaf.unparenthesized.kind, !cases.contains(text) {
                        reportNotACase(text, of: "`\(control.name)`", cases: cases, at: leaf.span)
                    }
                }
                return
            }
        }
        guard !UnitAlgebra.isAssignable(valueType, to: control.type) else { return }
        var diagnostic = Diagnostic(
            .setTypeMismatch, "cannot set \(control.type.displayName) control `\(control.name)` to \(valueType.displayName)",
            at: value.span, label: "this is \(valueType.displayName)")
        switch (control.type, valueType) {
        case (.int, .number), (.int, .percent):
            diagnostic.help = "round it to a whole number with `ceil(…)` or `floor(…)`"
        case (.number, .percent):
            diagnostic.help = "a percent is a ratio (15% is 0.15): write `… / 100%` to set it as a number"
        case (.percent, .int), (.percent, .number):
            diagnostic.help = "write it as a percent, such as `15%`"
        case (.money, .number) where !isNumberLiteral(value), (.money, .percent):
            diagnostic.help = "a \(valueType.displayName) is not an amount of money: multiply an amount by it, as in `\(control.name) * 90%`"
        default:
            addUnitHint(to: &diagnostic, bare: value, bareType: valueType, unitType: control.type)
        }
        report(diagnostic)
    }

    /// The expressions whose values an expression can give: the branches of `if` and the
    /// sides of `??`, followed down; the expression itself otherwise.
    func resultLeaves(_ expression: Expr) -> [Expr] {
        switch expression.unparenthesized.kind {
        case .conditional(_, let then, let otherwise): resultLeaves(then) + resultLeaves(otherwise)
        case .binary(.coalesce, let left, let right): resultLeaves(left) + resultLeaves(right)
        default: [expression]
        }
    }
}
