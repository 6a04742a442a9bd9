/// A name as written, with its place.
public struct Identifier: Sendable, Hashable {
    /// The name.
    public var name: String
    /// Where it is written.
    public var span: Span

    /// Creates an identifier.
    public init(_ name: String, span: Span) {
        self.name = name
        self.span = span
    }
}

/// Binary operators of arithmetic and logic.
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case or, and
    case add = "+", subtract = "-", multiply = "*", divide = "/"
    case coalesce = "??"
}

/// Comparison operators.
public enum ComparisonOperator: String, Sendable, Hashable, CaseIterable {
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="

    /// The operator with its operands swapped: `a < b` is `b > a`.
    public var swapped: ComparisonOperator {
        switch self {
        case .equal, .notEqual: self
        case .less: .greater
        case .lessEqual: .greaterEqual
        case .greater: .less
        case .greaterEqual: .lessEqual
        }
    }
}

/// Prefix operators.
public enum UnaryOperator: String, Sendable, Hashable {
    case negate = "-"
    case not
}

/// A literal, kept as written so that numbers stay exact.
public enum Literal: Sendable, Hashable {
    /// An integer or decimal number as written (`42`, `0.05`, `20_000`).
    case number(String)
    /// A money amount and its currency code (`12.50 EUR`).
    case money(amount: String, currency: String)
    /// A percent without its sign (`15` for `15%`).
    case percent(String)
    /// A duration as written (`300ms`).
    case duration(String)
    /// A date as written (`2027-03-20`).
    case date(String)
    /// A time as written (`2027-03-20T08:00:00Z`).
    case time(String)
    /// A string's decoded value.
    case string(String)
    /// `true` or `false`.
    case bool(Bool)
}

/// An argument of a call: an expression, or `by NAME` (as in `count(pinned, by category)`).
public enum Argument: Sendable, Hashable {
    /// An ordinary argument.
    case expression(Expr)
    /// A grouping argument.
    case by(Identifier)

    /// Where the argument is written.
    public var span: Span {
        switch self {
        case .expression(let expression): expression.span
        case .by(let name): name.span
        }
    }
}

/// A `per W` window: a duration literal with its place.
public struct Window: Sendable, Hashable {
    /// The duration as written (`1d`).
    public var text: String
    /// Where it is written.
    public var span: Span

    /// Creates a window.
    public init(text: String, span: Span) {
        self.text = text
        self.span = span
    }
}

/// An expression node.
public indirect enum ExprKind: Sendable, Hashable {
    /// A literal value.
    case literal(Literal)
    /// A reference to an input, let or control.
    case name(String)
    /// `budget.member`.
    case member(base: Identifier, member: Identifier)
    /// `f(a, b)`.
    case call(callee: Identifier, arguments: [Argument])
    /// `-x`, `not x`.
    case unary(UnaryOperator, Expr)
    /// `a + b`, `a and b`, `a ?? b`.
    case binary(BinaryOperator, Expr, Expr)
    /// `a < b`, optionally with a window: `increase(x) <= 4 per 15s`.
    case comparison(ComparisonOperator, Expr, Expr, window: Window?)
    /// `x between low and high` (inclusive).
    case between(Expr, low: Expr, high: Expr)
    /// `change(x) within tolerance per window`.
    case within(Expr, tolerance: Expr, window: Window)
    /// `x exists`.
    case exists(Expr)
    /// `if c then a else b`.
    case conditional(Expr, then: Expr, else: Expr)
    /// `(x)`, kept so the formatter preserves the author's parentheses.
    case parenthesized(Expr)
    /// Something the parser could not read; a diagnostic has been reported.
    case missing
}

/// An expression with its place.
public struct Expr: Sendable, Hashable {
    /// What the expression is.
    public var kind: ExprKind
    /// Where it is written.
    public var span: Span

    /// Creates an expression.
    public init(_ kind: ExprKind, span: Span) {
        self.kind = kind
        self.span = span
    }

    /// The expression without enclosing parentheses.
    /// Whether this is the number literal 9223372036854775808 (digit separators
    /// aside): negated, it is the least int.
    public var isLeastIntMagnitude: Bool {
        guard case .literal(.number(let text)) = kind else { return false }
        return String(text.filter { $0 != "_" }) == "9223372036854775808"
    }

    public var unparenthesized: Expr {
        if case .parenthesized(let inner) = kind { return inner.unparenthesized }
        return self
    }
}
