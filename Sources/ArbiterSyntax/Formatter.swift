// The canonical layout
//
// `arbiter fmt` knows one layout. The formatter prints the tree again instead of
// shuffling whitespace, so the output depends only on the tree, its comments and two
// facts about the source: where blank lines were, and which blocks were written on one
// line. It works in two passes:
//
// 1. Layout (this file) turns each policy into code lines. Every line records the
//    source bytes its code came from, from its first token to its last. `policy` and
//    `input` are always one line per item or field, indented 2 spaces per level. A
//    `rule`, `budget` or `approve` block written with `{` and `}` on one source line
//    stays on one line when that line fits in 100 columns (comments not counted);
//    otherwise it gets one clause per line. A block with no content and no comment
//    prints as `{}`. Items are never reordered: the tree, and so the meaning, must not
//    change. Expressions (`Formatter+Expressions.swift`) are printed on one line with
//    the author's parentheses, so the tokens, and so the parse, stay the same.
//
// 2. Weaving (`Formatter+Comments.swift`) puts the comments back and adds blank lines.
//    Every comment is kept; only trailing whitespace is trimmed from its text.
//    - An own-line comment goes on its own line before the line that followed it,
//      indented like that line (one level deeper when that line is a closing `}`).
//      Comments after the last policy stay at the end of the file.
//    - A trailing comment stays at the end of the line that holds the code before it.
//    - A comment inside a statement that spans several source lines (a comment whose
//      position falls between the statement's first and last token) moves to its own
//      line just before the statement; a trailing comment after the statement's last
//      token stays at the end of the statement's line.
//    - Trailing comments on consecutive output lines form a run; a blank line, an
//      own-line comment or a line without a trailing comment ends the run. A run's `#`
//      signs are aligned in column 34, or two spaces after the run's longest code when
//      that is further right (the house style of the example policies).
//    - A blank line in the source between two lines (or comments) is kept, and several
//      collapse to one; never right after `{` or right before `}`. Policies are always
//      separated by exactly one blank line (their leading comments go with them). The
//      output ends with exactly one newline, uses LF only and indents with spaces.
//
// Formatting is idempotent: the output's blank lines, one-line blocks and comment
// places are exactly what the second run reads back.

/// The canonical formatter behind `arbiter fmt`.
///
/// Foundation also declares a `Formatter` class. In a file that imports both modules the
/// call `Formatter.format(file)` still resolves to this one, but a use as a type must be
/// written `ArbiterSyntax.Formatter`.
public enum Formatter {
    /// The widest line a one-line `rule`, `budget` or `approve` block may take, in columns.
    static let maximumOneLineWidth = 100
    /// The 1-based column where trailing comments start, unless their run's code is longer.
    static let trailingCommentColumn = 34

    /// Formats a parsed file in the canonical layout.
    ///
    /// Call it only for a file that parsed without errors: `.missing` nodes print as
    /// nothing. The result ends with one newline, or is empty for a file with neither
    /// policies nor comments.
    public static func format(_ file: PolicyFile) -> String {
        let comments = file.comments.sorted { $0.span.start < $1.span.start }
        var layout = Layout(source: file.source, comments: comments)
        for policy in file.policies { layout.policy(policy) }
        return weave(layout.lines, comments: comments, source: file.source)
    }

    /// One line of code in the output, before comments and blank lines are added.
    struct Line {
        /// What the line does to the block structure.
        enum Role {
            case plain
            /// Ends with `{`: no blank line may follow it.
            case opening
            /// A lone `}`: no blank line may precede it.
            case closing
        }

        /// The indentation level; each level is 2 spaces.
        var depth: Int
        /// The code, without indentation.
        var text: String
        /// The source offset of the line's first token.
        var start: Int
        /// The source offset just past the line's last token.
        var end: Int
        /// What the line does to the block structure.
        var role: Role
        /// Whether the line is a `policy NAME {` header.
        var startsPolicy = false
    }

    /// One line inside a block, before it is given its depth.
    struct BlockRow {
        var text: String
        var start: Int
        var end: Int
    }

    /// Turns policies into code lines.
    struct Layout {
        let source: SourceFile
        /// Every comment, sorted by position.
        let comments: [Comment]
        /// The lines so far, in output order; their source ranges increase and never overlap.
        private(set) var lines: [Line] = []

        init(source: SourceFile, comments: [Comment]) {
            self.source = source
            self.comments = comments
        }

        mutating func policy(_ policy: Policy) {
            let open = offset(of: UInt8(ascii: "{"), after: policy.name.span.end)
            let body = Span(file: policy.span.file, start: open, end: policy.span.end)
            let header = "policy \(policy.name.name)"
            if policy.items.isEmpty, !containsComment(body) {
                lines.append(Line(depth: 0, text: header + " {}", start: policy.span.start, end: policy.span.end, role: .plain, startsPolicy: true))
                return
            }
            lines.append(Line(depth: 0, text: header + " {", start: policy.span.start, end: open + 1, role: .opening, startsPolicy: true))
            for item in policy.items { self.item(item, depth: 1) }
            closeBlock(body, depth: 0)
        }

