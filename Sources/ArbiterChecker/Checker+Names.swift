import ArbiterSyntax

extension Checker {
    // MARK: - Declarations

    /// The fields of the first `input` block (a second one is reported as a repeated header).
    mutating func declareInputs() {
        guard let (fields, _) = items.inputBlocks.first else { return }
        for field in fields where !field.name.name.isEmpty {
            if inputIndex[field.name.name] != nil, let first = valueDeclarations[field.name.name] {
                reportDuplicate("input field", field.name, first: first.span)
                continue
            }
            let type = resolveType(field.type)
            let slot = inputs.count
            inputs.append(CheckedInput(name: field.name.name, slot: slot, type: type,
                                       isOptional: field.type.isOptional, syntax: field))
            inputUsed.append(false)
            inputIndex[field.name.name] = slot
            values[field.name.name] = .input(slot)
            valueDeclarations[field.name.name] = (field.name.span, "an input field")
            references[field.name.span] = .input(slot)
        }
    }

    /// The type a type reference names, `error` (reported) for an unknown name. The
    /// optional mark is not part of the result.
    mutating func resolveType(_ reference: TypeRef) -> ValueType {
        switch reference.kind {
        case .named(let name):
            guard !name.name.isEmpty else { return .error }
            guard let type = ValueType(named: name.name) else {
                // Other languages' names for the types (`integer`, `string`, `float`).
                let synonyms = ["integer": "int", "long": "int", "string": "text", "str": "text", "boolean": "bool",
                                "float": "number", "double": "number", "decimal": "number", "real": "number",
                                "datetime": "time", "timestamp": "time", "instant": "time", "interval": "duration"]
                if let meant = synonyms[name.name.lowercased()] {
                    report(Diagnostic(.unknownType, "unknown type `\(name.name)`", at: name.span, label: "not a type",
                                      help: "write `\(meant)`", fixIts: [FixIt(span: name.span, replacement: meant)]))
                    return .error
                }
                report(unknownWord(.unknownType, "unknown type `\(name.name)`", name, label: "not a type",
                                   candidates: ContextualWord.types,
                                   listing: "the types are \(Suggestion.list(ContextualWord.types)) and `one of \"a\", \"b\"`"))
                return .error
            }
            if type == .money { requireCurrency(at: name.span) }
            return type
        case .oneOf(let cases):
            var seen: [String: Span] = [:]
            var values: [String] = []
            for literal in cases {
                if let first = seen[literal.value] {
                    report(Diagnostic(.duplicateDeclaration, "case `\(Formatter.quoted(literal.value))` is listed twice", at: literal.span,
                                      label: "listed again here", notes: [DiagnosticNote("first listed here", span: first)],
                                      help: "remove one of them"))
                    continue
                }
                seen[literal.value] = literal.span
                values.append(literal.value)
            }
            return values.isEmpty ? .error : .enumeration(values)
        }
    }

    /// Controls: an input field by the same name, or a declared type and default (the
    /// default itself is checked later, by `checkControlDefaults`).
    mutating func declareControls() {
        for declaration in items.controls where !declaration.name.name.isEmpty {
            let name = declaration.name
            if let first = controlIndex[name.name] {
                reportDuplicate("control", name, first: controls[first].syntax.name.span)
                continue
            }
            var type = ValueType.error
            var source = CheckedControl.Source.defaultValue(Expr(.missing, span: name.span.endPoint))
            if let reference = declaration.type {
                if let field = inputIndex[name.name] {
                    // Reported, then declared as written, so that reads and `set`s of it
                    // are not reported again.
                    reportDuplicate("control", name, first: inputs[field].syntax.name.span, firstWhat: "an input field")
                    diagnostics[diagnostics.count - 1].help =
                        "write `control \(name.name)` to use the input field as the control's current value"
                    inputUsed[field] = true
                }
                type = resolveType(reference)
                if reference.isOptional, type != .error {
                    report(Diagnostic(.invalidDefault, "control `\(name.name)` cannot have an optional type",
                                      at: reference.span, label: "optional",
                                      help: "remove `?`: a control always has a value, its default when nothing sets it"))
                }
                if let value = declaration.defaultValue { source = .defaultValue(value) }
            } else if let field = inputIndex[name.name] {
                let input = inputs[field]
                inputUsed[field] = true
                references[name.span] = .input(field)
                source = .input(field)
                type = input.type
                if input.isOptional {
                    report(Diagnostic(.untypedControl, "control `\(name.name)` is an optional input field", at: name.span,
                                      label: "may be missing",
                                      notes: [DiagnosticNote("`\(name.name)` is declared here", span: input.syntax.span)],
                                      help: "a control needs a current value: make the field required, or give the control a type and a default"))
                }
            } else {
                report(unknownWord(
                    .untypedControl, "control `\(name.name)` has no type", name, label: "not an input field",
                    candidates: inputs.map(\.name),
                    listing: "add `\(name.name)` to `input`, or give it a type and a default: `control \(name.name): number = 1.0`",
                    listingIsHelp: true))
            }
            let slot = controls.count
            controls.append(CheckedControl(name: name.name, slot: slot, type: type, source: source,
                                           resolve: nil, syntax: declaration))
            controlIndex[name.name] = slot
            values[name.name] = .control(slot)
            if valueDeclarations[name.name] == nil { valueDeclarations[name.name] = (name.span, "a control") }
            references[name.span] = .control(slot)
        }
    }

