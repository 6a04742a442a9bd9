import ArbiterSyntax
import Foundation

/// The `--format json` form of `arbiter check`'s result.
enum DiagnosticJSON {
    struct Report: Encodable {
        var files: Int
        var policies: Int
        var errors: Int
        var warnings: Int
        var diagnostics: [Entry]
        /// Files in the folders searched that could not be read (counted in `warnings`);
        /// left out when there are none.
        var skipped: [String]?
    }

    struct Entry: Encodable {
        var code: String
        var severity: String
        var message: String
        var file: String
        var line: Int
        var column: Int
        var endLine: Int
        var endColumn: Int
        var label: String?
        var notes: [String]
        var help: String?
        var fixIts: [FixItEntry]

        enum CodingKeys: String, CodingKey {
            case code, severity, message, file, line, column
            case endLine = "end_line", endColumn = "end_column"
            case label, notes, help
            case fixIts = "fix_its"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(code, forKey: .code)
            try container.encode(severity, forKey: .severity)
            try container.encode(message, forKey: .message)
            try container.encode(file, forKey: .file)
            try container.encode(line, forKey: .line)
            try container.encode(column, forKey: .column)
            try container.encode(endLine, forKey: .endLine)
            try container.encode(endColumn, forKey: .endColumn)
            try container.encode(label, forKey: .label)
            try container.encode(notes, forKey: .notes)
            try container.encode(help, forKey: .help)
            try container.encode(fixIts, forKey: .fixIts)
        }
    }

    struct FixItEntry: Encodable {
        var line: Int
        var column: Int
        var endLine: Int
        var endColumn: Int
        var replacement: String

        enum CodingKeys: String, CodingKey {
            case line, column, replacement
            case endLine = "end_line", endColumn = "end_column"
        }
    }

    static func report(analysis: PolicyAnalysis, errors: Int, warnings: Int) -> String {
        let files = Dictionary(uniqueKeysWithValues: analysis.sources.map { ($0.id, $0) })
        let renderer = DiagnosticRenderer(files: analysis.sources)
        let entries = analysis.diagnostics.map { diagnostic -> Entry in
            let file = files[diagnostic.span.file]
            let start = file?.location(of: diagnostic.span.start) ?? (0, 0)
            let end = file?.location(of: diagnostic.span.end) ?? (0, 0)
            let notes = diagnostic.notes.map { note in
                note.span.map { "\(note.message) (at \(renderer.location($0)))" } ?? note.message
            }
            let fixIts = diagnostic.fixIts.map { fix -> FixItEntry in
                let from = file?.location(of: fix.span.start) ?? (0, 0)
                let to = file?.location(of: fix.span.end) ?? (0, 0)
                return FixItEntry(line: from.0, column: from.1, endLine: to.0, endColumn: to.1, replacement: fix.replacement)
            }
            return Entry(code: diagnostic.code.rawValue, severity: diagnostic.severity.rawValue, message: diagnostic.message,
                         file: file?.path ?? "", line: start.0, column: start.1, endLine: end.0, endColumn: end.1,
                         label: diagnostic.label, notes: notes, help: diagnostic.help, fixIts: fixIts)
        }
        let report = Report(files: analysis.sources.count, policies: analysis.policyCount, errors: errors,
                            warnings: warnings, diagnostics: entries, skipped: analysis.skipped.isEmpty ? nil : analysis.skipped)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(report)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
