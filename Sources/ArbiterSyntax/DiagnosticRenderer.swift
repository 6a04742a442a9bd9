/// Renders diagnostics as text, in the style of rustc:
///
/// ```
/// error[E0101]: unknown name `stok`
///  --> Policies/garden_pricing.policy:21:10
///    |
/// 21 |     when stok > 500 and sales_7d < 5
///    |          ^^^^ not declared in this policy
///    |
///    = help: did you mean `stock`?
/// ```
///
/// Colour (ANSI) only when asked for; the CLI asks when standard error is a terminal.
public struct DiagnosticRenderer: Sendable {
    private let files: [FileID: SourceFile]
    private let color: Bool

    /// Creates a renderer that can show snippets of the given files.
    public init(files: [SourceFile], color: Bool = false) {
        self.files = Dictionary(files.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        self.color = color
    }

    /// A file by its identifier.
    public func file(_ id: FileID) -> SourceFile? { files[id] }

    /// The `path:line:column` of a span's start.
    public func location(_ span: Span) -> String {
        guard let file = files[span.file] else { return "<unknown>" }
        let position = file.location(of: span.start)
        return "\(file.path):\(position.line):\(position.column)"
    }

    private func paint(_ text: String, _ code: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Renders one diagnostic, ending with a newline. Its texts show control and
    /// invisible characters escaped (`shownInTerminal`), as the source lines do.
    public func render(_ diagnostic: Diagnostic) -> String {
        let severityColor = diagnostic.severity == .error ? "1;31" : "1;33"
        var out = paint("\(diagnostic.severity.rawValue)[\(diagnostic.code.rawValue)]", severityColor)
        out += paint(": \(diagnostic.message.shownInTerminal())", "1") + "\n"
        let gutterWidth = gutter(for: [diagnostic.span] + diagnostic.notes.compactMap(\.span))
        out += snippet(diagnostic.span, label: diagnostic.label, gutterWidth: gutterWidth, caretColor: severityColor)
        let pad = String(repeating: " ", count: gutterWidth)
        var trailer: [String] = []
        for note in diagnostic.notes {
            if let span = note.span {
                trailer.append(paint("note", "1;36") + ": \(note.message.shownInTerminal())\n" + snippet(span, label: nil, gutterWidth: gutterWidth, caretColor: "1;36"))
            } else {
                trailer.append("\(pad) = " + paint("note", "1") + ": \(note.message.shownInTerminal())\n")
            }
        }
        if let help = diagnostic.help {
            trailer.append("\(pad) = " + paint("help", "1;36") + ": \(help.shownInTerminal())\n")
        }
        if !trailer.isEmpty, files[diagnostic.span.file] != nil {
            out += "\(pad) \(paint("|", "1;34"))\n"
        }
        out += trailer.joined()
        return out
    }

    /// Renders many diagnostics, separated by blank lines.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined(separator: "\n")
    }

    private func gutter(for spans: [Span]) -> Int {
        let lines = spans.compactMap { span in files[span.file].map { $0.location(of: span.start).line } }
        return String(lines.max() ?? 1).count
    }

    /// Source lines longer than this many characters are shown cut to a window.
    static let longestShownLine = 240
    /// Characters shown before the place in a cut line, and after it (or its first part).
    static let contextShown = 80

    private func snippet(_ span: Span, label: String?, gutterWidth: Int, caretColor: String) -> String {
        let pad = String(repeating: " ", count: gutterWidth)
        guard let file = files[span.file] else { return "" }
        let start = file.location(of: span.start)
        let end = file.location(of: span.end)
        var out = "\(pad)\(paint("-->", "1;34")) \(file.path):\(start.line):\(start.column)\n"
        let line = file.lineScalars(start.line)
        var scalars: [Unicode.Scalar]
        var startColumn = start.column
        var lastColumn = end.line == start.line ? end.column : line.count + 1
        // A long line (a generated policy, a huge string) is shown as a window around the
        // place, marked with `…` where it is cut; of an ASCII line only the window is read.
        if line.count > Self.longestShownLine {
            let from = max(0, min(line.count, startColumn - 1 - Self.contextShown))
            let to = max(from, min(line.count, max(startColumn - 1, min(lastColumn - 1, startColumn - 1 + Self.contextShown)) + Self.contextShown))
            let lead: [Unicode.Scalar] = from > 0 ? ["…"] : []
            let shift = from - lead.count
            scalars = lead + line.slice(from..<to) + (to < line.count ? ["…"] : [])
            startColumn -= shift
            lastColumn = min(lastColumn - shift, scalars.count + 1)
        } else {
            scalars = line.slice(0..<line.count)
        }
        let sourceLine = String(String.UnicodeScalarView(scalars))
        let shown = expandTabs(sourceLine)
        out += "\(pad) \(paint("|", "1;34"))\n"
        let number = String(start.line) + String(repeating: " ", count: max(0, gutterWidth - String(start.line).count))
        out += paint(number, "1;34") + " \(paint("|", "1;34")) \(shown)\n"
        // Carets go by the terminal's cells: a CJK character or an emoji takes two.
        let before = expandTabs(String(String.UnicodeScalarView(scalars.prefix(startColumn - 1)))).displayWidth
        let covered = max(1, expandTabs(String(String.UnicodeScalarView(scalars.prefix(max(startColumn - 1, lastColumn - 1))))).displayWidth - before)
        let carets = String(repeating: "^", count: covered)
        out += "\(pad) \(paint("|", "1;34")) " + String(repeating: " ", count: before) + paint(carets + (label.map { " " + $0.shownInTerminal() } ?? ""), caretColor) + "\n"
        return out
    }

    private func expandTabs(_ text: String) -> String {
        text.shownInTerminal()
    }
}

extension String {
    /// The cells the text takes in a terminal: one per character, two for an East Asian
    /// wide or full-width character and for an emoji shown as one.
    var displayWidth: Int {
        reduce(0) { width, character in
            guard let scalar = character.unicodeScalars.first else { return width }
            let value = scalar.value
            let wide = (0x1100...0x115F).contains(value) || (0x2E80...0xA4CF).contains(value) && value != 0x303F
                || (0xAC00...0xD7A3).contains(value) || (0xF900...0xFAFF).contains(value) || (0xFE30...0xFE4F).contains(value)
                || (0xFF00...0xFF60).contains(value) || (0xFFE0...0xFFE6).contains(value) || (0x20000...0x3FFFD).contains(value)
                || scalar.properties.isEmojiPresentation
            return width + (wide ? 2 : 1)
        }
    }

