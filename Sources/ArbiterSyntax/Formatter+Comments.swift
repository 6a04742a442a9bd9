// Weaving comments and blank lines into the code lines.
//
// Each comment is placed by comparing its offset with the source ranges of the code
// lines, which increase and do not overlap (the essay in `Formatter.swift` gives the
// rules). Lines cover every token, so the last line that starts before a comment holds
// the token just before it:
//
//   comment inside that line's range      -> own line, just before that line
//   trailing comment after the range      -> end of that line
//   own-line comment after the range      -> own line, before the next line
//   nothing left after it                 -> own line at the end of the file
//
// Blank lines are decided between consecutive output units (code lines and own-line
// comments) from the source text between them. A comment moved out of a statement
// counts as sitting at the statement's start, so blank lines before the statement go
// before the moved comment.

extension Formatter {
    /// An own-line comment and the source range that decides the blank lines around it.
    private struct LeadingComment {
        var text: String
        var start: Int
        var end: Int
    }

    /// One line of output.
    private enum Row {
        case blank
        case comment(depth: Int, text: String)
        case code(depth: Int, text: String, trailing: String?)
    }

    /// Where each comment goes, by the index of the code line it goes with.
    private struct Placement {
        /// Own-line comments to print before each line.
        var leading: [[LeadingComment]]
        /// The comment to print at the end of each line.
        var trailing: [String?]
        /// Own-line comments after the last line.
        var atEnd: [LeadingComment] = []
    }

    /// Decides where each comment goes; `comments` are sorted by position.
    private static func place(_ comments: [Comment], around lines: [Line], source: SourceFile) -> Placement {
        var placement = Placement(leading: Array(repeating: [], count: lines.count),
                                  trailing: Array(repeating: nil, count: lines.count))
        var next = 0
        for comment in comments {
            let offset = comment.span.start
            while next < lines.count, lines[next].start < offset { next += 1 }
            let text = trimmed(source.text(of: comment.span))
            let previous = next - 1
            if previous >= 0, offset < lines[previous].end {
                let start = lines[previous].start
                placement.leading[previous].append(LeadingComment(text: text, start: start, end: start))
            } else if previous >= 0, comment.isTrailing, placement.trailing[previous] == nil {
                placement.trailing[previous] = text
            } else if next < lines.count {
                placement.leading[next].append(LeadingComment(text: text, start: offset, end: comment.span.end))
            } else {
                placement.atEnd.append(LeadingComment(text: text, start: offset, end: comment.span.end))
            }
        }
        return placement
    }

    /// Puts comments and blank lines around the code lines and renders the file.
    static func weave(_ lines: [Line], comments: [Comment], source: SourceFile) -> String {
        let placement = place(comments, around: lines, source: source)
        var rows: [Row] = []
        var previousEnd: Int?
        var previousOpens = false
        func separate(from start: Int, closing: Bool = false, forced: Bool = false) {
            guard let end = previousEnd else { return }
            if forced || (!previousOpens && !closing && hasBlankLine(source.bytes, from: end, to: start)) {
                rows.append(.blank)
            }
        }
        for (index, line) in lines.enumerated() {
            // INVARIANT: policies after the first are preceded by exactly one blank line,
            // placed before their leading comments.
            let forced = line.startsPolicy && index > 0
            for (position, comment) in placement.leading[index].enumerated() {
                separate(from: comment.start, forced: forced && position == 0)
                rows.append(.comment(depth: line.role == .closing ? line.depth + 1 : line.depth, text: comment.text))
                previousEnd = comment.end
                previousOpens = false
            }
            separate(from: line.start, closing: line.role == .closing, forced: forced && placement.leading[index].isEmpty)
            rows.append(.code(depth: line.depth, text: line.text, trailing: placement.trailing[index]))
            previousEnd = line.end
            previousOpens = line.role == .opening
        }
        for comment in placement.atEnd {
            separate(from: comment.start)
            rows.append(.comment(depth: 0, text: comment.text))
            previousEnd = comment.end
            previousOpens = false
        }
        return assemble(rows)
    }

    /// Renders rows, aligning the trailing comments of each run of consecutive lines
    /// that all carry one: in `trailingCommentColumn`, or two spaces after the run's
    /// longest code when that is further right.
    private static func assemble(_ rows: [Row]) -> String {
        var output: [String] = []
        var run: [(code: String, comment: String)] = []
        func flushRun() {
            let commentStart = max(trailingCommentColumn - 1, (run.map(\.code.count).max() ?? 0) + 2)
            for (code, comment) in run {
                output.append(code + String(repeating: " ", count: commentStart - code.count) + comment)
            }
            run.removeAll()
        }
        for row in rows {
            switch row {
            case .code(let depth, let text, let comment?):
                run.append((indentation(depth) + text, comment))
            case .code(let depth, let text, nil):
                flushRun()
                output.append(indentation(depth) + text)
            case .comment(let depth, let text):
                flushRun()
                output.append(indentation(depth) + text)
            case .blank:
                flushRun()
                output.append("")
            }
        }
        flushRun()
        return output.isEmpty ? "" : output.joined(separator: "\n") + "\n"
    }

    private static func indentation(_ depth: Int) -> String {
        String(repeating: "  ", count: depth)
    }

    /// A comment's text without trailing spaces, tabs, form feeds or carriage returns.
    private static func trimmed(_ text: String) -> String {
        var scalars = Substring(text).unicodeScalars
        while let last = scalars.last, last == " " || last == "\t" || last == "\r" || last == "\u{0C}" {
            scalars.removeLast()
        }
        return String(scalars)
    }

    /// Whether the bytes between two offsets hold an empty line: two line feeds with
    /// only whitespace between them.
    private static func hasBlankLine(_ bytes: [UInt8], from start: Int, to end: Int) -> Bool {
        var sawLineFeed = false
        var onlyWhitespace = false
        var index = max(0, start)
        while index < min(end, bytes.count) {
            switch bytes[index] {
            case UInt8(ascii: "\n"):
                if sawLineFeed, onlyWhitespace { return true }
                sawLineFeed = true
                onlyWhitespace = true
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), 0x0C:
                break
            default:
                onlyWhitespace = false
            }
            index += 1
        }
        return false
    }
}
