import ArbiterSyntax
import ArbiterTestSupport
import Foundation
import Testing

/// Grammar/README.md stays in step with the code: its table of diagnostic codes lists
/// exactly `DiagnosticCode.allCases` with their severities and summaries, and it lists
/// every reserved and contextual word.
///
/// A new diagnostic code fails `diagnosticTableListsEveryCode` until the README documents
/// it; `UPDATE_GOLDEN=1` rewrites the table between its markers.
@Suite struct GrammarReadmeTests {
    static let url = Golden.repositoryRoot.appending(path: "Grammar/README.md")
    static let tableStart = "<!-- diagnostic-codes:begin -->"
    static let tableEnd = "<!-- diagnostic-codes:end -->"

    static func readme() throws -> String {
        try String(contentsOf: url, encoding: .utf8)
    }

    /// The table as it should read, generated from `DiagnosticCode.allCases`.
    static var expectedTable: String {
        var lines = ["| code | severity | meaning |", "|---|---|---|"]
        for code in DiagnosticCode.allCases {
            lines.append("| \(code.rawValue) | \(code.severity.rawValue) | \(code.summary.replacingOccurrences(of: "|", with: "\\|")) |")
        }
        return lines.joined(separator: "\n")
    }

    /// The cells of a Markdown table row; `\|` is a literal bar inside a cell.
    static func cells(_ row: String) -> [String] {
        var cells: [String] = []
        var cell = ""
        var escaped = false
        for character in row.trimmingCharacters(in: .whitespaces).dropFirst() {
            if escaped {
                cell.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "|" {
                cells.append(cell.trimmingCharacters(in: .whitespaces))
                cell = ""
            } else {
                cell.append(character)
            }
        }
        return cells
    }

    /// The section of the README under a `## ` heading, up to the next one.
    static func section(_ heading: String, of text: String) throws -> String {
        let parts = text.components(separatedBy: "\n## ")
        let found = parts.first { $0.hasPrefix(heading + "\n") }
        return try #require(found, "Grammar/README.md has no `## \(heading)` section")
    }

    @Test func diagnosticTableListsEveryCode() throws {
        var text = try Self.readme()
        let start = try #require(text.range(of: Self.tableStart), "the README lacks \(Self.tableStart)")
        let end = try #require(text.range(of: Self.tableEnd), "the README lacks \(Self.tableEnd)")
        if Golden.isUpdating {
            text.replaceSubrange(start.upperBound..<end.lowerBound, with: "\n" + Self.expectedTable + "\n")
            try text.write(to: Self.url, atomically: true, encoding: .utf8)
            return
        }
        var documented: [String: (severity: String, summary: String)] = [:]
        for line in text[start.upperBound..<end.lowerBound].split(separator: "\n") where line.hasPrefix("| E") || line.hasPrefix("| W") {
            let cells = Self.cells(String(line))
            try #require(cells.count == 3, "a row of the code table needs three cells: \(line)")
            #expect(documented[cells[0]] == nil, "\(cells[0]) is listed twice")
            documented[cells[0]] = (cells[1], cells[2])
        }
        let hint = "run the tests with UPDATE_GOLDEN=1 to regenerate the table in Grammar/README.md"
        for code in DiagnosticCode.allCases {
            guard let row = documented[code.rawValue] else {
                Issue.record("Grammar/README.md does not document \(code.rawValue) (\(code.summary)); \(hint)")
                continue
            }
            #expect(row.severity == code.severity.rawValue, "\(code.rawValue): \(hint)")
            #expect(row.summary == code.summary, "\(code.rawValue): \(hint)")
        }
        let known = Set(DiagnosticCode.allCases.map(\.rawValue))
        for code in documented.keys where !known.contains(code) {
            Issue.record("Grammar/README.md documents \(code), which is not a DiagnosticCode; \(hint)")
        }
    }

    @Test func listsEveryReservedWord() throws {
        let section = try Self.section("Reserved words", of: Self.readme())
        for keyword in Keyword.allCases {
            let listed = section.contains("`\(keyword.rawValue)`")
            #expect(listed, "`\(keyword.rawValue)` is missing from the reserved words")
        }
    }

    @Test func listsEveryContextualWord() throws {
        let section = try Self.section("Contextual words", of: Self.readme())
        for word in LexerTests.contextualWords {
            let listed = section.contains("`\(word)`")
            #expect(listed, "`\(word)` is missing from the contextual words")
        }
    }

    @Test func keepsTheCanonicalLayoutSection() throws {
        _ = try Self.section("Canonical layout", of: Self.readme())
    }

    @Test func statesTheNestingLimit() throws {
        let stated = try Self.readme().contains("\(Parser.maximumDepth) levels")
        #expect(stated, "Grammar/README.md should state the nesting limit of \(Parser.maximumDepth) levels")
    }

    @Test func cellsUnescapeBars() {
        #expect(Self.cells(#"| E0302 | error | `resolve by max\|min` on a control |"#) == ["E0302", "error", "`resolve by max|min` on a control"])
    }
}
