import ArbiterChecker
import ArbiterSyntax
import ArbiterTestSupport
import Foundation
import Testing

/// Golden fixtures: every `Tests/Fixtures/check/<topic>/<case>.policy` is parsed and
/// checked, and the rendered diagnostics are compared with the sibling `.err` file (no
/// `.err` file means no diagnostic). `UPDATE_GOLDEN=1` rewrites the `.err` files.
@Suite struct CheckFixtureTests {
    static let fixtures = Golden.fixtures("check")

    static func rendered(_ url: URL) throws -> String {
        let outcome = try Harness.check(file: url)
        return outcome.rendered
    }

    static func golden(for url: URL) -> URL {
        url.deletingPathExtension().appendingPathExtension("err")
    }

    @Test(arguments: fixtures)
    func matchesGolden(_ url: URL) throws {
        let actual = try Self.rendered(url)
        let difference = Golden.check(actual, against: Self.golden(for: url))
        #expect(difference == nil, "\(difference ?? "")")
    }

    /// Each fixture shows one problem: exactly one diagnostic, and no parse error.
    @Test(arguments: fixtures)
    func reportsExactlyOneDiagnostic(_ url: URL) throws {
        let outcome = try Harness.check(file: url)
        let parse = Parser.parse(outcome.source)
        #expect(parse.diagnostics.isEmpty, "the fixture must parse: \(outcome.rendered)")
        if url.deletingLastPathComponent().lastPathComponent != "clean" {
            #expect(outcome.diagnostics.count == 1, "\(outcome.rendered)")
        } else {
            #expect(outcome.diagnostics.isEmpty, "\(outcome.rendered)")
        }
    }

    /// Every checker code (names, types, forms, warnings) has a fixture whose golden
    /// output shows it; the syntax codes `E00xx` belong to the parser's fixtures.
    @Test func everyCheckerCodeHasAFixture() throws {
        var shown = ""
        for url in Self.fixtures {
            shown += (try? String(contentsOf: Self.golden(for: url), encoding: .utf8)) ?? ""
        }
        let checkerCodes = DiagnosticCode.allCases.filter { !$0.rawValue.hasPrefix("E00") }
        for code in checkerCodes {
            let header = "[\(code.rawValue)]:"
            #expect(shown.contains(header), "no fixture under Tests/Fixtures/check shows \(code.rawValue) (\(code))")
        }
    }
}
