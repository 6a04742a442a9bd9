import ArbiterSyntax
import Testing

/// The lexer, table by table: each literal form, each operator, and its diagnostics.
@Suite struct LexerTests {
    static func lex(_ text: String) -> (kinds: [TokenKind], texts: [String], diagnostics: [Diagnostic]) {
        let source = SourceFile(path: "lexer.policy", text: text)
        let lexer = Lexer.lex(source)
        let tokens = lexer.tokens.dropLast()
        return (tokens.map(\.kind), tokens.map { source.text(of: Span(file: source.id, start: $0.start, end: $0.end)) }, lexer.diagnostics)
    }

    static let literals: [(String, [TokenKind])] = [
        ("42", [.number]),
        ("0.05", [.number]),
        ("20_000", [.number]),
        ("1_000.000_5", [.number]),
        ("007", [.number]),
        ("1.", [.number, .dot]),
        ("1..2", [.number, .dotDot, .number]),
        ("12.50 EUR", [.number, .identifier]),
        ("12.50\nEUR", [.number, .identifier]),
        ("15%", [.percent]),
        ("2.5%", [.percent]),
        ("1_000%", [.percent]),
        ("15 %", [.number, .invalid]),
        ("300ms", [.duration]),
        ("15s", [.duration]),
        ("5m", [.duration]),
        ("24h", [.duration]),
        ("7d", [.duration]),
        ("2w", [.duration]),
        ("1.5h", [.duration]),
        ("2027-03-20", [.date]),
        ("2027 - 03 - 20", [.number, .minus, .number, .minus, .number]),
        ("2027 - 03 - 201", [.number, .minus, .number, .minus, .number]),
        ("2027-03", [.number, .minus, .number]),
        ("x-2027-03-20", [.identifier, .minus, .date]),
        ("2027-03-20-1", [.date, .minus, .number]),
        ("2027-03-20T08:00:00Z", [.time]),
        ("2027-03-20T08:00Z", [.time]),
        ("2027-03-20T08:00:00.250+05:30", [.time]),
        ("2027-03-20T08:00:00-08:00", [.time]),
        ("2027-03-20..2027-04-30", [.date, .dotDot, .date]),
        ("2027-03-20T08:00:00Z..2027-03-21T08:00:00Z", [.time, .dotDot, .time]),
        ("2027-03-20 T08", [.date, .identifier]),
        (#""spring""#, [.string]),
        (#""""#, [.string]),
        (#""say \"hi\"""#, [.string]),
        (#""a\\" b"#, [.string, .identifier]),
        (#""\n\t\r\u{1F600}""#, [.string]),
        ("\"é中\"", [.string]),
        (##""# not a comment""##, [.string]),
        ("true false", [.keyword(.true), .keyword(.false)]),
        ("# a comment\nx # another", [.identifier]),
    ]

    @Test(arguments: literals)
    func literalForms(_ text: String, _ expected: [TokenKind]) {
        let lexed = Self.lex(text)
        #expect(lexed.kinds == expected, "\(text) lexes as \(lexed.texts)")
    }

    @Test(arguments: literals.filter { !$0.1.contains(.invalid) })
    func literalFormsAreWellFormed(_ text: String, _ expected: [TokenKind]) {
        #expect(Self.lex(text).diagnostics.isEmpty)
    }

    static let operators: [(String, TokenKind)] = [
        ("{", .leftBrace), ("}", .rightBrace), ("(", .leftParen), (")", .rightParen),
        (":", .colon), (",", .comma), (".", .dot), ("..", .dotDot), ("?", .question), ("=", .assign),
        ("==", .equal), ("!=", .notEqual), ("<", .less), ("<=", .lessEqual), (">", .greater), (">=", .greaterEqual),
        ("+", .plus), ("-", .minus), ("*", .star), ("/", .slash), ("??", .coalesce),
    ]

    @Test(arguments: operators)
    func operatorsAlone(_ text: String, _ expected: TokenKind) {
        let lexed = Self.lex(text)
        #expect(lexed.kinds == [expected])
        #expect(lexed.texts == [text])
        #expect(lexed.diagnostics.isEmpty)
    }

    @Test(arguments: operators)
    func operatorsBetweenNames(_ text: String, _ expected: TokenKind) {
        #expect(Self.lex("a\(text)b").kinds == [.identifier, expected, .identifier])
    }

    @Test func longestOperatorWins() {
        #expect(Self.lex("a???b").kinds == [.identifier, .coalesce, .question, .identifier])
        #expect(Self.lex("...").kinds == [.dotDot, .dot])
        #expect(Self.lex("===").kinds == [.equal, .assign])
        #expect(Self.lex("<==").kinds == [.lessEqual, .assign])
        #expect(Self.lex("a-b").kinds == [.identifier, .minus, .identifier])
        #expect(Self.lex("-5").kinds == [.minus, .number])
    }

    @Test(arguments: Keyword.allCases)
    func reservedWordsAreKeywords(_ keyword: Keyword) {
        #expect(Self.lex(keyword.rawValue).kinds == [.keyword(keyword)])
        #expect(Self.lex(keyword.rawValue + "_x").kinds == [.identifier])
        #expect(Self.lex(keyword.rawValue.uppercased()).kinds == [.identifier])
    }

    static let contextualWords = ContextualWord.types + ContextualWord.families + ContextualWord.enforcements
        + ContextualWord.strategies + ContextualWord.enumWords

    @Test(arguments: contextualWords)
    func contextualWordsAreNames(_ word: String) {
        #expect(Self.lex(word).kinds == [.identifier])
    }

    static let invalid: [(String, DiagnosticCode, String)] = [
        ("!x", .unexpectedCharacter, "unexpected character `!`"),
        ("a && b", .unexpectedCharacter, "unexpected `&&`"),
        ("a || b", .unexpectedCharacter, "unexpected `||`"),
        ("a & b", .unexpectedCharacter, "unexpected `&`"),
        ("a @ b", .unexpectedCharacter, "unexpected character `@`"),
        ("5 €", .unexpectedCharacter, "unexpected character `€`"),
        ("1e5", .malformedLiteral, "exponent notation is not supported"),
        ("0x1F", .malformedLiteral, "hexadecimal numbers are not supported"),
        ("1ab", .malformedLiteral, "a name cannot start with a digit"),
        ("5sec", .malformedLiteral, "unknown suffix `sec` on a number"),
        ("5y", .malformedLiteral, "unknown suffix `y` on a number"),
        ("5years", .malformedLiteral, "unknown suffix `years` on a number"),
        ("5x", .malformedLiteral, "unknown suffix `x` on a number"),
        ("a \u{1}\u{2}\u{3} b", .unexpectedCharacter, "unexpected characters U+0001, U+0002, U+0003"),
        ("a \u{A0}\u{200B} b", .unexpectedCharacter, "unexpected characters U+00A0 NO-BREAK SPACE, U+200B ZERO WIDTH SPACE"),
        ("a \u{1}\u{2}\u{3}\u{4} b", .unexpectedCharacter, "unexpected characters U+0001, U+0002, U+0003, …"),
        ("\"abc", .unterminatedString, "unterminated string"),
        ("\"abc\ndef", .unterminatedString, "unterminated string"),
        (#""a\qb""#, .invalidEscape, "unknown escape sequence `\\q` in a string"),
        (#""\u{110000}""#, .invalidEscape, "invalid Unicode escape `\\u{110000}`"),
        (#""\u{D800}""#, .invalidEscape, "invalid Unicode escape `\\u{D800}`"),
        (#""\u{123456789}""#, .invalidEscape, "invalid Unicode escape `\\u{123456789}`"),
        (#""\u41""#, .invalidEscape, "invalid Unicode escape `\\u`"),
        ("1__000", .malformedLiteral, "malformed number"),
        ("1_", .malformedLiteral, "malformed number"),
        ("12EUR", .malformedLiteral, "unknown suffix `EUR` on a number"),
        ("7days", .malformedLiteral, "unknown suffix `days` on a number"),
        ("2027-02-30", .invalidDate, "day 30 does not exist in month 2 of 2027"),
        ("2027-13-01", .invalidDate, "month 13 does not exist in `2027-13-01`"),
        ("2027-00-10", .invalidDate, "month 0 does not exist in `2027-00-10`"),
        ("2100-02-29", .invalidDate, "day 29 does not exist in month 2 of 2100"),
        ("2027-03-20T25:00:00Z", .invalidDate, "time of day out of range in `2027-03-20T25:00:00Z`"),
        ("2027-03-20T08:00:00", .invalidDate, "time `2027-03-20T08:00:00` needs a zone: `Z` or an offset such as `+01:00`"),
        ("2027-03-20T08:00:00.Z", .invalidDate, "malformed fraction of a second in `2027-03-20T08:00:00.Z`"),
        ("2027-03-20T08:00:00+1:00", .invalidDate, "malformed zone offset in `2027-03-20T08:00:00+1:00`"),
        ("2027-03-20T8:00Z", .invalidDate, "malformed time `2027-03-20T8:00Z`"),
        ("2027-03-201", .invalidDate, "`2027-03-201` is not a date: dates are written `YYYY-MM-DD`"),
        ("2027-3-1", .invalidDate, "`2027-3-1` is not a date: dates are written `YYYY-MM-DD`"),
        ("10000-01-01", .invalidDate, "`10000-01-01` is not a date: dates are written `YYYY-MM-DD`"),
        ("2027-3-1T08:00Z", .invalidDate, "`2027-3-1T08:00Z` is not a date: dates are written `YYYY-MM-DD`"),
    ]

    @Test(arguments: invalid)
    func diagnostics(_ text: String, _ code: DiagnosticCode, _ message: String) throws {
        let diagnostics = Self.lex(text).diagnostics
        #expect(diagnostics.count == 1, "\(diagnostics.map(\.message))")
        let diagnostic = try #require(diagnostics.first)
        #expect(diagnostic.code == code)
        #expect(diagnostic.message == message)
    }

    @Test func invalidTokensCoverTheBadText() {
        let lexed = Self.lex("a 12EUR @@ b")
        #expect(lexed.kinds == [.identifier, .invalid, .invalid, .identifier])
        #expect(lexed.texts == ["a", "12EUR", "@@", "b"])
    }

    @Test func unterminatedStringGivesBackClosingBraces() {
        let lexed = Self.lex("rule r \"text {\n}")
        #expect(lexed.kinds == [.keyword(.rule), .identifier, .string, .leftBrace, .rightBrace])
        #expect(lexed.texts[2] == "\"text")
    }

    @Test func unterminatedStringStopsBeforeCarriageReturn() throws {
        let source = SourceFile(path: "crlf.policy", text: "let s = \"abc\r\nlet t = 1")
        let diagnostic = try #require(Lexer.lex(source).diagnostics.first)
        #expect(source.text(of: diagnostic.span) == "\"abc")
    }

    @Test func escapeBeforeAMultibyteScalarKeepsItWhole() throws {
        let source = SourceFile(path: "escape.policy", text: "\"a\\éb\"")
        let diagnostic = try #require(Lexer.lex(source).diagnostics.first)
        #expect(source.text(of: diagnostic.span) == "\\é")
    }

    @Test func commentsAreKeptWithTheirPlace() {
        let source = SourceFile(path: "comments.policy", text: "# leading\r\nlet x = 1  # trailing\r\n  # own line")
        let comments = Lexer.lex(source).comments
        #expect(comments.map { source.text(of: $0.span) } == ["# leading", "# trailing", "# own line"])
        #expect(comments.map(\.isTrailing) == [false, true, false])
    }

    @Test func whitespaceAndLineEndingsSeparateTokens() {
        #expect(Self.lex("a\tb\r\nc\u{0C}d\n").kinds == [.identifier, .identifier, .identifier, .identifier])
    }

    @Test func tokensEndWithOneEndOfFile() {
        let source = SourceFile(path: "eof.policy", text: "a b")
        let tokens = Lexer.lex(source).tokens
        #expect(tokens.last?.kind == .endOfFile)
        #expect(tokens.last?.start == 3)
        #expect(tokens.filter { $0.kind == .endOfFile }.count == 1)
        #expect(Lexer.lex(SourceFile(path: "empty.policy", text: "")).tokens.map(\.kind) == [.endOfFile])
    }
}