        mutating func item(_ item: Item, depth: Int) {
            switch item.kind {
            case .drives(let family):
                add(depth, "drives \(family.name)", item.span)
            case .key(let key):
                add(depth, "key \(key.name)", item.span)
            case .currency(let code):
                add(depth, "currency \(code.name)", item.span)
            case .timezone(let zone):
                add(depth, "timezone \(Formatter.quoted(zone.value))", item.span)
            case .input(let fields, let body):
                let rows = fields.map { BlockRow(text: "\($0.name.name): \(Formatter.render($0.type))", start: $0.span.start, end: $0.span.end) }
                block(header: "input", rows: rows, span: item.span, body: body, depth: depth, mayStayOnOneLine: false)
            case .control(let control):
                var text = "control \(control.name.name)"
                if let type = control.type { text += ": \(Formatter.render(type))" }
                if let value = control.defaultValue { text += " = \(Formatter.render(value))" }
                add(depth, text, item.span)
            case .resolve(let resolve):
                add(depth, "resolve \(resolve.control.name) by \(resolve.strategy.name)", item.span)
            case .let(let declaration):
                add(depth, "let \(declaration.name.name) = \(Formatter.render(declaration.value))", item.span)
            case .goal(let goal):
                let label = goal.name.map { "\($0.name): " } ?? ""
                add(depth, "goal \(label)\(Formatter.render(goal.condition))", item.span)
            case .rule(let rule):
                let header = "rule \(rule.name.name)" + (rule.description.map { " " + Formatter.quoted($0.value) } ?? "")
                let rows = rule.clauses.map { BlockRow(text: Formatter.render($0), start: $0.span.start, end: $0.span.end) }
                block(header: header, rows: rows, span: item.span, body: rule.bodySpan, depth: depth, mayStayOnOneLine: true)
            case .guard(let guardDecl):
                let text = "guard \(guardDecl.name.name): \(Formatter.render(guardDecl.condition))"
                    + " else \(Formatter.render(guardDecl.enforcement))"
                add(depth, text, item.span)
            case .budget(let budget):
                let header = "budget \(budget.name.name): \(Formatter.render(budget.limit)) per \(budget.window.text)"
                let rows = budget.clauses.map { BlockRow(text: Formatter.render($0), start: $0.span.start, end: $0.span.end) }
                block(header: header, rows: rows, span: item.span, body: budget.bodySpan, depth: depth, mayStayOnOneLine: true)
            case .approve(let approve):
                let header = "approve when \(Formatter.render(approve.condition))"
                let rows = approve.clauses.map { BlockRow(text: Formatter.render($0), start: $0.span.start, end: $0.span.end) }
                block(header: header, rows: rows, span: item.span, body: approve.bodySpan, depth: depth, mayStayOnOneLine: true)
            }
        }

        private mutating func add(_ depth: Int, _ text: String, _ span: Span) {
            lines.append(Line(depth: depth, text: text, start: span.start, end: span.end, role: .plain))
        }

        /// Lays out `header { rows }`; `span` is the whole construct, `body` its `{ … }`.
        private mutating func block(header: String, rows: [BlockRow], span: Span, body: Span, depth: Int, mayStayOnOneLine: Bool) {
            if rows.isEmpty, !containsComment(body) {
                add(depth, header + " {}", span)
                return
            }
            let close = closingBrace(of: body)
            if mayStayOnOneLine, isOneSourceLine(from: body.start, to: close) {
                let text = header + " { " + rows.map(\.text).joined(separator: " ") + " }"
                if depth * 2 + text.count <= Formatter.maximumOneLineWidth {
                    add(depth, text, span)
                    return
                }
            }
            lines.append(Line(depth: depth, text: header + " {", start: span.start, end: body.start + 1, role: .opening))
            for row in rows {
                lines.append(Line(depth: depth + 1, text: row.text, start: row.start, end: row.end, role: .plain))
            }
            closeBlock(body, depth: depth)
        }

        private mutating func closeBlock(_ body: Span, depth: Int) {
            let close = closingBrace(of: body)
            lines.append(Line(depth: depth, text: "}", start: close, end: close + 1, role: .closing))
        }

        /// The offset of the `}` that ends a `{ … }` span.
        private func closingBrace(of body: Span) -> Int {
            let last = body.end - 1
            let isBrace = last >= body.start && last < source.bytes.count && source.bytes[last] == UInt8(ascii: "}")
            return isBrace ? last : body.end
        }

        private func isOneSourceLine(from start: Int, to end: Int) -> Bool {
            !source.bytes[start..<min(end, source.bytes.count)].contains(UInt8(ascii: "\n"))
        }

        private func containsComment(_ span: Span) -> Bool {
            comments.contains { $0.span.start >= span.start && $0.span.start < span.end }
        }

        /// The offset of the first `byte` at or after `offset`, skipping whitespace and
        /// comments; `offset` itself when something else comes first.
        private func offset(of byte: UInt8, after offset: Int) -> Int {
            let bytes = source.bytes
            var index = offset
            while index < bytes.count {
                switch bytes[index] {
                case byte:
                    return index
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), 0x0C:
                    index += 1
                case UInt8(ascii: "#"):
                    while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                default:
                    return offset
                }
            }
            return offset
        }
    }
}
