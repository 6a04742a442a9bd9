// How the parser works
//
// The parser reads the token array the lexer made and builds a `PolicyFile`. It never
// throws and never stops early: where the text does not fit the grammar it reports a
// diagnostic, puts a `.missing` node in the tree and goes on, so one run reports every
// independent error in a file.
//
// Two mechanisms keep one typo from producing a cascade of errors:
//
// - Panic mode. After an error, further errors are suppressed until the parser reaches
//   a synchronisation point: the keyword that starts the next item (`rule`, `guard`, …),
//   the next clause of a block (`when`, `set`, …), or a closing `}`.
// - Resynchronisation. When an item cannot be read to its end, the parser skips tokens
//   (whole `{ … }` groups at a time) up to the next synchronisation point.
//
// Expressions are parsed by precedence climbing (`Parser+Expressions.swift`). Nesting is
// limited to `maximumDepth` levels, counting every node that holds another expression
// (parentheses, `if`, `not`, unary minus, calls, each operator of a chain); past that the
// parser reports "expression nested too deeply" once and skips the rest of the item. So
// 10,000 nested parentheses cannot overflow the stack, and no tree is deeper than the
// limit, which keeps every recursive pass over the tree safe too.
//
// Where something is missing at the end of a line the caret goes after the last token
// read; a keyword misused as a name is reported (E0010) and read as the name.
//
// Newlines carry no meaning: every item and clause starts with a keyword, and an
// expression ends at the first token that cannot continue it.

/// What parsing a file produced: the tree and every diagnostic, in order.
public struct ParseResult: Sendable {
    /// The tree, with `.missing` nodes where the text could not be read.
    public var file: PolicyFile
    /// Lexing and parsing diagnostics.
    public var diagnostics: [Diagnostic]
}

/// The recursive-descent parser of policy files.
public struct Parser {
    /// How deeply expressions may nest: each parenthesis, `if`, `not`, unary minus, call
    /// and each operator of a chain counts one level. Trees are never deeper than this.
    public static let maximumDepth = 100

    let source: SourceFile
    let tokens: [Token]
    var index = 0
    var diagnostics: [Diagnostic] = []
    var panicking = false
    var depth = 0
    var tooDeep = false
    /// The `if`s being parsed whose `else` is not read yet.
    var openConditionals = 0
    /// `openConditionals` when the nesting limit was passed: the `else`s that the rest of
    /// the too-deep expression still holds for them, which skipping it must not take for
    /// a budget's `else` clause.
    var elsesOfTooDeep = 0
    /// Where each string the lexer found unterminated ends: what the parser expected after
    /// one (a rule's `{`) was most likely swallowed by it, and is not reported again.
    var unterminatedStringEnds: Set<Int> = []

    /// Parses a whole file.
    public static func parse(_ source: SourceFile) -> ParseResult {
        if let bad = firstInvalidUTF8(source.bytes) {
            let diagnostic = Diagnostic(
                .invalidUTF8, "the file is not valid UTF-8",
                at: Span(file: source.id, start: bad, end: min(bad + 1, source.bytes.count)),
                label: "invalid byte", help: "save the file as UTF-8")
            return ParseResult(file: PolicyFile(source: source, policies: [], comments: []), diagnostics: [diagnostic])
        }
        let lexer = Lexer.lex(source)
        var parser = Parser(source: source, tokens: lexer.tokens)
        parser.diagnostics = lexer.diagnostics
        parser.unterminatedStringEnds = Set(lexer.diagnostics.filter { $0.code == .unterminatedString }.map(\.span.end))
        let policies = parser.parseFile()
        let sorted = parser.diagnostics.enumerated().sorted {
            ($0.element.span.start, $0.offset) < ($1.element.span.start, $1.offset)
        }.map(\.element)
        return ParseResult(file: PolicyFile(source: source, policies: policies, comments: lexer.comments), diagnostics: sorted)
    }

