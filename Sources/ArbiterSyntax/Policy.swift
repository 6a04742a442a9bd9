/// A type as written: a named type or an enum, optionally `?`.
public struct TypeRef: Sendable, Hashable {
    /// The named or enum form.
    public enum Kind: Sendable, Hashable {
        /// `money`, `int`, … (checked by the checker, so a typo gets a hint).
        case named(Identifier)
        /// `one of "a", "b"`.
        case oneOf([StringLiteral])
    }

    /// The form.
    public var kind: Kind
    /// Whether the type ends with `?`.
    public var isOptional: Bool
    /// Where it is written.
    public var span: Span

    /// Creates a type reference.
    public init(kind: Kind, isOptional: Bool, span: Span) {
        self.kind = kind
        self.isOptional = isOptional
        self.span = span
    }
}

/// A string literal's decoded value and place.
public struct StringLiteral: Sendable, Hashable {
    /// The decoded text.
    public var value: String
    /// Where it is written, quotes included.
    public var span: Span

    /// Creates a string literal.
    public init(value: String, span: Span) {
        self.value = value
        self.span = span
    }
}

/// A literal duration or moment with its text (`24h`, `2027-03-20`).
public struct LiteralToken: Sendable, Hashable {
    /// The text as written.
    public var text: String
    /// Where it is written.
    public var span: Span

    /// Creates a literal token.
    public init(text: String, span: Span) {
        self.text = text
        self.span = span
    }
}

/// `name: type` in an `input` block.
public struct InputField: Sendable, Hashable {
    /// The field's name.
    public var name: Identifier
    /// Its type.
    public var type: TypeRef
    /// The whole field.
    public var span: Span
}

/// `control NAME [: TYPE = DEFAULT]`.
public struct ControlDecl: Sendable, Hashable {
    /// The control's name.
    public var name: Identifier
    /// The declared type, for a control that is not an input field.
    public var type: TypeRef?
    /// The default value, for a control that is not an input field.
    public var defaultValue: Expr?
}

/// `resolve NAME by max|min`.
public struct ResolveDecl: Sendable, Hashable {
    /// The control.
    public var control: Identifier
    /// `max` or `min` as written.
    public var strategy: Identifier
}

/// `let NAME = EXPR`.
public struct LetDecl: Sendable, Hashable {
    /// The let's name.
    public var name: Identifier
    /// Its definition.
    public var value: Expr
}

/// `goal [NAME:] EXPR`.
public struct GoalDecl: Sendable, Hashable {
    /// The explicit name, if written.
    public var name: Identifier?
    /// The objective.
    public var condition: Expr
}

/// A clause inside a rule.
public enum RuleClause: Sendable, Hashable {
    /// `active FROM .. TO`.
    case active(from: LiteralToken, to: LiteralToken, span: Span)
    /// `when EXPR`.
    case when(Expr, span: Span)
    /// `set CONTROL = EXPR`.
    case set(Identifier, Expr, span: Span)

    /// Where the clause is written.
    public var span: Span {
        switch self {
        case .active(_, _, let span), .when(_, let span), .set(_, _, let span): span
        }
    }
}

/// `rule NAME ["description"] { clauses }`.
public struct RuleDecl: Sendable, Hashable {
    /// The rule's name.
    public var name: Identifier
    /// The optional human description.
    public var description: StringLiteral?
    /// The clauses in written order.
    public var clauses: [RuleClause]
    /// The span of `{ … }`.
    public var bodySpan: Span

    /// The `when` conditions (normally at most one).
    public var conditions: [Expr] {
        clauses.compactMap { if case .when(let expression, _) = $0 { expression } else { nil } }
    }

    /// The `set` assignments in order.
    public var assignments: [(control: Identifier, value: Expr)] {
        clauses.compactMap { if case .set(let name, let value, _) = $0 { (name, value) } else { nil } }
    }
}

/// How a failing guard or an overspending budget is enforced.
public struct Enforcement: Sendable, Hashable {
    /// `clamp`, `block`, `escalate` or `warn`, as written (checked by the checker).
    public var action: Identifier
    /// `by "role"` after `escalate`.
    public var role: StringLiteral?
    /// `expires D` after `escalate`.
    public var expires: LiteralToken?
    /// The whole enforcement.
    public var span: Span
}

/// `guard NAME: EXPR else ENFORCEMENT`.
public struct GuardDecl: Sendable, Hashable {
    /// The guard's name.
    public var name: Identifier
    /// The constraint.
    public var condition: Expr
    /// What happens when it fails.
    public var enforcement: Enforcement
}

/// A clause inside a budget block.
public enum BudgetClause: Sendable, Hashable {
    /// `spends EXPR`.
    case spends(Expr, span: Span)
    /// `tracks FIELD`.
    case tracks(Identifier, span: Span)
    /// `else ENFORCEMENT`.
    case otherwise(Enforcement, span: Span)

    /// Where the clause is written.
    public var span: Span {
        switch self {
        case .spends(_, let span), .tracks(_, let span), .otherwise(_, let span): span
        }
    }
}

/// `budget NAME: LIMIT per WINDOW { clauses }`.
public struct BudgetDecl: Sendable, Hashable {
    /// The budget's name.
    public var name: Identifier
    /// The limit, a money or number literal.
    public var limit: Expr
    /// The window length.
    public var window: LiteralToken
    /// The clauses in written order.
    public var clauses: [BudgetClause]
    /// The span of `{ … }`.
    public var bodySpan: Span
}

/// A clause inside an approve block.
public enum ApproveClause: Sendable, Hashable {
    /// `by "role"`.
    case by(StringLiteral, span: Span)
    /// `expires DURATION`.
    case expires(LiteralToken, span: Span)

    /// Where the clause is written.
    public var span: Span {
        switch self {
        case .by(_, let span), .expires(_, let span): span
        }
    }
}

/// `approve when EXPR { clauses }`.
public struct ApproveDecl: Sendable, Hashable {
    /// When approval is needed.
    public var condition: Expr
    /// The clauses in written order.
    public var clauses: [ApproveClause]
    /// The span of `{ … }`.
    public var bodySpan: Span
}

/// One item of a policy block.
public enum ItemKind: Sendable, Hashable {
    case drives(Identifier)
    case key(Identifier)
    case currency(Identifier)
    case timezone(StringLiteral)
    case input([InputField], bodySpan: Span)
    case control(ControlDecl)
    case resolve(ResolveDecl)
    case `let`(LetDecl)
    case goal(GoalDecl)
    case rule(RuleDecl)
    case `guard`(GuardDecl)
    case budget(BudgetDecl)
    case approve(ApproveDecl)
}

/// An item with its place.
public struct Item: Sendable, Hashable {
    /// What the item is.
    public var kind: ItemKind
    /// From its keyword to its last token.
    public var span: Span
    /// Its keyword.
    public var keywordSpan: Span
}

/// `policy NAME { items }`.
public struct Policy: Sendable, Hashable {
    /// The policy's name.
    public var name: Identifier
    /// The items in written order.
    public var items: [Item]
    /// From `policy` to `}`.
    public var span: Span
}

/// A parsed file: its policies and comments.
public struct PolicyFile: Sendable {
    /// The file the tree was read from.
    public var source: SourceFile
    /// The policies in written order.
    public var policies: [Policy]
    /// Every comment, in order (for the formatter).
    public var comments: [Comment]
}
