import ArbiterSyntax

extension Checker {
    /// Types a call of a state function; the argument count has been checked.
    mutating func stateCallType(_ builtin: Builtin, _ arguments: [Argument], _ scope: Scope) -> ValueType {
        let slot = stateControl(builtin, arguments[0], scope)
        let controlType = slot.map { controls[$0].type } ?? .error
        let subject = if case .expression(let value) = arguments[0] { value } else { Expr(.missing, span: arguments[0].span) }
        switch builtin {
        case .current:
            return controlType
        case .change:
            requireQuantity(builtin, subject, controlType)
            return .percent
        case .increase, .decrease:
            return requireQuantity(builtin, subject, controlType) ? controlType : .error
        case .sinceChange:
            return .duration
        case .changes:
            checkChangesWindow(arguments[1], scope)
            return .int
        case .count:
            if let slot { checkCountable(slot, subject) }
            checkGroup(arguments[1], control: slot.map { controls[$0].name } ?? "x", scope)
            return .int
        default:
            return .error
        }
    }

    /// The control slot named by a state function's first argument, reported when the
    /// argument is not a control's name.
    private mutating func stateControl(_ builtin: Builtin, _ argument: Argument, _ scope: Scope) -> Int? {
        let help = "`\(builtin.rawValue)` reads the history of a control: write `\(builtin.signature)` with a control's name"
        switch argument {
        case .by(let name):
            report(Diagnostic(.stateNeedsControl, "`\(builtin.rawValue)` needs a control, found `by \(name.name)`",
                              at: name.span, label: "not a control", help: help))
            return nil
        case .expression(let value):
            guard case .name(let name) = value.unparenthesized.kind else {
                _ = type(of: value, scope)
                report(Diagnostic(.stateNeedsControl, "`\(builtin.rawValue)` needs the name of a control", at: value.span,
                                  label: "not a control", help: help))
                return nil
            }
            switch values[name] {
            case .control(let slot):
                _ = type(of: value, scope)
                return slot
            case nil:
                _ = type(of: value, scope)
                return nil
            case .some(let symbol):
                references[value.unparenthesized.span] = symbol
                types[value.span] = .error
                var what = "a budget member"
                switch symbol {
                case .input(let slot):
                    inputUsed[slot] = true
                    what = "an input field"
                case .let(let slot):
                    letUsed[slot] = true
                    what = "a let"
                default:
                    break
                }
                var diagnostic = Diagnostic(.stateNeedsControl, "`\(name)` is not a control", at: value.span,
                                            label: "\(what), not a control", help: help)
                if controls.isEmpty {
                    diagnostic.help = "declare it as a knob with `control \(name)`; \(help)"
                } else {
                    diagnostic.notes = [DiagnosticNote("the controls are \(Suggestion.list(controls.map(\.name)))")]
                }
                report(diagnostic)
                return nil
            }
        }
    }

    @discardableResult
    private mutating func requireQuantity(_ builtin: Builtin, _ subject: Expr, _ type: ValueType) -> Bool {
        // Movement is measured in amounts: a duration control's is not (yet), so it is
        // refused here rather than failing every decision at run time.
        guard !(type.isDimensionless || type == .money), type != .error else { return true }
        report(Diagnostic(.argumentType, "`\(builtin.rawValue)` needs a numeric control, found \(type.displayName)",
                          at: subject.span, label: "this is \(type.displayName)",
                          help: "`\(builtin.rawValue)` measures movement: it applies to int, number, percent and money controls; "
                              + "bound a \(type.displayName) control by its value (`x <= …`) or count its changes (`changes(x, 1d)`)"))
        return false
    }

    /// The window of `changes(x, W)`: a duration.
    private mutating func checkChangesWindow(_ argument: Argument, _ scope: Scope) {
        guard case .expression(let window) = argument else {
            report(Diagnostic(.argumentType, "the window of `changes` must be a duration", at: argument.span,
                              label: "not a duration", help: "write `changes(x, 1d)`"))
            return
        }
        let windowType = type(of: window, scope)
        if case .literal(.duration(let written)) = window.unparenthesized.kind {
            checkWindow(written, at: window.span, rangeChecked: true)
            return
        }
        if windowType == .duration {
            // The store keeps changes for the longest window a policy writes, which must
            // be known before any decision.
            report(Diagnostic(.argumentType, "the window of `changes` must be a written duration", at: window.span,
                              label: "computed", help: "write the length itself, such as `changes(x, 1d)`"))
            return
        }
        guard windowType != .error else { return }
        var diagnostic = Diagnostic(.argumentType, "the window of `changes` must be a duration, found \(windowType.displayName)",
                                    at: window.span, label: "this is \(windowType.displayName)",
                                    help: "write a duration such as `1d`")
        addUnitHint(to: &diagnostic, bare: window, bareType: windowType, unitType: .duration)
        report(diagnostic)
    }

    /// `count(c, …)`: the control must be a bool or have a default to differ from.
    private mutating func checkCountable(_ slot: Int, _ subject: Expr) {
        let control = controls[slot]
        guard control.type != .bool, control.type != .error, case .input = control.source else { return }
        report(Diagnostic(.argumentType, "`count` needs a bool control or one with a default, found \(control.type.displayName)",
                          at: subject.span, label: "read from the input, with no default",
                          help: "`count` counts the keys whose control is true, or differs from its default"))
    }

    /// `count(…, by f)`: `f` must be an input field.
    private mutating func checkGroup(_ argument: Argument, control: String, _ scope: Scope) {
        switch argument {
        case .by(let field):
            guard let slot = inputIndex[field.name] else {
                markSuggestedInputUsed(field.name)
                report(unknownWord(.countGroup, "`count` groups by an input field, and `\(field.name)` is not one", field,
                                   label: "not an input field", candidates: inputs.map(\.name),
                                   listing: "the input fields are \(Suggestion.list(inputs.map(\.name)))"))
                return
            }
            inputUsed[slot] = true
            references[field.span] = .input(slot)
        case .expression(let value):
            _ = type(of: value, scope)
            report(Diagnostic(.countGroup, "the second argument of `count` must be `by FIELD`", at: value.span,
                              label: "not `by FIELD`",
                              help: "write `count(\(control), by category)`, grouping by an input field"))
        }
    }
}