    /// The offset of the first byte that breaks UTF-8, if any.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        var offset = 0
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                offset += UTF8.width(scalar)
            case .emptyInput:
                return nil
            case .error:
                return offset
            }
        }
    }

    init(source: SourceFile, tokens: [Token]) {
        self.source = source
        self.tokens = tokens
    }

    // MARK: - Tokens

    var current: Token { tokens[index] }
    var kind: TokenKind { tokens[index].kind }

    func peekKind(_ ahead: Int) -> TokenKind {
        tokens[min(index + ahead, tokens.count - 1)].kind
    }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    func span(of token: Token) -> Span { Span(file: source.id, start: token.start, end: token.end) }

    func text(of token: Token) -> String {
        String(decoding: source.bytes[token.start..<token.end], as: UTF8.self)
    }

    /// The span from `start` to the end of the last consumed token.
    func span(from start: Int) -> Span {
        let end = index > 0 ? tokens[index - 1].end : start
        return Span(file: source.id, start: start, end: max(start, end))
    }

    func at(_ expected: TokenKind) -> Bool { kind == expected }
    func at(_ keyword: Keyword) -> Bool { kind == .keyword(keyword) }

    /// Whether the current token is the identifier `word` (a contextual keyword).
    func atWord(_ word: String) -> Bool { kind == .identifier && text(of: current) == word }

    mutating func consume(_ expected: TokenKind) -> Bool {
        guard at(expected) else { return false }
        advance()
        return true
    }

    mutating func consume(_ keyword: Keyword) -> Bool { consume(.keyword(keyword)) }

    // MARK: - Diagnostics

    mutating func report(_ diagnostic: Diagnostic) {
        guard !panicking else { return }
        diagnostics.append(diagnostic)
        panicking = true
    }

    /// Reports a mistake the parser reads past as meant (`=` for `==`, a missing `,`
    /// between cases): what follows is parsed as usual, so its own mistakes are reported
    /// too.
    mutating func reportRecovered(_ diagnostic: Diagnostic) {
        let wasPanicking = panicking
        report(diagnostic)
        panicking = wasPanicking
    }

    /// Reports "expected X, found Y".
    ///
    /// When something is missing at the end of a line (`let a = (price - cost` then a new
    /// line), the caret goes right after the last token read, where the missing text
    /// belongs, not at the next line's first token. With `pointingAtFound`, used where the
    /// found token itself is out of place (a stray word between items), it goes under it.
    mutating func reportExpected(_ what: String, help: String? = nil, pointingAtFound: Bool = false) {
        if kind == .invalid || (index > 0 && unterminatedStringEnds.contains(tokens[index - 1].end)) {
            // The lexer has reported this token, or the unterminated string before it,
            // already.
            panicking = true
            return
        }
        let found = kind == .identifier ? "`\(text(of: current))`" : kind.displayName
        var place = span(of: current)
        if !pointingAtFound, index > 0, source.bytes[tokens[index - 1].end..<current.start].contains(UInt8(ascii: "\n")) {
            place = Span(file: source.id, start: tokens[index - 1].end, end: tokens[index - 1].end)
        }
        report(Diagnostic(.unexpectedToken, "expected \(what), found \(found)", at: place,
                          label: "expected \(what)", help: help))
    }

    mutating func expect(_ expected: TokenKind, _ what: String? = nil) -> Bool {
        if consume(expected) { return true }
        reportExpected(what ?? expected.displayName)
        return false
    }

    /// Reads a name; a reserved word in its place is reported and used as the name.
    ///
    /// A keyword that starts an item is taken for a misused name only when the next
    /// token shows it is one: `:` or `=`, or one of `nameFollowers` (`{` after a rule's
    /// name). Otherwise the name is missing and the keyword starts the next item.
    mutating func expectIdentifier(_ what: String, nameFollowers: [TokenKind] = []) -> Identifier? {
        if kind == .identifier {
            let identifier = Identifier(text(of: current), span: span(of: current))
            advance()
            return identifier
        }
        if case .keyword(let keyword) = kind,
           !keyword.startsItem || [.colon, .assign].contains(peekKind(1)) || nameFollowers.contains(peekKind(1)) {
            // "an actuator family (`pricing`, …)" → "an actuator family".
            var noun = Substring(what)
            for marker in [" such as ", " ("] {
                if let range = noun.firstRange(of: marker) { noun = noun[..<range.lowerBound] }
            }
            report(Diagnostic(.reservedWord, "`\(keyword.rawValue)` is a reserved word and cannot be used as \(noun)",
                              at: span(of: current), label: "reserved word",
                              help: "choose another name, such as `\(keyword.rawValue)_value`"))
            let identifier = Identifier(keyword.rawValue, span: span(of: current))
            advance()
            return identifier
        }
        reportExpected(what)
        return nil
    }

    /// An identifier for nodes that need one even when the text lacks it.
    func placeholderIdentifier() -> Identifier {
        Identifier("", span: Span(file: source.id, start: current.start, end: current.start))
    }

    mutating func expectString(_ what: String) -> StringLiteral? {
        guard at(.string) else {
            reportExpected(what)
            return nil
        }
        let literal = StringLiteral(value: decodeString(current), span: span(of: current))
        advance()
        return literal
    }

    mutating func expectLiteralToken(_ expected: TokenKind, _ what: String) -> LiteralToken? {
        guard at(expected) else {
            reportExpected(what)
            return nil
        }
        let literal = LiteralToken(text: text(of: current), span: span(of: current))
        advance()
        return literal
    }

    /// Decodes the escapes of a string token (the lexer has validated them).
    func decodeString(_ token: Token) -> String {
        var scalars = String.UnicodeScalarView()
        let body = String(decoding: source.bytes[token.start..<token.end], as: UTF8.self).unicodeScalars
        var iterator = body.dropFirst().makeIterator()
        while let scalar = iterator.next() {
            if scalar == "\"" { break }
            guard scalar == "\\", let escaped = iterator.next() else {
                scalars.append(scalar)
                continue
            }
            switch escaped {
            case "n": scalars.append("\n")
            case "t": scalars.append("\t")
            case "r": scalars.append("\r")
            case "u":
                var hex = ""
                _ = iterator.next()
                while let digit = iterator.next(), digit != "}" { hex.unicodeScalars.append(digit) }
                if let value = UInt32(hex, radix: 16), let decoded = Unicode.Scalar(value) { scalars.append(decoded) }
            default: scalars.append(escaped)
            }
        }
        return String(scalars)
    }

    // MARK: - Recovery

    /// Skips a balanced `{ … }` group starting at the current `{`.
    mutating func skipBraceGroup() {
        var nesting = 0
        repeat {
            if at(.leftBrace) { nesting += 1 }
            if at(.rightBrace) { nesting -= 1 }
            if at(.endOfFile) { return }
            advance()
        } while nesting > 0
    }

    /// Skips to the next token that starts an item, closes the block, or starts a policy.
    mutating func synchronizeToItem() {
        while !at(.endOfFile), !at(.rightBrace), !at(.policy) {
            if case .keyword(let keyword) = kind, keyword.startsItem { break }
            if at(.leftBrace) { skipBraceGroup() } else { advance() }
        }
        panicking = false
        tooDeep = false
    }

    /// Whether the current token starts an item, or ends the policy.
    var atItemBoundary: Bool {
        if case .keyword(let keyword) = kind, keyword.startsItem || keyword == .policy { return true }
        return at(.rightBrace) || at(.endOfFile)
    }
}
