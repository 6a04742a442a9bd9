extension Parser {
    // MARK: - Files and policies

    mutating func parseFile() -> [Policy] {
        var policies: [Policy] = []
        while !at(.endOfFile) {
            if at(.policy) {
                policies.append(parsePolicy())
                continue
            }
            reportExpected("`policy`", help: "a file holds policies: `policy NAME { … }`", pointingAtFound: true)
            while !at(.endOfFile), !at(.policy) {
                if at(.leftBrace) { skipBraceGroup() } else { advance() }
            }
            panicking = false
        }
        return policies
    }

    mutating func parsePolicy() -> Policy {
        let start = current.start
        advance()
        let name = expectIdentifier("a policy name", nameFollowers: [.leftBrace]) ?? placeholderIdentifier()
        var items: [Item] = []
        guard at(.leftBrace) else {
            reportExpected("`{`")
            synchronizeToItem()
            if !atItemBoundary || at(.policy) || at(.endOfFile) {
                return Policy(name: name, items: items, span: span(from: start))
            }
            parseItems(into: &items, openBrace: nil)
            return Policy(name: name, items: items, span: span(from: start))
        }
        let openBrace = span(of: current)
        advance()
        parseItems(into: &items, openBrace: openBrace)
        return Policy(name: name, items: items, span: span(from: start))
    }

    private mutating func parseItems(into items: inout [Item], openBrace: Span?) {
        while true {
            if at(.rightBrace) {
                advance()
                return
            }
            if at(.endOfFile) || at(.policy) {
                // Without its `{` (reported already) a policy has no block to close.
                guard let openBrace else { return }
                panicking = false
                report(Diagnostic(.unclosedBlock, "this policy block is not closed",
                                  at: openBrace, label: "`{` opened here",
                                  help: "add `}` after the policy's last item"))
                panicking = false
                return
            }
            panicking = false
            if case .keyword(let keyword) = kind, keyword.startsItem {
                if let item = parseItem(keyword) { items.append(item) }
                if !atItemBoundary {
                    reportExpected("a new item (`rule`, `guard`, `let`, …) or `}`", help: clauseTypoHelp(clauses: Parser.itemWords),
                                   pointingAtFound: true)
                    synchronizeToItem()
                }
            } else {
                reportExpected("an item such as `input`, `rule`, `guard` or `}`",
                               help: clauseTypoHelp(clauses: Parser.itemWords)
                                   ?? "a policy holds `drives`, `key`, `currency`, `timezone`, `input`, `control`, `resolve`, `let`, `goal`, `rule`, `guard`, `budget` and `approve`",
                               pointingAtFound: true)
                if !at(.endOfFile) { advance() }
                synchronizeToItem()
            }
        }
    }

    // MARK: - Items

    mutating func parseItem(_ keyword: Keyword) -> Item? {
        let start = current.start
        let keywordSpan = span(of: current)
        advance()
        let kind: ItemKind?
        switch keyword {
        case .drives:
            kind = expectIdentifier("an actuator family (`pricing`, `bidding`, `merchandising` or `scaling`)").map(ItemKind.drives)
        case .key:
            kind = expectIdentifier("the name of the key field").map(ItemKind.key)
        case .currency:
            kind = expectIdentifier("a currency code such as `EUR`").map(ItemKind.currency)
        case .timezone:
            kind = expectString("a time zone name such as `\"Europe/Paris\"`").map(ItemKind.timezone)
        case .input:
            kind = parseInputBlock()
        case .control:
            kind = parseControl()
        case .resolve:
            kind = parseResolve()
        case .let:
            kind = parseLet()
        case .goal:
            kind = parseGoal()
        case .rule:
            kind = parseRule()
        case .guard:
            kind = parseGuard()
        case .budget:
            kind = parseBudget()
        case .approve:
            kind = parseApprove()
        default:
            kind = nil
        }
        guard let kind else { return nil }
        return Item(kind: kind, span: span(from: start), keywordSpan: keywordSpan)
    }

    private mutating func parseInputBlock() -> ItemKind? {
        let bodyStart = current.start
        guard at(.leftBrace) else {
            reportExpected("`{` to open the input block")
            // The fields follow (`input sku: text … }`): read them as if the `{` were
            // there, so that one missing brace is one diagnostic.
            guard atFieldStart else { return nil }
            panicking = false
            return parseInputFields(openBrace: span(of: current), bodyStart: bodyStart)
        }
        let openBrace = span(of: current)
        advance()
        return parseInputFields(openBrace: openBrace, bodyStart: bodyStart)
    }

    /// The fields of an input block after its `{`, and its `}`.
    private mutating func parseInputFields(openBrace: Span, bodyStart: Int) -> ItemKind? {
        var fields: [InputField] = []
        while !at(.rightBrace) {
            if atItemBoundary, !(isKeyword && peekKind(1) == .colon) {
                report(Diagnostic(.unclosedBlock, "this input block is not closed", at: openBrace,
                                  label: "`{` opened here", help: "add `}` after the last field"))
                return .input(fields, bodyStart: bodyStart, parser: self)
            }
            let fieldStart = current.start
            guard let name = expectIdentifier("an input field name") else {
                skipToNextField()
                continue
            }
            guard expect(.colon, "`:` and the field's type") else {
                skipToNextField()
                continue
            }
            let type = parseType()
            fields.append(InputField(name: name, type: type, span: span(from: fieldStart)))
            // A name starts the next field (a missing `:` is reported there); anything else is out of place.
            if !panicking, !at(.rightBrace), kind != .identifier, !atFieldStart, !atItemBoundary {
                reportExpected("the next field `name: type` or `}`",
                               help: at(.assign) ? "input fields have no default; a `control NAME: TYPE = …` has one" : nil,
                               pointingAtFound: true)
                skipToNextField()
            }
        }
        advance()
        return .input(fields, bodyStart: bodyStart, parser: self)
    }

    private mutating func skipToNextField() {
        while !at(.rightBrace), !atItemBoundary, !atFieldStart {
            if at(.leftBrace) { skipBraceGroup() } else { advance() }
        }
        panicking = false
    }

    /// Whether the current token is a keyword.
    private var isKeyword: Bool {
        if case .keyword = kind { return true }
        return false
    }

    /// Whether `name :` starts here (a reserved word as the name included: it is reported).
    private var atFieldStart: Bool {
        (kind == .identifier || isKeyword) && peekKind(1) == .colon
    }

    mutating func parseType() -> TypeRef {
        let start = current.start
        let typeKind: TypeRef.Kind
        let spelledOneOf = atWord("one") && peekKind(1) == .identifier && text(of: tokens[index + 1]) == "of"
        // `oneof "a", "b"`, `enum "a", "b"`: a list of cases under another name (a type
        // name before a string, as in `text "the sku"`, is another mistake).
        let otherSpelling = kind == .identifier && peekKind(1) == .string
            && ["oneof", "enum", "one", "choice"].contains(text(of: current).lowercased().replacing("_", with: ""))
        if spelledOneOf || otherSpelling {
            if spelledOneOf {
                advance()
            } else {
                reportRecovered(Diagnostic(.unexpectedToken, "`\(text(of: current))` is not a type", at: span(of: current),
                                  label: "followed by cases", help: "a choice of texts is written `one of \"a\", \"b\"`",
                                  fixIts: [FixIt(span: span(of: current), replacement: "one of")]))
            }
            advance()
            var cases: [StringLiteral] = []
            if let first = expectString("an enum case such as `\"spring\"`") { cases.append(first) }
            while at(.string) || (at(.comma) && peekKind(1) == .string) {
                if at(.string) {
                    let gap = Span(file: source.id, start: tokens[index - 1].end, end: tokens[index - 1].end)
                    reportRecovered(Diagnostic(.unexpectedToken, "expected `,` between two cases", at: span(of: current),
                                      label: "no `,` before this case", fixIts: [FixIt(span: gap, replacement: ",")]))
                } else {
                    advance()
                }
                if let next = expectString("an enum case") { cases.append(next) }
            }
            typeKind = .oneOf(cases)
        } else if kind == .identifier {
            typeKind = .named(Identifier(text(of: current), span: span(of: current)))
            advance()
        } else {
            reportExpected("a type such as `money`, `int` or `text`")
            typeKind = .named(placeholderIdentifier())
        }
        let isOptional = consume(.question)
        return TypeRef(kind: typeKind, isOptional: isOptional, span: span(from: start))
    }

    private mutating func parseControl() -> ItemKind? {
        guard let name = expectIdentifier("a control name") else { return nil }
        var declaration = ControlDecl(name: name, type: nil, defaultValue: nil)
        if at(.assign) {
            report(Diagnostic(.unexpectedToken, "a control with a default value needs a type", at: span(of: current),
                              label: "expected `:` and a type before `=`",
                              help: "write `control \(name.name): TYPE = …`, such as `control boost: number = 1.0`"))
            advance()
            _ = parseExpression()
            return .control(declaration)
        }
        if consume(.colon) {
            declaration.type = parseType()
            if expect(.assign, "`=` and the control's default value") {
                declaration.defaultValue = parseExpression()
            }
        }
        return .control(declaration)
    }

    private mutating func parseResolve() -> ItemKind? {
        guard let control = expectIdentifier("the control to resolve") else { return nil }
        guard expect(.keyword(.by), "`by`") else { return nil }
        guard let strategy = expectIdentifier("`max` or `min`") else { return nil }
        return .resolve(ResolveDecl(control: control, strategy: strategy))
    }

    private mutating func parseLet() -> ItemKind? {
        guard let name = expectIdentifier("a let name") else { return nil }
        guard expect(.assign, "`=`") else { return nil }
        return .let(LetDecl(name: name, value: parseExpression()))
    }

    private mutating func parseGoal() -> ItemKind? {
        var name: Identifier?
        if atFieldStart {
            name = expectIdentifier("a goal name")
            advance()
        }
        return .goal(GoalDecl(name: name, condition: parseExpression()))
    }

    private mutating func parseRule() -> ItemKind? {
        guard let name = expectIdentifier("a rule name", nameFollowers: [.leftBrace, .string]) else { return nil }
        var description: StringLiteral?
        if at(.string) { description = expectString("a description") }
        let bodyStart = current.start
        guard at(.leftBrace) else {
            reportExpected("`{` to open the rule")
            return nil
        }
        let openBrace = span(of: current)
        advance()
        var clauses: [RuleClause] = []
        while !consume(.rightBrace) {
            if atItemBoundary {
                report(Diagnostic(.unclosedBlock, "this rule is not closed", at: openBrace,
                                  label: "`{` opened here", help: "add `}` after the rule's last clause"))
                break
            }
            let clauseStart = current.start
            if consume(.active) {
                guard let from = expectMoment() else { skipToClause(); continue }
                guard expect(.dotDot, "`..` between the start and the end") else { skipToClause(); continue }
                guard let to = expectMoment() else { skipToClause(); continue }
                clauses.append(.active(from: from, to: to, span: span(from: clauseStart)))
            } else if consume(.when) {
                let condition = parseExpression()
                clauses.append(.when(condition, span: span(from: clauseStart)))
            } else if consume(.set) {
                guard let control = expectIdentifier("the control to set") else { skipToClause(); continue }
                guard expect(.assign, "`=`") else { skipToClause(); continue }
                let value = parseExpression()
                clauses.append(.set(control, value, span: span(from: clauseStart)))
            } else {
                reportExpected("`when`, `set`, `active` or `}`", help: clauseTypoHelp(clauses: ["when", "set", "active"]), pointingAtFound: true)
                advance()
                skipToClause()
                continue
            }
            if panicking { skipToClause() }
        }
        return .rule(RuleDecl(name: name, description: description, clauses: clauses, bodySpan: span(from: bodyStart)))
    }

    private mutating func expectMoment() -> LiteralToken? {
        if at(.date) { return expectLiteralToken(.date, "a date") }
        return expectLiteralToken(.time, "a date such as `2027-03-20` or a time such as `2027-03-20T08:00:00Z`")
    }

    /// Skips to the next clause keyword of a rule, budget or approve block, or its end.
    private mutating func skipToClause() {
        let clauseKeywords: [Keyword] = [.active, .when, .set, .spends, .tracks, .else, .by, .expires]
        // After an expression nested too deeply, the rest of it is skipped: an `else` that
        // closes one of its `if`s is part of it, not a clause.
        var elsesInExpression = tooDeep ? elsesOfTooDeep : 0
        while !at(.rightBrace), !atItemBoundary {
            if tooDeep, at(.if) { elsesInExpression += 1 }
            if at(.else), elsesInExpression > 0 {
                elsesInExpression -= 1
                advance()
                continue
            }
            if case .keyword(let keyword) = kind, clauseKeywords.contains(keyword) { break }
            if at(.leftBrace) { skipBraceGroup() } else { advance() }
        }
        panicking = false
        tooDeep = false
    }

    private mutating func parseGuard() -> ItemKind? {
        guard let name = expectIdentifier("a guard name") else { return nil }
        guard expect(.colon, "`:` after the guard's name") else { return nil }
        let condition = parseExpression()
        guard consume(.else) else {
            reportExpected("`else` and an enforcement (`clamp`, `block`, `escalate` or `warn`)", help: clauseTypoHelp(clauses: ["else"]))
            return nil
        }
        guard let enforcement = parseEnforcement() else { return nil }
        return .guard(GuardDecl(name: name, condition: condition, enforcement: enforcement))
    }

    /// The keywords that start an item.
    static let itemWords = Keyword.allCases.filter(\.startsItem).map(\.rawValue)

    /// Parses an enforcement word and, after `escalate`, its `by` and `expires`.
    ///
    /// Any name is read here; the checker reports words other than `clamp`, `block`,
    /// `escalate` and `warn` (E0314), with a suggestion, like other contextual words.
    mutating func parseEnforcement() -> Enforcement? {
        let start = current.start
        guard let action = expectIdentifier("`clamp`, `block`, `escalate` or `warn`") else { return nil }
        var enforcement = Enforcement(action: action, role: nil, expires: nil, span: action.span)
        if action.name == "escalate" {
            if consume(.by) { enforcement.role = expectString("the approver role, such as `\"pricing-lead\"`") }
            if consume(.expires) { enforcement.expires = expectLiteralToken(.duration, "a duration such as `24h`") }
        }
        enforcement.span = span(from: start)
        return enforcement
    }

    private mutating func parseBudget() -> ItemKind? {
        guard let name = expectIdentifier("a budget name") else { return nil }
        guard expect(.colon, "`:` after the budget's name") else { return nil }
        let limit = parseExpression()
        switch limit.kind {
        case .literal(.number), .literal(.money), .missing:
            break
        default:
            report(Diagnostic(.unexpectedToken, "a budget limit must be a number or a money amount", at: limit.span,
                              label: "not a literal amount", help: "write the limit as a literal, such as `5000 EUR per 1d`"))
        }
        guard expect(.keyword(.per), "`per` and the budget's window, such as `per 1d`") else { return nil }
        guard let window = expectLiteralToken(.duration, "a window such as `1d`") else { return nil }
        let bodyStart = current.start
        guard at(.leftBrace) else {
            reportExpected("`{` to open the budget")
            return nil
        }
        let openBrace = span(of: current)
        advance()
        var clauses: [BudgetClause] = []
        while !consume(.rightBrace) {
            if atItemBoundary {
                report(Diagnostic(.unclosedBlock, "this budget is not closed", at: openBrace,
                                  label: "`{` opened here", help: "add `}` after the budget's last clause"))
                break
            }
            let clauseStart = current.start
            if consume(.spends) {
                clauses.append(.spends(parseExpression(), span: span(from: clauseStart)))
            } else if consume(.tracks) {
                guard let field = expectIdentifier("the input field to track") else { skipToClause(); continue }
                clauses.append(.tracks(field, span: span(from: clauseStart)))
            } else if consume(.else) {
                guard let enforcement = parseEnforcement() else { skipToClause(); continue }
                clauses.append(.otherwise(enforcement, span: span(from: clauseStart)))
            } else {
                reportExpected("`spends`, `tracks`, `else` or `}`", help: clauseTypoHelp(clauses: ["spends", "tracks", "else"]), pointingAtFound: true)
                advance()
                skipToClause()
                continue
            }
            if panicking { skipToClause() }
        }
        return .budget(BudgetDecl(name: name, limit: limit, window: window, clauses: clauses, bodySpan: span(from: bodyStart)))
    }

    private mutating func parseApprove() -> ItemKind? {
        guard expect(.keyword(.when), "`when` and the condition that needs approval") else { return nil }
        let condition = parseExpression()
        let bodyStart = current.start
        guard at(.leftBrace) else {
            reportExpected("`{` with `by \"role\"` and `expires`")
            return nil
        }
        let openBrace = span(of: current)
        advance()
        var clauses: [ApproveClause] = []
        while !consume(.rightBrace) {
            if atItemBoundary {
                report(Diagnostic(.unclosedBlock, "this approve block is not closed", at: openBrace,
                                  label: "`{` opened here", help: "add `}` after `expires …`"))
                break
            }
            let clauseStart = current.start
            if consume(.by) {
                guard let role = expectString("the approver role, such as `\"pricing-lead\"`") else { skipToClause(); continue }
                clauses.append(.by(role, span: span(from: clauseStart)))
            } else if consume(.expires) {
                guard let duration = expectLiteralToken(.duration, "a duration such as `24h`") else { skipToClause(); continue }
                clauses.append(.expires(duration, span: span(from: clauseStart)))
            } else {
                reportExpected("`by`, `expires` or `}`", help: clauseTypoHelp(clauses: ["by", "expires"]), pointingAtFound: true)
                advance()
                skipToClause()
                continue
            }
        }
        return .approve(ApproveDecl(condition: condition, clauses: clauses, bodySpan: span(from: bodyStart)))
    }
}

extension ItemKind {
    fileprivate static func input(_ fields: [InputField], bodyStart: Int, parser: Parser) -> ItemKind {
        .input(fields, bodySpan: parser.span(from: bodyStart))
    }
}