    /// `resolve X by max|min`.
    mutating func declareResolves() {
        var resolvedAt: [Int: Span] = [:]
        for resolve in items.resolves where !resolve.control.name.isEmpty {
            guard let slot = controlIndex[resolve.control.name] else {
                let what = inputIndex[resolve.control.name] != nil ? "an input field, not a control" : "not a control"
                report(unknownWord(.invalidResolve, "cannot resolve `\(resolve.control.name)`: it is not a control",
                                   resolve.control, label: what, candidates: controls.map(\.name),
                                   listing: controls.isEmpty ? "declare the knob first: `control \(resolve.control.name)`"
                                       : "the controls are \(Suggestion.list(controls.map(\.name)))"))
                continue
            }
            references[resolve.control.span] = .control(slot)
            guard let strategy = ResolveStrategy(rawValue: resolve.strategy.name) else {
                if !resolve.strategy.name.isEmpty {
                    report(unknownWord(.invalidResolve, "unknown resolve strategy `\(resolve.strategy.name)`",
                                       resolve.strategy, label: "not `max` or `min`", candidates: ["max", "min"],
                                       listing: "resolve by `max` (the largest proposal wins) or `min`"))
                }
                continue
            }
            if let first = resolvedAt[slot] {
                report(Diagnostic(.duplicateClause, "`\(resolve.control.name)` is resolved twice", at: resolve.control.span,
                                  label: "second `resolve`", notes: [DiagnosticNote("first resolved here", span: first)],
                                  help: "keep one `resolve \(resolve.control.name) by …`"))
                continue
            }
            resolvedAt[slot] = resolve.control.span
            let type = controls[slot].type
            if type != .error, !type.isOrdered {
                report(Diagnostic(.unorderedResolve, "cannot resolve `\(resolve.control.name)` by \(strategy.rawValue): \(type.displayName) has no order",
                                  at: resolve.strategy.span, label: "needs an ordered type",
                                  help: "only int, number, percent, money, duration, time and date controls have a largest value; remove the `resolve` to let the first matching rule win"))
                continue
            }
            controls[slot].resolve = strategy
        }
    }

    /// Marks the input field closest to a misspelt name as used, so that the typo does
    /// not also make the field look unused.
    mutating func markSuggestedInputUsed(_ name: String) {
        guard let close = Suggestion.closest(to: name, among: inputs.map(\.name)), let slot = inputIndex[close] else { return }
        inputUsed[slot] = true
    }

    // MARK: - Names in expressions

    private mutating func ruleOrGuardNames() -> Set<String> {
        if let itemNames { return itemNames }
        let names = Set(items.rules.map(\.name.name) + items.guards.map(\.name.name))
        itemNames = names
        return names
    }

    private mutating func suggestion(for name: String, among candidates: [String]) -> String? {
        if let known = suggestions[name] { return known }
        let found = Suggestion.closest(to: name, among: candidates)
        suggestions[name] = .some(found)
        return found
    }

    /// Reports a name no declaration matches: "did you mean" with a fix-it for a close
    /// name (which then counts as used), else a note on what the name is or what is in
    /// scope.
    /// Inputs, controls and lets by name, each once, in that order (`scopeNames`).
    private mutating func namesInScope() -> [String] {
        // Inputs and controls are declared before any expression is read; lets only grow.
        // In place: a copy of the cache would copy its arrays on every write.
        let counts = scopeNames.counts
        if counts.inputs != inputs.count || counts.controls != controls.count || counts.lets > lets.count {
            scopeNames = ScopeNames()
            for name in inputs.map(\.name) + controls.map(\.name) where scopeNames.seen.insert(name).inserted { scopeNames.names.append(name) }
            scopeNames.counts = (inputs.count, controls.count, 0)
        }
        for index in scopeNames.counts.lets..<lets.count where scopeNames.seen.insert(lets[index].name).inserted {
            scopeNames.names.append(lets[index].name)
        }
        scopeNames.counts.lets = lets.count
        return scopeNames.names
    }

    mutating func reportUnknownName(_ name: String, at span: Span) {
        var diagnostic = Diagnostic(.unknownName, "unknown name `\(name)`", at: span, label: "not declared in this policy")
        let candidates = namesInScope()
        if budgetIndex[name] != nil {
            diagnostic.label = "a budget, not a value"
            diagnostic.help = "read a member of the budget: `\(name).used`, `\(name).remaining`, `\(name).limit` or `\(name).pace`"
        } else if Builtin(rawValue: name) != nil {
            diagnostic.label = "a function, not a value"
            diagnostic.help = "call it: `\(name)(…)`"
        } else if ruleOrGuardNames().contains(name) {
            diagnostic.label = "a rule or guard, not a value"
            diagnostic.help = "expressions read input fields, controls, lets and budget members"
        } else if let close = suggestion(for: name, among: candidates) {
            diagnostic.help = "did you mean `\(close)`?"
            diagnostic.fixIts = [FixIt(span: span, replacement: close)]
            switch values[close] {
            case .input(let slot): inputUsed[slot] = true
            case .let(let slot): letUsed[slot] = true
            default: break
            }
        } else if candidates.isEmpty {
            diagnostic.help = "declare it in `input`, or with `let \(name) = …`"
        } else {
            diagnostic.notes = [DiagnosticNote("in scope: \(Suggestion.list(candidates))")]
        }
        report(diagnostic)
    }
}
