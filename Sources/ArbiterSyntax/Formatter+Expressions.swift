// Printing expressions, types, clauses and literals on one line.
//
// The printer writes back exactly the tokens the tree came from, with canonical spacing:
// one space around binary operators, comparisons and keywords, one after `,` and `:`,
// none inside parentheses, before a call's `(` or around `.`; unary minus binds tight
// (`-x`, but `- -x`), `not` takes a space. Parentheses come only from `.parenthesized`
// nodes, that is from the author, so no precedence reasoning is needed: the same tokens
// parse to the same tree. Literals keep their text (`20_000`, `0.50 EUR`, `15%`, `300ms`); only
// strings are rewritten, from their decoded value, with canonical escapes.
//
// The tokens whose lexing depends on spacing stay safe: binary `-` always has spaces
// (so `2027 - 3 - 20` never becomes the date `2027-3-20`), a money amount is always
// separated from its currency, and `%` and duration units are part of their literal.

extension Formatter {
    /// An expression on one line.
    static func render(_ expression: Expr) -> String {
        var text = ""
        write(expression, into: &text)
        return text
    }

    private static func write(_ expression: Expr, into text: inout String) {
        switch expression.kind {
        case .literal(let literal):
            text += render(literal)
        case .name(let name):
            text += name
        case .member(let base, let member):
            text += "\(base.name).\(member.name)"
        case .call(let callee, let arguments):
            text += callee.name + "("
            for (index, argument) in arguments.enumerated() {
                if index > 0 { text += ", " }
                switch argument {
                case .expression(let value): write(value, into: &text)
                case .by(let name): text += "by \(name.name)"
                }
            }
            text += ")"
        case .unary(.negate, let operand):
            // `- -x`, not `--x`, which reads like a decrement.
            if case .unary(.negate, _) = operand.kind { text += "- " } else { text += "-" }
            write(operand, into: &text)
        case .unary(.not, let operand):
            text += "not "
            write(operand, into: &text)
        case .binary(let op, let left, let right):
            write(left, into: &text)
            text += " \(op.rawValue) "
            write(right, into: &text)
        case .comparison(let op, let left, let right, let window):
            write(left, into: &text)
            text += " \(op.rawValue) "
            write(right, into: &text)
            if let window { text += " per \(window.text)" }
        case .between(let value, let low, let high):
            write(value, into: &text)
            text += " between "
            write(low, into: &text)
            text += " and "
            write(high, into: &text)
        case .within(let value, let tolerance, let window):
            write(value, into: &text)
            text += " within "
            write(tolerance, into: &text)
            text += " per \(window.text)"
        case .exists(let value):
            write(value, into: &text)
            text += " exists"
        case .conditional(let condition, let whenTrue, let whenFalse):
            text += "if "
            write(condition, into: &text)
            text += " then "
            write(whenTrue, into: &text)
            text += " else "
            write(whenFalse, into: &text)
        case .parenthesized(let inner):
            text += "("
            write(inner, into: &text)
            text += ")"
        case .missing:
            break
        }
    }

    /// A literal as written; strings with canonical escapes.
    static func render(_ literal: Literal) -> String {
        switch literal {
        case .number(let text): text
        case .money(let amount, let currency): "\(amount) \(currency)"
        case .percent(let text): "\(text)%"
        case .duration(let text), .date(let text), .time(let text): text
        case .string(let value): quoted(value)
        case .bool(let value): value ? "true" : "false"
        }
    }

    /// A type: `money?`, `one of "a", "b"`.
    static func render(_ type: TypeRef) -> String {
        let base = switch type.kind {
        case .named(let name): name.name
        case .oneOf(let cases): "one of " + cases.map { quoted($0.value) }.joined(separator: ", ")
        }
        return type.isOptional ? base + "?" : base
    }

    /// An enforcement: `clamp`, `escalate by "role" expires 24h`.
    static func render(_ enforcement: Enforcement) -> String {
        var text = enforcement.action.name
        if let role = enforcement.role { text += " by \(quoted(role.value))" }
        if let expires = enforcement.expires { text += " expires \(expires.text)" }
        return text
    }

    /// A rule clause.
    static func render(_ clause: RuleClause) -> String {
        switch clause {
        case .active(let from, let to, _): "active \(from.text) .. \(to.text)"
        case .when(let condition, _): "when \(render(condition))"
        case .set(let control, let value, _): "set \(control.name) = \(render(value))"
        }
    }

    /// A budget clause.
    static func render(_ clause: BudgetClause) -> String {
        switch clause {
        case .spends(let amount, _): "spends \(render(amount))"
        case .tracks(let field, _): "tracks \(field.name)"
        case .otherwise(let enforcement, _): "else \(render(enforcement))"
        }
    }

    /// An approve clause.
    static func render(_ clause: ApproveClause) -> String {
        switch clause {
        case .by(let role, _): "by \(quoted(role.value))"
        case .expires(let duration, _): "expires \(duration.text)"
        }
    }

    /// A string literal for a decoded value, with canonical escapes: `\"`, `\\`, `\n`,
    /// `\t`, `\r`, and `\u{…}` (upper-case hex) for other control characters, line and
    /// paragraph separators, invisible formatting characters (bidirectional controls,
    /// zero-width spaces and joiners, the soft hyphen, the byte order mark, tags) and
    /// every space but the ASCII one, so that no string can hide text, look like another
    /// or break a line. Everything else is written as itself.
    public static func quoted(_ value: String) -> String {
        var text = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            case _ where needsEscape(scalar): text += scalar.escapedAsUnicode
            default: text.unicodeScalars.append(scalar)
            }
        }
        return text + "\""
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isInvisibleOrControl || (scalar.properties.generalCategory == .spaceSeparator && scalar != " ")
    }
}
