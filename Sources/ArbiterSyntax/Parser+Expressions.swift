// Expressions by precedence climbing.
//
// Binding power, lowest first (Grammar/README.md has the same table):
//
//   1 or            left
//   2 and           left
//   3 not           prefix
//   4 comparisons   non-associative: == != < <= > >= [per W], between … and …,
//                   within … per W, postfix exists
//   5 ??            right
//   6 + -           left
//   7 * /           left
//   8 unary -       prefix
//   calls f(…) and members b.m bind tightest; `if … then … else …` is lowest of all.

extension Parser {
    private enum Precedence {
        static let or = 1
        static let and = 2
        static let not = 3
        static let comparison = 4
        static let coalesce = 5
        static let additive = 6
        static let multiplicative = 7
        static let prefix = 8
    }

    /// Parses a full expression, `if` included.
    mutating func parseExpression() -> Expr {
        guard enterNesting() else { return missingHere() }
        defer { depth -= 1 }
        return parseBinary(minimum: Precedence.or)
    }

    private mutating func enterNesting() -> Bool {
        if tooDeep { return false }
        depth += 1
        if depth > Parser.maximumDepth {
            depth -= 1
            tooDeep = true
            panicking = false
            report(Diagnostic(.nestedTooDeeply, "expression nested too deeply", at: span(of: current),
                              label: "more than \(Parser.maximumDepth) levels of nesting",
                              help: "split the expression into `let`s"))
            return false
        }
        return true
    }

    private func missingHere() -> Expr {
        Expr(.missing, span: Span(file: source.id, start: current.start, end: current.start))
    }

    private func infixPrecedence() -> Int? {
        switch kind {
        case .keyword(.or): Precedence.or
        case .keyword(.and): Precedence.and
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual,
             .keyword(.between), .keyword(.within), .keyword(.exists):
            Precedence.comparison
        case .coalesce: Precedence.coalesce
        case .plus, .minus: Precedence.additive
        case .star, .slash: Precedence.multiplicative
        default: nil
        }
    }

    private mutating func parseBinary(minimum: Int) -> Expr {
        var left = parsePrefix()
        var comparedAlready = false
        while let precedence = infixPrecedence(), precedence >= minimum, !tooDeep {
            let operatorToken = current
            if precedence == Precedence.comparison {
                if comparedAlready {
                    report(Diagnostic(.unexpectedToken, "comparisons cannot be chained", at: span(of: operatorToken),
                                      label: "second comparison", help: "join the two comparisons with `and`"))
                    return left
                }
                comparedAlready = true
            }
            advance()
            switch operatorToken.kind {
            case .keyword(.or), .keyword(.and):
                let right = parseBinary(minimum: precedence + 1)
                let op: BinaryOperator = operatorToken.kind == .keyword(.or) ? .or : .and
                left = Expr(.binary(op, left, right), span: left.span.merged(with: right.span))
            case .coalesce:
                let right = parseBinary(minimum: precedence)
                left = Expr(.binary(.coalesce, left, right), span: left.span.merged(with: right.span))
            case .plus, .minus, .star, .slash:
                let right = parseBinary(minimum: precedence + 1)
                let op: BinaryOperator = switch operatorToken.kind {
                case .plus: .add
                case .minus: .subtract
                case .star: .multiply
                default: .divide
                }
                left = Expr(.binary(op, left, right), span: left.span.merged(with: right.span))
            case .keyword(.exists):
                left = Expr(.exists(left), span: left.span.merged(with: span(of: operatorToken)))
            case .keyword(.between):
                let low = parseBinary(minimum: Precedence.coalesce)
                var high = missingHere()
                if expect(.keyword(.and), "`and` between the low and the high bound") {
                    high = parseBinary(minimum: Precedence.coalesce)
                }
                left = Expr(.between(left, low: low, high: high), span: left.span.merged(with: span(from: left.span.start)))
            case .keyword(.within):
                let tolerance = parseBinary(minimum: Precedence.coalesce)
                guard expect(.keyword(.per), "`per` and a window, as in `within 10% per 1d`"),
                      let window = parseWindow() else {
                    return Expr(.within(left, tolerance: tolerance, window: Window(text: "", span: tolerance.span.endPoint)),
                                span: span(from: left.span.start))
                }
                left = Expr(.within(left, tolerance: tolerance, window: window), span: span(from: left.span.start))
            default:
                let op: ComparisonOperator = switch operatorToken.kind {
                case .equal: .equal
                case .notEqual: .notEqual
                case .less: .less
                case .lessEqual: .lessEqual
                case .greater: .greater
                default: .greaterEqual
                }
                let right = parseBinary(minimum: Precedence.coalesce)
                var window: Window?
                if consume(.per) { window = parseWindow() }
                left = Expr(.comparison(op, left, right, window: window), span: span(from: left.span.start))
            }
        }
        return left
    }

