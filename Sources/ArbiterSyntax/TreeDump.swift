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
        case .named(let name): name.name.isEmpty ? "<missing>" : name.name
        case .oneOf(let cases): "(one-of " + cases.map { Self.quoted($0.value) }.joined(separator: " ") + ")"
        }
        return base + (type.isOptional ? "?" : "")
    }

    private func enforcement(_ enforcement: Enforcement) -> String {
        var text = enforcement.action.name
        if let role = enforcement.role { text += " by \(Self.quoted(role.value))" }
        if let expires = enforcement.expires { text += " expires \(expires.text)" }
        return text
    }

    // The switches below bind no payloads and call one small function per case: an
    // unoptimised build gives every binding of every case a stack slot, and `expr` runs
    // once per level of an expression's depth (see Parser+Expressions.swift).

    private mutating func item(_ item: Item) {
        switch item.kind {
        case .drives, .key, .currency, .timezone, .control, .resolve, .let, .goal, .guard: line(1, header(item))
        case .input: input(item)
        case .rule: rule(item)
        case .budget: budget(item)
        case .approve: approve(item)
        }
    }

    /// The one-line dump of an item without a block.
    private func header(_ item: Item) -> String {
        let where_ = at(item.span)
        switch item.kind {
        case .drives(let family): return "(drives \(family.name)\(where_))"
        case .key(let key): return "(key \(key.name)\(where_))"
        case .currency(let code): return "(currency \(code.name)\(where_))"
        case .timezone(let zone): return "(timezone \(Self.quoted(zone.value))\(where_))"
        case .control(let control):
            var text = "(control \(control.name.name)"
            if let declared = control.type { text += " \(type(declared))" }
            if let value = control.defaultValue { text += " = \(expr(value))" }
            return text + "\(where_))"
        case .resolve(let resolve): return "(resolve \(resolve.control.name) \(resolve.strategy.name)\(where_))"
        case .let(let declaration): return "(let \(declaration.name.name) \(expr(declaration.value))\(where_))"
        case .goal(let goal): return "(goal \(goal.name.map { $0.name + " " } ?? "")\(expr(goal.condition))\(where_))"
        case .guard(let guardDecl):
            return "(guard \(guardDecl.name.name) \(expr(guardDecl.condition)) else \(enforcement(guardDecl.enforcement))\(where_))"
        case .input, .rule, .budget, .approve: return ""
        }
    }

    private mutating func input(_ item: Item) {
        guard case .input(let fields, _) = item.kind else { return }
        line(1, "(input\(at(item.span))")
        for field in fields { line(2, "(\(field.name.name) \(type(field.type))\(at(field.span)))") }
        line(1, ")")
    }

    private mutating func rule(_ item: Item) {
        guard case .rule(let rule) = item.kind else { return }
        line(1, "(rule \(rule.name.name)\(rule.description.map { " " + Self.quoted($0.value) } ?? "")\(at(item.span))")
        for clause in rule.clauses {
            switch clause {
            case .active(let from, let to, _): line(2, "(active \(from.text) \(to.text))")
            case .when(let condition, _): line(2, "(when \(expr(condition)))")
            case .set(let control, let value, _): line(2, "(set \(control.name) \(expr(value)))")
            }
        }
        line(1, ")")
    }

    private mutating func budget(_ item: Item) {
        guard case .budget(let budget) = item.kind else { return }
        line(1, "(budget \(budget.name.name) \(expr(budget.limit)) per \(budget.window.text)\(at(item.span))")
        for clause in budget.clauses {
            switch clause {
            case .spends(let amount, _): line(2, "(spends \(expr(amount)))")
            case .tracks(let field, _): line(2, "(tracks \(field.name))")
            case .otherwise(let enforcement, _): line(2, "(else \(self.enforcement(enforcement)))")
            }
        }
        line(1, ")")
    }

    private mutating func approve(_ item: Item) {
        guard case .approve(let approve) = item.kind else { return }
        line(1, "(approve \(expr(approve.condition))\(at(item.span))")
        for clause in approve.clauses {
            switch clause {
            case .by(let role, _): line(2, "(by \(Self.quoted(role.value)))")
            case .expires(let duration, _): line(2, "(expires \(duration.text))")
            }
        }
        line(1, ")")
    }

    private static func quoted(_ text: String) -> String {
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
        case .literal: Self.literal(expression)
        case .name, .member, .missing: Self.leaf(expression)
        case .call: call(expression)
        case .unary: unary(expression)
        case .binary: binary(expression)
        case .comparison: comparison(expression)
        case .between: between(expression)
        case .within: within(expression)
        case .exists: exists(expression)
        case .conditional: conditional(expression)
        case .parenthesized: parenthesized(expression)
        }
    }

    private static func literal(_ expression: Expr) -> String {
        guard case .literal(let literal) = expression.kind else { return "" }
        switch literal {
        case .number(let text): return text
        case .money(let amount, let currency): return "\(amount) \(currency)"
        case .percent(let text): return "\(text)%"
        case .duration(let text), .date(let text), .time(let text): return text
        case .string(let text): return Self.quoted(text)
        case .bool(let value): return value ? "true" : "false"
        }
    }

    private static func leaf(_ expression: Expr) -> String {
        switch expression.kind {
        case .name(let name): name
        case .member(let base, let member): "\(base.name).\(member.name)"
        default: "<missing>"
        }
    }

    private func call(_ expression: Expr) -> String {
        guard case .call(let callee, let arguments) = expression.kind else { return "" }
        var text = "(" + callee.name
        for argument in arguments {
            text += " "
            text += self.argument(argument)
        }
        return text + ")"
    }

    private func argument(_ argument: Argument) -> String {
        switch argument {
        case .expression(let value): expr(value)
        case .by(let name): "by \(name.name)"
        }
    }

    private func unary(_ expression: Expr) -> String {
        guard case .unary(let op, let operand) = expression.kind else { return "" }
        return "(" + op.rawValue + " " + expr(operand) + ")"
    }

    private func binary(_ expression: Expr) -> String {
        guard case .binary(let op, let left, let right) = expression.kind else { return "" }
        return "(" + op.rawValue + " " + expr(left) + " " + expr(right) + ")"
    }

    private func comparison(_ expression: Expr) -> String {
        guard case .comparison(let op, let left, let right, let window) = expression.kind else { return "" }
        return "(" + op.rawValue + " " + expr(left) + " " + expr(right) + (window.map { " per " + $0.text } ?? "") + ")"
    }

    private func between(_ expression: Expr) -> String {
        guard case .between(let value, let low, let high) = expression.kind else { return "" }
        return "(between " + expr(value) + " " + expr(low) + " " + expr(high) + ")"
    }

    private func within(_ expression: Expr) -> String {
        guard case .within(let value, let tolerance, let window) = expression.kind else { return "" }
        return "(within " + expr(value) + " " + expr(tolerance) + " per " + window.text + ")"
    }

    private func exists(_ expression: Expr) -> String {
        guard case .exists(let value) = expression.kind else { return "" }
        return "(exists " + expr(value) + ")"
    }

    private func conditional(_ expression: Expr) -> String {
        guard case .conditional(let condition, let whenTrue, let whenFalse) = expression.kind else { return "" }
        return "(if " + expr(condition) + " " + expr(whenTrue) + " " + expr(whenFalse) + ")"
    }

    private func parenthesized(_ expression: Expr) -> String {
        guard case .parenthesized(let inner) = expression.kind else { return "" }
        return "(paren " + expr(inner) + ")"
    }
}
