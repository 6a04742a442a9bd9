import ArbiterSyntax
import ArbiterTestSupport
import Foundation
import Testing

/// Golden parse fixtures: `Tests/Fixtures/parse/<topic>/<case>.policy`.
///
/// Each case is parsed; the span-free tree goes to the sibling `.out` and the rendered
/// diagnostics (paths relative to the repository root, no colour) to `.err`, which is
/// absent when there are none. `UPDATE_GOLDEN=1` rewrites both; review the diff.
///
/// Topics: `valid/` cover every construct of the grammar and parse cleanly; `lenient/`
/// parse cleanly but hold words the checker rejects; `errors/` each have at least one
/// diagnostic and together cover every syntax code.
@Suite struct ParserGoldenTests {
    static let fixtures = Golden.fixtures("parse")

    static func parse(_ url: URL) throws -> (SourceFile, ParseResult) {
        let source = SourceFile(path: Golden.relativePath(url), bytes: Array(try Data(contentsOf: url)))
        return (source, Parser.parse(source))
    }

    static func topic(of url: URL) -> String {
        url.deletingLastPathComponent().lastPathComponent
    }

    @Test(arguments: fixtures)
    func matchesGolden(_ url: URL) throws {
        let (source, result) = try Self.parse(url)
        let tree = TreeDump.dump(result.file, spans: false)
        let diagnostics = DiagnosticRenderer(files: [source], color: false).render(result.diagnostics)
        let base = url.deletingPathExtension()
        if let difference = Golden.check(tree, against: base.appendingPathExtension("out")) {
            Issue.record("\(difference)")
        }
        if let difference = Golden.check(diagnostics, against: base.appendingPathExtension("err")) {
            Issue.record("\(difference)")
        }
        switch Self.topic(of: url) {
        case "valid", "lenient":
            #expect(result.diagnostics.isEmpty, "\(source.path) should parse cleanly:\n\(diagnostics)")
        case "errors":
            #expect(!result.diagnostics.isEmpty, "\(source.path) should have a diagnostic")
        default:
            Issue.record("\(source.path): unknown topic; use valid/, lenient/ or errors/")
        }
        for diagnostic in result.diagnostics {
            #expect(diagnostic.span.start >= 0 && diagnostic.span.start <= diagnostic.span.end && diagnostic.span.end <= source.bytes.count)
        }
    }

    /// One mistake, one diagnostic: how many each error fixture must have (a cascade or a
    /// lost error shows here even if the golden files were rewritten carelessly).
    static let expectedCounts: [(String, Int)] = [
        ("typo_in_rule", 1), ("missing_brace_at_end", 1), ("e0003_unterminated_string", 1), ("bang", 1),
        ("double_ampersand", 3), ("chained_comparison", 2), ("money_without_space", 2), ("impossible_date", 2),
        ("e0001_invalid_utf8", 1), ("e0002_unexpected_character", 2), ("e0004_invalid_escape", 4),
        ("e0005_malformed_literal", 4), ("e0006_unexpected_token", 5), ("e0007_unclosed_block", 4),
        ("e0008_nested_too_deeply", 2), ("e0010_reserved_word", 7), ("reserved_word_as_name", 3),
        ("operand_needs_parentheses", 3), ("budget_limit_not_literal", 2), ("control_default_without_type", 2),
        ("stray_top_level", 2), ("stray_tokens_in_blocks", 7),
    ]

    @Test(arguments: expectedCounts)
    func oneDiagnosticPerMistake(_ name: String, _ count: Int) throws {
        let (source, result) = try Self.parse(Golden.fixturesFolder("parse/errors").appending(path: "\(name).policy"))
        let rendered = DiagnosticRenderer(files: [source]).render(result.diagnostics)
        #expect(result.diagnostics.count == count, "\(source.path):\n\(rendered)")
    }

    @Test func theRuleAfterATypoIsStillRead() throws {
        let (_, result) = try Self.parse(Golden.fixturesFolder("parse/errors").appending(path: "typo_in_rule.policy"))
        let rules = result.file.policies.first?.items.compactMap { item -> String? in
            if case .rule(let rule) = item.kind { return rule.name.name }
            return nil
        }
        #expect(rules == ["clearance", "next"])
    }

    @Test func everySyntaxCodeHasAnErrorFixture() throws {
        var seen: Set<DiagnosticCode> = []
        for url in Self.fixtures where Self.topic(of: url) == "errors" {
            for diagnostic in try Self.parse(url).1.diagnostics { seen.insert(diagnostic.code) }
        }
        for code in DiagnosticCode.allCases where code.rawValue.hasPrefix("E00") {
            #expect(seen.contains(code), "no fixture under Tests/Fixtures/parse/errors reports \(code.rawValue)")
        }
    }

    /// The golden files have a fixture: a renamed case leaves no stale `.out` behind.
    @Test func noOrphanGoldenFiles() {
        let cases = Set(Self.fixtures.map { $0.deletingPathExtension().path })
        for url in Golden.fixtures("parse", extension: "out") + Golden.fixtures("parse", extension: "err") {
            let hasCase = cases.contains(url.deletingPathExtension().path)
            #expect(hasCase, "\(Golden.relativePath(url)) has no .policy")
        }
    }
}