    private mutating func parseWindow() -> Window? {
        guard at(.duration) else {
            reportExpected("a window such as `1d` or `15s`")
            return nil
        }
        let window = Window(text: text(of: current), span: span(of: current))
        advance()
        return window
    }

    private mutating func parsePrefix() -> Expr {
        let start = current.start
        switch kind {
        case .keyword(.not):
            guard enterNesting() else { return missingHere() }
            defer { depth -= 1 }
            advance()
            let operand = parseBinary(minimum: Precedence.not)
            return Expr(.unary(.not, operand), span: span(from: start))
        case .minus:
            guard enterNesting() else { return missingHere() }
            defer { depth -= 1 }
            advance()
            let operand = parseBinary(minimum: Precedence.prefix)
            return Expr(.unary(.negate, operand), span: span(from: start))
        case .keyword(.if):
            guard enterNesting() else { return missingHere() }
            defer { depth -= 1 }
            advance()
            let condition = parseExpression()
            guard expect(.keyword(.then), "`then`") else { return Expr(.conditional(condition, then: missingHere(), else: missingHere()), span: span(from: start)) }
            let whenTrue = parseExpression()
            guard expect(.keyword(.else), "`else` (an `if` needs both branches)") else {
                return Expr(.conditional(condition, then: whenTrue, else: missingHere()), span: span(from: start))
            }
            let whenFalse = parseExpression()
            return Expr(.conditional(condition, then: whenTrue, else: whenFalse), span: span(from: start))
        default:
            return parsePrimary()
        }
    }

    private mutating func parsePrimary() -> Expr {
        let token = current
        let tokenSpan = span(of: token)
        switch token.kind {
        case .number:
            advance()
            if kind == .identifier, isCurrencyCode(text(of: current)) {
                let currency = text(of: current)
                advance()
                return Expr(.literal(.money(amount: text(of: token), currency: currency)), span: span(from: token.start))
            }
            return Expr(.literal(.number(text(of: token))), span: tokenSpan)
        case .percent:
            advance()
            return Expr(.literal(.percent(String(text(of: token).dropLast()))), span: tokenSpan)
        case .duration:
            advance()
            return Expr(.literal(.duration(text(of: token))), span: tokenSpan)
        case .date:
            advance()
            return Expr(.literal(.date(text(of: token))), span: tokenSpan)
        case .time:
            advance()
            return Expr(.literal(.time(text(of: token))), span: tokenSpan)
        case .string:
            advance()
            return Expr(.literal(.string(decodeString(token))), span: tokenSpan)
        case .keyword(.true), .keyword(.false):
            advance()
            return Expr(.literal(.bool(token.kind == .keyword(.true))), span: tokenSpan)
        case .leftParen:
            guard enterNesting() else { return missingHere() }
            defer { depth -= 1 }
            advance()
            let inner = parseExpression()
            _ = expect(.rightParen, "`)`")
            return Expr(.parenthesized(inner), span: span(from: token.start))
        case .identifier:
            advance()
            let name = Identifier(text(of: token), span: tokenSpan)
            if at(.leftParen) { return parseCall(name) }
            if at(.dot) {
                advance()
                guard let member = expectIdentifier("a member name such as `remaining`") else {
                    return Expr(.member(base: name, member: placeholderIdentifier()), span: span(from: token.start))
                }
                return Expr(.member(base: name, member: member), span: span(from: token.start))
            }
            return Expr(.name(name.name), span: tokenSpan)
        case .invalid:
            advance()
            panicking = true
            return Expr(.missing, span: tokenSpan)
        default:
            reportExpected("an expression")
            return missingHere()
        }
    }

    private mutating func parseCall(_ callee: Identifier) -> Expr {
        guard enterNesting() else { return missingHere() }
        defer { depth -= 1 }
        advance()
        var arguments: [Argument] = []
        if !at(.rightParen) {
            repeat {
                if at(.by), peekKind(1) == .identifier {
                    advance()
                    arguments.append(.by(Identifier(text(of: current), span: span(of: current))))
                    advance()
                } else {
                    arguments.append(.expression(parseExpression()))
                }
            } while consume(.comma) && !tooDeep
        }
        _ = expect(.rightParen, "`)` or `,` in the call of `\(callee.name)`")
        return Expr(.call(callee: callee, arguments: arguments), span: span(from: callee.span.start))
    }

    /// Whether a name is written like an ISO 4217 code: three upper-case letters.
    func isCurrencyCode(_ text: String) -> Bool {
        text.utf8.count == 3 && text.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }
    }
}
