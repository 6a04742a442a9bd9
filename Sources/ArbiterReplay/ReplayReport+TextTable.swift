import ArbiterSyntax

extension ReplayReport {
    /// A plain-text table with aligned columns, for terminal reports.
    ///
    /// The first row is the header; its first cell is the section's title. Cells longer
    /// than their column's `maxWidth` are cut with `…`, so a long key or message cannot
    /// push a line past the terminal's width.
    struct TextTable {
        enum Alignment { case left, right }

        struct Column {
            var title: String
            var alignment: Alignment
            var maxWidth: Int
        }

        var columns: [Column]
        var rows: [[String]] = []

        init(_ columns: [(String, Alignment)], maxWidth: Int = 40) {
            self.columns = columns.map { Column(title: $0.0, alignment: $0.1, maxWidth: maxWidth) }
        }

        /// A row; control characters in a cell (a key or a cell from the history) are
        /// escaped, so they are shown as text, never sent to the terminal as commands.
        mutating func add(_ cells: [String]) { rows.append(cells.map { $0.escapingControlCharacters() }) }

        /// The lines: the header, then each row indented by two spaces.
        func render() -> [String] {
            var widths = columns.map { $0.title.count }
            // A title over columns without headings of their own (`Skipped rows (first 20
            // of 25)`) overhangs its column rather than widen it, which would push the
            // rows past the report's width.
            let titleWidth = columns.dropFirst().allSatisfy(\.title.isEmpty) ? 0 : widths[0] - 2
            widths[0] = max(Self.firstColumnWidth, titleWidth)
            for row in rows {
                for (index, cell) in row.enumerated() where index < columns.count {
                    widths[index] = max(widths[index], min(cell.count, columns[index].maxWidth))
                }
            }
            var lines: [String] = []
            var header = Self.align(columns.first?.title ?? "", width: widths[0] + 2, .left)
            for (index, column) in columns.enumerated().dropFirst() {
                header += "  " + Self.align(column.title, width: widths[index], column.alignment)
            }
            lines.append(Self.trimmed(header))
            for row in rows {
                var line = "  "
                for (index, column) in columns.enumerated() {
                    let cell = Self.cut(index < row.count ? row[index] : "", to: column.maxWidth)
                    if index > 0 { line += "  " }
                    line += Self.align(cell, width: widths[index], column.alignment)
                }
                lines.append(Self.trimmed(line))
            }
            return lines
        }

        /// The least width of the first column, so that sections line up.
        static let firstColumnWidth = 18

        static func align(_ text: String, width: Int, _ alignment: Alignment) -> String {
            let pad = String(repeating: " ", count: max(0, width - text.count))
            return alignment == .left ? text + pad : pad + text
        }

        /// The text cut to `width` characters, ending in `…` when cut.
        static func cut(_ text: String, to width: Int) -> String {
            text.count <= width ? text : String(text.prefix(max(0, width - 1))) + "…"
        }

        static func trimmed(_ line: String) -> String {
            var line = line
            while line.last == " " { line.removeLast() }
            return line
        }
    }
}
