/// The kinds of token the lexer produces.
public enum TokenKind: Sendable, Hashable {
    case identifier
    case keyword(Keyword)
    case number
    case percent
    case duration
    case date
    case time
    case string
    case leftBrace, rightBrace, leftParen, rightParen
    case colon, comma, dot, dotDot, question, assign
    case equal, notEqual, less, lessEqual, greater, greaterEqual
    case plus, minus, star, slash, coalesce
    case endOfFile
    /// Bytes that form no token; the lexer has already reported them.
    case invalid

    /// How the token is named in "expected X, found Y" messages.
    public var displayName: String {
        switch self {
        case .identifier: "a name"
        case .keyword(let keyword): "`\(keyword.rawValue)`"
        case .number: "a number"
        case .percent: "a percent"
        case .duration: "a duration"
        case .date: "a date"
        case .time: "a time"
        case .string: "a string"
        case .leftBrace: "`{`"
        case .rightBrace: "`}`"
        case .leftParen: "`(`"
        case .rightParen: "`)`"
        case .colon: "`:`"
        case .comma: "`,`"
        case .dot: "`.`"
        case .dotDot: "`..`"
        case .question: "`?`"
        case .assign: "`=`"
        case .equal: "`==`"
        case .notEqual: "`!=`"
        case .less: "`<`"
        case .lessEqual: "`<=`"
        case .greater: "`>`"
        case .greaterEqual: "`>=`"
        case .plus: "`+`"
        case .minus: "`-`"
        case .star: "`*`"
        case .slash: "`/`"
        case .coalesce: "`??`"
        case .endOfFile: "the end of the file"
        case .invalid: "an invalid character"
        }
    }
}

/// One token: its kind and where it is. Its text is read from the source when needed.
public struct Token: Sendable, Hashable {
    /// What the token is.
    public var kind: TokenKind
    /// Byte offset of its first byte.
    public var start: Int
    /// Byte offset one past its last byte.
    public var end: Int
}

/// A `#` comment, kept for the formatter.
public struct Comment: Sendable, Hashable {
    /// The comment including `#`, without the line terminator.
    public var span: Span
    /// Whether code precedes the comment on its line.
    public var isTrailing: Bool
}
