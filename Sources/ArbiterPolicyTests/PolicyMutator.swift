// Mutants of a policy, made by editing its source text at the spans of its syntax tree.
//
// Each mutant is one small, plausible mistake: a comparison flipped at its boundary or
// turned round, a `when` negated, a numeric or money constant moved by one step in its
// last digit, a rule or guard dropped, a guard's enforcement weakened to `warn` (or a
// `warn` made a `block`), `and` swapped with `or`. A good test suite tells each mutant
// from the original: some case decides differently. The caller compiles each mutant and
// skips those that no longer check.

import ArbiterSyntax

/// One edit of a policy's source text.
public struct Mutant: Sendable, Hashable {
    /// The byte range replaced.
    public var start: Int
    /// One past the last byte replaced.
    public var end: Int
    /// The new text.
    public var replacement: String
    /// What changed, e.g. "`>` → `>=`".
    public var change: String
    /// 1-based line of the edit.
    public var line: Int
    /// 1-based column of the edit.
    public var column: Int

    /// The source text with the edit applied.
    public func apply(to source: SourceFile) -> String {
        let bytes = Array(source.bytes[..<start]) + Array(replacement.utf8) + Array(source.bytes[end...])
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Makes the mutants of a policy.
public struct PolicyMutator {
    let source: SourceFile
    private(set) var mutants: [Mutant] = []

    /// The mutants of `policy`, read from `source`, in source order.
    public static func mutants(of policy: Policy, in source: SourceFile) -> [Mutant] {
        var mutator = PolicyMutator(source: source)
        for item in policy.items { mutator.visit(item) }
        return mutator.mutants.sorted { ($0.start, $0.change) < ($1.start, $1.change) }
    }

    mutating func add(_ start: Int, _ end: Int, _ replacement: String, _ change: String) {
        let place = source.location(of: start)
        mutants.append(Mutant(start: start, end: end, replacement: replacement, change: change, line: place.line, column: place.column))
    }

    private mutating func visit(_ item: Item) {
        switch item.kind {
        case .let(let declaration): visit(declaration.value)
        case .goal(let goal): visit(goal.condition)
        case .rule(let rule):
            add(item.span.start, item.span.end, "", "drop rule `\(rule.name.name)`")
            for clause in rule.clauses {
                switch clause {
                case .when(let condition, _):
                    add(condition.span.start, condition.span.end, "not (\(source.text(of: condition.span)))", "negate `when` of rule `\(rule.name.name)`")
                    visit(condition)
                case .set(_, let value, _): visit(value)
                case .active: break
                }
            }
        case .guard(let guardItem):
            add(item.span.start, item.span.end, "", "drop guard `\(guardItem.name.name)`")
            let action = guardItem.enforcement.action
            let weaker = action.name == "warn" ? "block" : "warn"
            add(action.span.start, action.span.end, weaker, "guard `\(guardItem.name.name)`: `\(action.name)` → `\(weaker)`")
            visit(guardItem.condition)
        case .budget(let budget):
            visit(budget.limit)
            for case .spends(let amount, _) in budget.clauses { visit(amount) }
        case .approve(let approve): visit(approve.condition)
        default: break
        }
    }

    private mutating func visit(_ expression: Expr) {
        switch expression.kind {
        case .literal(let literal): constant(literal, expression.span)
        case .call(_, let arguments):
            for case .expression(let argument) in arguments { visit(argument) }
        case .unary(_, let operand): visit(operand)
        case .binary(let op, let left, let right):
            if op == .and || op == .or {
                let other = op == .and ? "or" : "and"
                between(left, right, op.rawValue, other)
            }
            visit(left)
            visit(right)
        case .comparison(let op, let left, let right, _):
            for other in Self.flips[op] ?? [] { between(left, right, op.rawValue, other.rawValue) }
            visit(left)
            visit(right)
        case .between(let value, let low, let high):
            visit(value)
            visit(low)
            visit(high)
        case .within(let value, let tolerance, _):
            visit(value)
            visit(tolerance)
        case .exists(let value), .parenthesized(let value): visit(value)
        case .conditional(let condition, let then, let otherwise):
            visit(condition)
            visit(then)
            visit(otherwise)
        case .name, .member, .missing: break
        }
    }

    /// Boundary flips first, then the comparison turned round.
    static let flips: [ComparisonOperator: [ComparisonOperator]] = [
        .greater: [.greaterEqual, .less], .greaterEqual: [.greater, .lessEqual],
        .less: [.lessEqual, .greater], .lessEqual: [.less, .greaterEqual],
        .equal: [.notEqual], .notEqual: [.equal],
    ]

    /// Replaces the operator `old` written between two operands.
    private mutating func between(_ left: Expr, _ right: Expr, _ old: String, _ new: String) {
        let gap = Array(source.text(of: Span(file: source.id, start: left.span.end, end: right.span.start)).utf8)
        guard let offset = Self.operatorOffset(of: Array(old.utf8), in: gap) else { return }
        let start = left.span.end + offset
        add(start, start + old.utf8.count, new, "`\(old)` → `\(new)`")
    }

    /// Where the operator `op` is in the text between two operands: outside comments (a
    /// `#` to the end of its line, where `or` may be part of `store`), and for a word
    /// operator not part of a longer word.
    static func operatorOffset(of op: [UInt8], in gap: [UInt8]) -> Int? {
        func isWordByte(_ byte: UInt8) -> Bool {
            (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte) || byte == 95
        }
        let isWord = op.allSatisfy(isWordByte)
        var index = 0
        while index + op.count <= gap.count {
            if gap[index] == UInt8(ascii: "#") {
                while index < gap.count, gap[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            }
            if gap[index..<(index + op.count)].elementsEqual(op) {
                let before = index > 0 ? gap[index - 1] : UInt8(ascii: " ")
                let after = index + op.count < gap.count ? gap[index + op.count] : UInt8(ascii: " ")
                if !isWord || (!isWordByte(before) && !isWordByte(after)) { return index }
            }
            index += 1
        }
        return nil
    }

    /// Moves a numeric, percent or money constant by one unit of its last digit.
    private mutating func constant(_ literal: Literal, _ span: Span) {
        switch literal {
        case .number, .percent, .money: break
        default: return
        }
        let text = source.text(of: span)
        let scalars = Array(text.utf8)
        guard let first = scalars.firstIndex(where: { (48...57).contains($0) }) else { return }
        // The digits, with the `.` and the `_` separators between them (`1_999.50`).
        var last = first
        while last + 1 < scalars.count, (48...57).contains(scalars[last + 1])
            || ((scalars[last + 1] == UInt8(ascii: ".") || scalars[last + 1] == UInt8(ascii: "_")) && last + 2 < scalars.count && (48...57).contains(scalars[last + 2])) {
            last += 1
        }
        let number = String(decoding: scalars[first...last], as: UTF8.self)
        guard let moved = Self.step(number) else { return }
        let start = span.start + first
        add(start, span.start + last + 1, moved, "`\(text)` → `\(text.replacingOccurrences(of: number, with: moved))`")
    }

    /// `19.99` → `20.00`, `20` → `21`, `9_999` → `10_000`: one unit of the last digit up.
    static func step(_ number: String) -> String? {
        var digits = Array(number)
        var index = digits.count - 1
        while index >= 0 {
            if digits[index] == "." || digits[index] == "_" { index -= 1; continue }
            guard let digit = digits[index].wholeNumberValue else { return nil }
            if digit < 9 {
                digits[index] = Character(String(digit + 1))
                return String(digits)
            }
            digits[index] = "0"
            index -= 1
        }
        return "1" + String(digits)
    }
}
