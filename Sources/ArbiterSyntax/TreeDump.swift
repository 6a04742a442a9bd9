/// A printable, span-free form of the syntax tree.
///
/// Golden parse fixtures hold this form, and the formatter's tests compare the dumps of
/// `x` and `fmt(x)` to prove formatting never changes what a policy means. With
/// `spans: true` each node also shows its `line:column` range.
public struct TreeDump {
    private let source: SourceFile
    private let showSpans: Bool
    private var lines: [String] = []

    /// Dumps a parsed file.
    public static func dump(_ file: PolicyFile, spans: Bool = false) -> String {
        var dumper = TreeDump(source: file.source, showSpans: spans)
        for policy in file.policies { dumper.policy(policy) }
        return dumper.lines.joined(separator: "\n") + (dumper.lines.isEmpty ? "" : "\n")
    }

    /// Dumps one expression on one line.
    public static func render(_ expression: Expr) -> String {
        let dumper = TreeDump(source: SourceFile(path: "", bytes: []), showSpans: false)
        return dumper.expr(expression)
    }

    private init(source: SourceFile, showSpans: Bool) {
        self.source = source
        self.showSpans = showSpans
    }

    private func at(_ span: Span) -> String {
        guard showSpans else { return "" }
        let start = source.location(of: span.start)
        let end = source.location(of: span.end)
        return " @\(start.line):\(start.column)-\(end.line):\(end.column)"
    }

    private mutating func line(_ depth: Int, _ text: String) {
        lines.append(String(repeating: "  ", count: depth) + text)
    }

    private mutating func policy(_ policy: Policy) {
        line(0, "(policy \(policy.name.name)\(at(policy.span))")
        for item in policy.items { self.item(item) }
        line(0, ")")
    }

    private func type(_ type: TypeRef) -> String {
        let base: String = switch type.kind {
        case .named(let name): name.name
        case .oneOf(let cases): "(one-of " + cases.map { quoted($0.value) }.joined(separator: " ") + ")"
        }
        return base + (type.isOptional ? "?" : "")
    }

    private func enforcement(_ enforcement: Enforcement) -> String {
        var text = enforcement.action.name
        if let role = enforcement.role { text += " by \(quoted(role.value))" }
        if let expires = enforcement.expires { text += " expires \(expires.text)" }
        return text
    }

    private mutating func item(_ item: Item) {
        let where_ = at(item.span)
        switch item.kind {
        case .drives(let family): line(1, "(drives \(family.name)\(where_))")
        case .key(let key): line(1, "(key \(key.name)\(where_))")
        case .currency(let code): line(1, "(currency \(code.name)\(where_))")
        case .timezone(let zone): line(1, "(timezone \(quoted(zone.value))\(where_))")
        case .input(let fields, _):
            line(1, "(input\(where_)")
            for field in fields { line(2, "(\(field.name.name) \(type(field.type))\(at(field.span)))") }
            line(1, ")")
        case .control(let control):
            var text = "(control \(control.name.name)"
            if let declared = control.type { text += " \(type(declared))" }
            if let value = control.defaultValue { text += " = \(expr(value))" }
            line(1, text + "\(where_))")
        case .resolve(let resolve): line(1, "(resolve \(resolve.control.name) \(resolve.strategy.name)\(where_))")
        case .let(let declaration): line(1, "(let \(declaration.name.name) \(expr(declaration.value))\(where_))")
        case .goal(let goal):
            line(1, "(goal \(goal.name.map { $0.name + " " } ?? "")\(expr(goal.condition))\(where_))")
        case .rule(let rule):
            line(1, "(rule \(rule.name.name)\(rule.description.map { " " + quoted($0.value) } ?? "")\(where_)")
            for clause in rule.clauses {
                switch clause {
                case .active(let from, let to, _): line(2, "(active \(from.text) \(to.text))")
                case .when(let condition, _): line(2, "(when \(expr(condition)))")
                case .set(let control, let value, _): line(2, "(set \(control.name) \(expr(value)))")
                }
            }
            line(1, ")")
        case .guard(let guardDecl):
            line(1, "(guard \(guardDecl.name.name) \(expr(guardDecl.condition)) else \(enforcement(guardDecl.enforcement))\(where_))")
        case .budget(let budget):
            line(1, "(budget \(budget.name.name) \(expr(budget.limit)) per \(budget.window.text)\(where_)")
            for clause in budget.clauses {
                switch clause {
                case .spends(let amount, _): line(2, "(spends \(expr(amount)))")
                case .tracks(let field, _): line(2, "(tracks \(field.name))")
                case .otherwise(let enforcement, _): line(2, "(else \(self.enforcement(enforcement)))")
                }
            }
            line(1, ")")
        case .approve(let approve):
            line(1, "(approve \(expr(approve.condition))\(where_)")
            for clause in approve.clauses {
                switch clause {
                case .by(let role, _): line(2, "(by \(quoted(role.value)))")
                case .expires(let duration, _): line(2, "(expires \(duration.text))")
                }
            }
            line(1, ")")
        }
    }

    private func quoted(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    private func expr(_ expression: Expr) -> String {
        switch expression.kind {
        case .literal(let literal):
            switch literal {
            case .number(let text): return text
            case .money(let amount, let currency): return "\(amount) \(currency)"
            case .percent(let text): return "\(text)%"
            case .duration(let text), .date(let text), .time(let text): return text
            case .string(let text): return quoted(text)
            case .bool(let value): return value ? "true" : "false"
            }
        case .name(let name): return name
        case .member(let base, let member): return "\(base.name).\(member.name)"
        case .call(let callee, let arguments):
            let rendered = arguments.map { argument -> String in
                switch argument {
                case .expression(let value): expr(value)
                case .by(let name): "by \(name.name)"
                }
            }
            return "(\(callee.name)" + rendered.map { " " + $0 }.joined() + ")"
        case .unary(let op, let operand): return "(\(op.rawValue) \(expr(operand)))"
        case .binary(let op, let left, let right): return "(\(op.rawValue) \(expr(left)) \(expr(right)))"
        case .comparison(let op, let left, let right, let window):
            return "(\(op.rawValue) \(expr(left)) \(expr(right))\(window.map { " per " + $0.text } ?? ""))"
        case .between(let value, let low, let high): return "(between \(expr(value)) \(expr(low)) \(expr(high)))"
        case .within(let value, let tolerance, let window): return "(within \(expr(value)) \(expr(tolerance)) per \(window.text))"
        case .exists(let value): return "(exists \(expr(value)))"
        case .conditional(let condition, let whenTrue, let whenFalse):
            return "(if \(expr(condition)) \(expr(whenTrue)) \(expr(whenFalse)))"
        case .parenthesized(let inner): return "(paren \(expr(inner)))"
        case .missing: return "<missing>"
        }
    }
}
