import ArbiterSyntax
import Foundation

extension Checker {
    // MARK: - Control defaults

    /// A typed control's default: a constant (literals, `-`, parentheses) of its type.
    mutating func checkControlDefaults() {
        for slot in controls.indices {
            guard case .defaultValue(let value) = controls[slot].source, value.kind != .missing else { continue }
            let control = controls[slot]
            guard isConstant(value) else {
                typeUnread(value)
                // `2 + 3` is a constant, but not a literal: its value is the fix.
                if let folded = constant(value).flatMap({ literalText($0, as: control.type) }) {
                    report(Diagnostic(.invalidDefault, "the default of `\(control.name)` must be a literal", at: value.span,
                                      label: "computed", help: "write the value: `\(folded)`",
                                      fixIts: [FixIt(span: value.span, replacement: folded)]))
                    continue
                }
                // Literals only (`10 / 4` for an int, `2 + "3"`): no value to offer.
                let readsNames = Self.readsNames(value)
                report(Diagnostic(.invalidDefault, "the default of `\(control.name)` must be \(readsNames ? "a constant" : "a literal")", at: value.span,
                                  label: readsNames ? "not a constant" : "computed",
                                  help: readsNames ? "write a literal such as `1.0`, `0 EUR` or `false`; a value computed from inputs belongs in a rule"
                                      : "write the value itself, a literal of type \(control.type.displayName)"))
                continue
            }
            let valueType = type(of: value, Scope(context: .current))
            if case .enumeration(let cases) = control.type, case .literal(.string(let text)) = value.unparenthesized.kind {
                if !cases.contains(text) { reportNotACase(text, of: "`\(control.name)`", cases: cases, at: value.span) }
                continue
            }
            guard !UnitAlgebra.isAssignable(valueType, to: control.type) else { continue }
            var diagnostic = Diagnostic(.invalidDefault, "the default of `\(control.name)` is \(valueType.displayName), but the control is \(control.type.displayName)",
                                        at: value.span, label: "this is \(valueType.displayName)",
                                        help: "give a default of type \(control.type.displayName)")
            addUnitHint(to: &diagnostic, bare: value, bareType: valueType, unitType: control.type)
            report(diagnostic)
        }
    }

    /// A constant written as a literal of `type`; nil when it is of another kind or has
    /// no literal of that type (an int with a fraction, a time).
    private func literalText(_ constant: Constant, as type: ValueType) -> String? {
        switch (constant, type) {
        case (.bool(let value), .bool): return value ? "true" : "false"
        case (.quantity(let value, .dimensionless), .int):
            let text = "\(value)"
            return text.contains(".") || abs(value) > Decimal(Int64.max) ? nil : text
        case (.quantity(let value, .dimensionless), .number): return "\(value)"
        case (.quantity(let value, .dimensionless), .percent): return "\(value * 100)%"
        case (.quantity(let value, .money), .money): return currency.map { "\(value) \($0)" }
        default: return nil
        }
    }

    /// Whether an expression reads a name, a member or a call (anything but literals and
    /// operators on them).
    private static func readsNames(_ expression: Expr) -> Bool {
        switch expression.kind {
        case .literal, .missing: false
        case .name, .member, .call: true
        case .unary(_, let operand), .parenthesized(let operand), .exists(let operand): readsNames(operand)
        case .binary(_, let left, let right), .comparison(_, let left, let right, _): readsNames(left) || readsNames(right)
        case .between(let value, let low, let high): readsNames(value) || readsNames(low) || readsNames(high)
        case .within(let value, let tolerance, _): readsNames(value) || readsNames(tolerance)
        case .conditional(let condition, let whenTrue, let whenFalse): readsNames(condition) || readsNames(whenTrue) || readsNames(whenFalse)
        }
    }

    private func isConstant(_ expression: Expr) -> Bool {
        switch expression.kind {
        case .literal: true
        case .parenthesized(let inner), .unary(.negate, let inner): isConstant(inner)
        default: false
        }
    }

    /// Types an expression that is reported as a whole, without using its names (so they
    /// count as read and get no second diagnostic).
    private mutating func typeUnread(_ expression: Expr) {
        let saved = diagnostics.count
        _ = type(of: expression, Scope(context: .current))
        diagnostics.removeSubrange(saved...)
    }

    /// E0209 for a string that is not one of an enum's cases; `owner` is the control's
    /// name in backticks, or "this value". The cases are shown as literals, escaped as
    /// written in a policy (`"a\"b"`), so a fix-it inserts one that parses.
    mutating func reportNotACase(_ value: String, of owner: String, cases: [String], at span: Span, fixing fixSpan: Span? = nil) {
        var diagnostic = Diagnostic(.unknownEnumCase, "`\(Formatter.quoted(value))` is not a case of \(owner)", at: span,
                                    label: "not one of its cases")
        if let close = Suggestion.closest(to: value, among: cases) {
            diagnostic.help = "did you mean `\(Formatter.quoted(close))`?"
            diagnostic.fixIts = [FixIt(span: fixSpan ?? span, replacement: Formatter.quoted(close))]
        } else {
            diagnostic.notes = [DiagnosticNote("the cases are \(cases.map { "`\(Formatter.quoted($0))`" }.joined(separator: ", "))")]
        }
        report(diagnostic)
    }