    /// The text as a diagnostic shows a source line: a tab as four spaces, and a control
    /// or invisible formatting character as its `\u{…}` escape, so that a policy cannot
    /// recolour or clear the terminal, reorder the line or hide text in it, and every
    /// shown character takes the cells the carets count.
    func shownInTerminal() -> String {
        var spaced = ""
        for character in self { if character == "\t" { spaced += "    " } else { spaced.append(character) } }
        return spaced.escapingControlCharacters()
    }

    /// The text with each control or invisible formatting character but the line feed
    /// (unless `keepingLineFeeds` is false: for one line of a report, which a line feed
    /// would break in two) written as its `\u{…}` escape: for a report or a message that
    /// shows text from a history or a request (a key, a cell) on a terminal, where an
    /// escape sequence could recolour or clear it.
    public func escapingControlCharacters(keepingLineFeeds: Bool = true) -> String {
        func escapes(_ scalar: Unicode.Scalar) -> Bool { (scalar != "\n" || !keepingLineFeeds) && scalar.isInvisibleOrControl }
        guard unicodeScalars.contains(where: escapes) else { return self }
        var result = ""
        for scalar in unicodeScalars {
            if escapes(scalar) {
                result += scalar.escapedAsUnicode
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

extension Unicode.Scalar {
    /// A control character, a line or paragraph separator, or an invisible formatting
    /// character (bidirectional controls, zero-width spaces and joiners, the soft hyphen,
    /// the byte order mark, tags): what a policy's text shows escaped.
    public var isInvisibleOrControl: Bool {
        switch properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator: true
        default: properties.isBidiControl
        }
    }

    /// `\u{…}` with upper-case hex digits, as policy strings write a scalar.
    public var escapedAsUnicode: String {
        "\\u{\(String(value, radix: 16, uppercase: true))}"
    }
}
