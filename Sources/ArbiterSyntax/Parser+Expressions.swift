// Expressions by precedence climbing.
//
// Binding power, lowest first (Grammar/README.md has the same table):
//
//   0 if … then … else …   only a whole expression; as an operand it needs parentheses
//   1 or            left
//   2 and           left
//   3 not           prefix; as the operand of a tighter operator it needs parentheses
//   4 comparisons   non-associative: == != < <= > >= [per W], between … and …,
//                   within … per W, postfix exists
//   5 ??            right
//   6 + -           left
//   7 * /           left
//   8 unary -       prefix
//   calls f(…) and members b.m bind tightest.
//
// Depth. Every node that can hold another expression counts one level while it is
// parsed: parentheses, `if`, `not`, unary minus, calls, and each operator of a chain
// (`a + b + c` is two levels deep, like the tree it makes). So `maximumDepth` bounds the
// depth of the tree as well as the parser's own recursion, and every later pass that
// walks the tree recursively (the tree dump, the formatter, the checker) is safe too.
//
// Stack. The functions on the recursive path (parseExpression, parseBinary,
// parseInfix, the fold helpers, parsePrefix, parsePrimary, parseCall, …) only dispatch;
// building diagnostics and literals happens in functions that return before the
// recursion goes deeper. Unoptimised builds give every local and temporary of a function
// its own stack slot, so this keeps a nesting level to a few hundred bytes there too, and
// `maximumDepth` levels fit in the 512 KiB stacks of secondary threads.

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

    /// Parses a full expression: `if … then … else …` or an `or` chain.
    mutating func parseExpression() -> Expr {
        if at(.if) { return parseConditional() }
        return parseBinary(minimum: Precedence.or)
    }

    // MARK: - Nesting

    /// Counts one level of nesting; past `maximumDepth` it reports once and returns false.
    private mutating func enterNesting() -> Bool {
        if tooDeep { return false }
        guard depth < Parser.maximumDepth else {
            reportTooDeep()
            return false
        }
        depth += 1
        return true
    }

    private mutating func reportTooDeep() {
        tooDeep = true
        elsesOfTooDeep = openConditionals
        panicking = false
        report(Diagnostic(.nestedTooDeeply, "expression nested too deeply", at: span(of: current),
                          label: "more than \(Parser.maximumDepth) levels of nesting",
                          help: "split the expression into `let`s"))
    }

    private func missingHere() -> Expr {
        Expr(.missing, span: Span(file: source.id, start: current.start, end: current.start))
    }

    // MARK: - Infix operators

    private func infixPrecedence() -> Int? {
        switch kind {
        case .keyword(.or): Precedence.or
        case .keyword(.and): Precedence.and
        case .invalid:
            switch misspeltOperator() {
            case .keyword(.and): Precedence.and
            case .keyword(.or): Precedence.or
            case .greaterEqual, .lessEqual, .notEqual: Precedence.comparison
            case .plus, .minus: Precedence.additive
            case .star, .slash: Precedence.multiplicative
            default: nil
            }
        // `=` never follows an expression: it is a misspelt `==` (or `=>`, `=<`).
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual, .assign,
             .keyword(.between), .keyword(.within), .keyword(.exists):
            Precedence.comparison
        case .coalesce: Precedence.coalesce
        case .plus, .minus: Precedence.additive
        case .star, .slash: Precedence.multiplicative
        default: nil
        }
    }

    /// Parses an operand and every operator binding at least as tightly as `minimum`.
    private mutating func parseBinary(minimum: Int) -> Expr {
        var left = parsePrefix(minimum: minimum)
        // Each operator folded into `left` makes the tree one level deeper.
        var folds = 0
        var comparedAlready = false
        while let precedence = infixPrecedence(), precedence >= minimum, !tooDeep {
            // A comparison ends its operand: nothing binding tighter follows it (`a exists
            // - c` is not a sentence; `a < b - c` took `- c` into its right side).
            if comparedAlready, precedence > Precedence.comparison { break }
            if precedence == Precedence.comparison {
                // Reported, then read on as if grouped to the left, so the item's
                // `else …` or the next clause is still found.
                if comparedAlready { reportChainedComparison() }
                comparedAlready = true
            }
            guard enterNesting() else { break }
            folds += 1
            left = parseInfix(after: left, precedence: precedence)
        }
        depth -= folds
        return left
    }

    /// `and`/`or` for `&&`, `&`, `||` or `|`, `not` for `!`, and the operator a
    /// typographic one stands for (`≥`, `×`, `−`): the lexer has reported them, and
    /// reading them as meant keeps the rest of the expression in the tree.
    private func misspeltOperator() -> TokenKind? {
        guard kind == .invalid else { return nil }
        let written = text(of: current)
        switch written {
        case "&&", "&": return .keyword(.and)
        case "||", "|": return .keyword(.or)
        case "!": return .keyword(.not)
        default:
            guard written.unicodeScalars.count == 1, let meant = Lexer.operatorLookalikes[written.unicodeScalars.first!] else { return nil }
            return switch meant {
            case ">=": .greaterEqual
            case "<=": .lessEqual
            case "!=": .notEqual
            case "*": .star
            case "/": .slash
            default: .minus
            }
        }
    }

    /// Reports `=`, `=>` or `=<` standing for a comparison, with the operator to write,
    /// and reads it as that operator; `=` has been read.
    private mutating func misspeltComparison(at assign: Span) -> ComparisonOperator {
        let adjacent = current.start == assign.end
        let (op, written): (ComparisonOperator, String) = switch kind {
        case .greater where adjacent: (.greaterEqual, ">=")
        case .less where adjacent: (.lessEqual, "<=")
        default: (.equal, "==")
        }
        let misspelt = written == "==" ? assign : assign.merged(with: span(of: current))
        if written != "==" { advance() }
        // `= >`, `= <` or `=<=`: another operator follows, and which was meant is not
        // certain; help, but no fix-it.
        let unclear = written == "==" && [.greater, .less, .greaterEqual, .lessEqual, .assign, .equal, .notEqual].contains(kind)
        reportRecovered(Diagnostic(.unexpectedToken, "`\(written == "==" ? "=" : "=" + written.prefix(1))` is not a comparison",
                          at: misspelt, label: written == "==" ? "`=` sets a control or names a let" : "not an operator",
                          help: unclear ? "compare with `==`, `>=` or `<=`, written without spaces" : "write `\(written)`",
                          fixIts: unclear ? [] : [FixIt(span: misspelt, replacement: written)]))
        return op
    }

    private mutating func reportChainedComparison() {
        report(Diagnostic(.unexpectedToken, "comparisons cannot be chained", at: span(of: current),
                          label: "second comparison", help: "join the two comparisons with `and`"))
    }

    /// Reads the operator at the current token and its right side.
    private mutating func parseInfix(after left: Expr, precedence: Int) -> Expr {
        let operatorKind = misspeltOperator() ?? kind
        let operatorSpan = span(of: current)
        advance()
        switch operatorKind {
        case .keyword(.or): return foldBinary(.or, left, minimum: precedence + 1)
        case .keyword(.and): return foldBinary(.and, left, minimum: precedence + 1)
        case .coalesce: return foldBinary(.coalesce, left, minimum: precedence)
        case .plus: return foldBinary(.add, left, minimum: precedence + 1)
        case .minus: return foldBinary(.subtract, left, minimum: precedence + 1)
        case .star: return foldBinary(.multiply, left, minimum: precedence + 1)
        case .slash: return foldBinary(.divide, left, minimum: precedence + 1)
        case .keyword(.exists): return Parser.exists(left, operatorSpan)
        case .keyword(.between): return parseBetween(after: left)
        case .keyword(.within): return parseWithin(after: left)
        case .assign: return parseComparison(misspeltComparison(at: operatorSpan), after: left)
        default: return parseComparison(Parser.comparisonOperator(operatorKind), after: left)
        }
    }

    private mutating func foldBinary(_ op: BinaryOperator, _ left: Expr, minimum: Int) -> Expr {
        let right = parseBinary(minimum: minimum)
        return Expr(.binary(op, left, right), span: left.span.merged(with: right.span))
    }

    private static func exists(_ value: Expr, _ operatorSpan: Span) -> Expr {
        Expr(.exists(value), span: value.span.merged(with: operatorSpan))
    }

    private static func comparisonOperator(_ kind: TokenKind) -> ComparisonOperator {
        switch kind {
        case .equal: .equal
        case .notEqual: .notEqual
        case .less: .less
        case .lessEqual: .lessEqual
        case .greater: .greater
        default: .greaterEqual
        }
    }

    /// `left OP right [per W]`; the operator has been read.
    private mutating func parseComparison(_ op: ComparisonOperator, after left: Expr) -> Expr {
        let right = parseBinary(minimum: Precedence.coalesce)
        let window = consume(.per) ? parseWindow() : nil
        return Expr(.comparison(op, left, right, window: window), span: span(from: left.span.start))
    }

    /// `left between low and high`; `between` has been read.
    private mutating func parseBetween(after left: Expr) -> Expr {
        let low = parseBinary(minimum: Precedence.coalesce)
        let high = expect(.keyword(.and), "`and` between the low and the high bound")
            ? parseBinary(minimum: Precedence.coalesce) : missingHere()
        return Expr(.between(left, low: low, high: high), span: span(from: left.span.start))
    }

    /// `left within tolerance per W`; `within` has been read.
    private mutating func parseWithin(after left: Expr) -> Expr {
        let tolerance = parseBinary(minimum: Precedence.coalesce)
        let window = expect(.keyword(.per), "`per` and a window, as in `within 10% per 1d`") ? parseWindow() : nil
        return Expr(.within(left, tolerance: tolerance, window: window ?? Window(text: "", span: tolerance.span.endPoint)),
                    span: span(from: left.span.start))
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

    // MARK: - Prefix operators

    /// Parses a prefix operator or a primary. `minimum` is the binding power of the
    /// operator whose operand this is: `not` and `if` bind more loosely than most
    /// operators, so there they need parentheses (`a == (not b)`); the parser says so
    /// and reads them anyway.
    private mutating func parsePrefix(minimum: Int) -> Expr {
        switch kind {
        case .keyword(.not): return parseNot(minimum: minimum)
        case .invalid where misspeltOperator() == .keyword(.not): return parseNot(minimum: Precedence.not)
        case .minus: return parseNegation()
        case .invalid where misspeltOperator() == .minus: return parseNegation()
        case .keyword(.if):
            // `parseExpression` reads an `if` that starts a whole expression.
            reportMisplaced("an `if` used as an operand must be in parentheses",
                            label: "`if` takes everything after `else`", help: "write `(if … then … else …)`")
            return parseConditional()
        default: return parsePrimary()
        }
    }

    private mutating func reportMisplaced(_ message: String, label: String, help: String) {
        report(Diagnostic(.unexpectedToken, message, at: span(of: current), label: label, help: help))
    }

    private mutating func parseNot(minimum: Int) -> Expr {
        if minimum > Precedence.not {
            reportMisplaced("`not` must be in parentheses here",
                            label: "`not` binds more loosely than the operator before it", help: "write `(not …)`")
        }
        let start = current.start
        guard enterNesting() else { return missingHere() }
        advance()
        let operand = parseBinary(minimum: max(minimum, Precedence.not))
        depth -= 1
        return Expr(.unary(.not, operand), span: span(from: start))
    }

    private mutating func parseNegation() -> Expr {
        let start = current.start
        guard enterNesting() else { return missingHere() }
        advance()
        let operand = parseBinary(minimum: Precedence.prefix)
        depth -= 1
        return Expr(.unary(.negate, operand), span: span(from: start))
    }

    /// Parses `if C then A else B`; the current token is `if`.
    private mutating func parseConditional() -> Expr {
        let start = current.start
        guard enterNesting() else { return missingHere() }
        advance()
        openConditionals += 1
        let condition = parseExpression()
        var whenTrue = missingHere()
        var whenFalse = whenTrue
        var elseRead = false
        if expect(.keyword(.then), "`then`") {
            whenTrue = parseExpression()
            whenFalse = missingHere()
            if expect(.keyword(.else), "`else` (an `if` needs both branches)") {
                elseRead = true
                openConditionals -= 1
                whenFalse = parseExpression()
            }
        }
        if !elseRead { openConditionals -= 1 }
        depth -= 1
        return Expr(.conditional(condition, then: whenTrue, else: whenFalse), span: span(from: start))
    }

    // MARK: - Primaries

    private mutating func parsePrimary() -> Expr {
        switch kind {
        case .leftParen: return parseParenthesized()
        case .identifier where peekKind(1) == .leftParen: return parseCall()
        case .identifier where peekKind(1) == .dot: return parseMember()
        case .identifier: return parseName()
        default: return parseLiteral()
        }
    }

    private mutating func parseParenthesized() -> Expr {
        let start = current.start
        guard enterNesting() else { return missingHere() }
        advance()
        let inner = parseExpression()
        _ = expect(.rightParen, "`)`")
        depth -= 1
        return Expr(.parenthesized(inner), span: span(from: start))
    }

    /// Reads the identifier at the current token.
    private mutating func readIdentifier() -> Identifier {
        let identifier = Identifier(text(of: current), span: span(of: current))
        advance()
        return identifier
    }

    private mutating func parseName() -> Expr {
        let name = readIdentifier()
        return Expr(.name(name.name), span: name.span)
    }

    /// `budget.member`; the current token is the base name.
    private mutating func parseMember() -> Expr {
        let base = readIdentifier()
        advance()
        let member = expectIdentifier("a member name such as `remaining`") ?? placeholderIdentifier()
        return Expr(.member(base: base, member: member), span: span(from: base.span.start))
    }

    /// `f(a, by g)`; the current token is the callee's name.
    private mutating func parseCall() -> Expr {
        let callee = readIdentifier()
        guard enterNesting() else { return missingHere() }
        advance()
        var arguments: [Argument] = []
        if !at(.rightParen) {
            repeat {
                arguments.append(at(.by) && peekKind(1) == .identifier ? parseGroupArgument() : .expression(parseExpression()))
            } while consume(.comma) && !tooDeep
        }
        expectClosingParenthesis(of: callee)
        depth -= 1
        return Expr(.call(callee: callee, arguments: arguments), span: span(from: callee.span.start))
    }

    /// `by NAME` in a call, as in `count(pinned, by category)`.
    private mutating func parseGroupArgument() -> Argument {
        advance()
        return .by(readIdentifier())
    }

    private mutating func expectClosingParenthesis(of callee: Identifier) {
        _ = expect(.rightParen, "`)` or `,` in the call of `\(callee.name)`")
    }

    /// A literal; or, for any other token, a `.missing` node and a diagnostic.
    private mutating func parseLiteral() -> Expr {
        let token = current
        let tokenSpan = span(of: token)
        let literal: Literal
        switch token.kind {
        case .number:
            advance()
            if kind == .identifier, isCurrencyCode(text(of: current)) {
                let currency = text(of: current)
                advance()
                return Expr(.literal(.money(amount: text(of: token), currency: currency)), span: span(from: token.start))
            }
            literal = .number(text(of: token))
        case .percent: literal = .percent(String(text(of: token).dropLast()))
        case .duration: literal = .duration(text(of: token))
        case .date: literal = .date(text(of: token))
        case .time: literal = .time(text(of: token))
        case .string: literal = .string(decodeString(token))
        case .keyword(.true): literal = .bool(true)
        case .keyword(.false): literal = .bool(false)
        case .invalid:
            // The lexer has reported it.
            advance()
            panicking = true
            return Expr(.missing, span: tokenSpan)
        default:
            reportExpected("an expression")
            return missingHere()
        }
        if token.kind != .number { advance() }
        return Expr(.literal(literal), span: tokenSpan)
    }

    /// Whether a name is written like an ISO 4217 code: three upper-case letters.
    func isCurrencyCode(_ text: String) -> Bool {
        text.utf8.count == 3 && text.utf8.allSatisfy { $0 >= 65 && $0 <= 90 }
    }
}