    // MARK: - Goals

    mutating func checkGoals() {
        var firstByName: [String: Span] = [:]
        for goal in items.goals {
            beginItem()
            let conditionType = type(of: goal.condition, Scope(context: .current))
            requireBool(goal.condition, conditionType, as: "a goal")
            let name: Identifier
            if let explicit = goal.name {
                name = explicit
            } else if let derived = derivedGoalName(goal.condition) {
                name = derived
            } else {
                if goal.condition.kind != .missing {
                    report(Diagnostic(.unnamedGoal, "this goal needs a name", at: goal.condition.span,
                                      label: "no name on the left to name it by",
                                      help: "name it: `goal NAME: \(text(goal.condition.span))`"))
                }
                continue
            }
            if let first = firstByName[name.name] {
                reportDuplicate("goal", name, first: first)
                continue
            }
            firstByName[name.name] = name.span
            goals.append(CheckedGoal(name: name.name, nameSpan: name.span, condition: goal.condition))
        }
    }

    /// `margin >= 18%` is named `margin`: the plain name on the left of a comparison.
    private func derivedGoalName(_ condition: Expr) -> Identifier? {
        let subject: Expr
        switch condition.unparenthesized.kind {
        case .comparison(_, let left, _, _): subject = left.unparenthesized
        case .between(let left, _, _): subject = left.unparenthesized
        default: return nil
        }
        guard case .name(let name) = subject.kind else { return nil }
        return Identifier(name, span: subject.span)
    }

    // MARK: - Rules

    mutating func checkRules() {
        var firstByName: [String: Span] = [:]
        for rule in items.rules {
            beginItem()
            if let first = firstByName[rule.name.name] {
                reportDuplicate("rule", rule.name, first: first)
            } else if !rule.name.name.isEmpty {
                firstByName[rule.name.name] = rule.name.span
            }
            var condition: (expression: Expr, span: Span)?
            var active: (range: ActiveRange?, span: Span)?
            for clause in rule.clauses {
                switch clause {
                case .when(let expression, let span):
                    let conditionType = type(of: expression, Scope(context: .current))
                    requireBool(expression, conditionType, as: "the `when` condition")
                    if let first = condition {
                        reportRepeatedClause("when", in: "rule `\(rule.name.name)`", at: span, first: first.span,
                                             help: "join the conditions with `and`")
                    } else {
                        condition = (expression, span)
                    }
                case .active(let from, let to, let span):
                    let range = activeRange(from, to, span)
                    if let first = active {
                        reportRepeatedClause("active", in: "rule `\(rule.name.name)`", at: span, first: first.span,
                                             help: "a rule has one `active` range")
                    } else {
                        active = (range, span)
                    }
                case .set:
                    break
                }
            }
            var scope = Scope(context: .current)
            if let condition { scope.narrowed = existsFacts(condition.expression) }
            let assignments = checkAssignments(rule, scope)
            rules.append(CheckedRule(name: rule.name.name, description: rule.description?.value,
                                     condition: condition?.expression, assignments: assignments,
                                     active: active?.range, syntax: rule))
        }
    }

    /// E0313 for a clause given twice.
    mutating func reportRepeatedClause(_ clause: String, in owner: String, at span: Span, first: Span, help: String) {
        report(Diagnostic(.duplicateClause, "\(owner) has two `\(clause)` clauses", at: span, label: "second `\(clause)`",
                          notes: [DiagnosticNote("the first is here", span: first)], help: help))
    }

    /// `active FROM .. TO` as instants, end exclusive (docs/semantics.md §5): a date is
    /// midnight in the policy's zone, so `.. 2027-04-30` ends when that day starts.
    private mutating func activeRange(_ from: LiteralToken, _ to: LiteralToken, _ span: Span) -> ActiveRange? {
        guard let startMicroseconds = LiteralValue.microseconds(from.text, timeZone: timeZone),
              let endMicroseconds = LiteralValue.microseconds(to.text, timeZone: timeZone),
              let start = LiteralValue.instant(from.text, timeZone: timeZone),
              let end = LiteralValue.instant(to.text, timeZone: timeZone) else { return nil }
        var writable = true
        for (token, microseconds) in [(from, startMicroseconds), (to, endMicroseconds)]
        where !LiteralValue.writableMicroseconds.contains(microseconds) {
            reportUnwritableTime(token.text, at: token.span)
            writable = false
        }
        guard writable else { return nil }
        // Compared exactly: two `Date`s near the year 9999 cannot tell microseconds apart.
        guard startMicroseconds < endMicroseconds else {
            let same = startMicroseconds == endMicroseconds
            let relation = same ? "is the same instant as" : "is before"
            let message = same ? "the `active` range is empty" : "the `active` range ends before it starts"
            report(Diagnostic(.invalidActiveRange, message, at: from.span.merged(with: to.span),
                              label: "`\(to.text)` \(relation) `\(from.text)`",
                              help: same ? "the end must come after the start" : "write the earlier moment first: `active FROM .. TO`"))
            return nil
        }
        return ActiveRange(start: start, end: end, from: from, to: to)
    }
}
