import ArbiterChecker
import ArbiterSyntax
import ArbiterTestSupport
import Foundation
import Testing

/// The checker's diagnostics follow STYLE.md, and their fix-its are exact.
@Suite struct DiagnosticStyleTests {
    static func allDiagnostics() throws -> [Diagnostic] {
        try CheckFixtureTests.fixtures.flatMap { try Harness.check(file: $0).diagnostics }
    }

    /// Lowercase, one line, no final period; notes and help likewise end without a period.
    @Test func messagesFollowTheStyle() throws {
        for diagnostic in try Self.allDiagnostics() {
            let texts = [diagnostic.message] + diagnostic.notes.map(\.message) + [diagnostic.label, diagnostic.help].compactMap { $0 }
            for text in texts {
                #expect(!text.hasSuffix("."), "\(diagnostic.code.rawValue): \(text)")
                #expect(!text.contains("\n"), "\(diagnostic.code.rawValue): \(text)")
            }
            let first = diagnostic.message.first.map(String.init) ?? ""
            #expect(first == first.lowercased(), "\(diagnostic.code.rawValue): \(diagnostic.message)")
            #expect(!diagnostic.message.contains("ValueType") && !diagnostic.message.contains("Optional("))
        }
    }

    struct FixCase: Sendable, CustomTestStringConvertible {
        var text: String
        var code: DiagnosticCode
        var replaced: String
        var replacement: String
        var testDescription: String { "\(code.rawValue): `\(replaced)` → `\(replacement)`" }
    }

    static let fixes: [FixCase] = [
        FixCase(text: Harness.pricing("rule r { when stok > 1  set price = cost }"), code: .unknownName, replaced: "stok", replacement: "stock"),
        FixCase(text: Harness.pricing("guard g: price > 0 else block"), code: .invalidComparison, replaced: "0", replacement: "0 EUR"),
        FixCase(text: Harness.pricing("rule r { when stock > 1  set price = 5 }"), code: .setTypeMismatch, replaced: "5", replacement: "5 EUR"),
        FixCase(text: Harness.pricing("rule r { when stock > 1  set prcie = cost }"), code: .setNonControl, replaced: "prcie", replacement: "price"),
        FixCase(text: Harness.pricing("rule r { when stock > 1  set price = maxx(cost, price) }"), code: .unknownFunction, replaced: "maxx", replacement: "max"),
        FixCase(text: Harness.pricing("guard g: price >= cost else clmp"), code: .unknownEnforcement, replaced: "clmp", replacement: "clamp"),
        FixCase(text: Harness.pricing("", currency: "EUX").replacingOccurrences(of: "0 EUR", with: "0 EUX"), code: .unknownCurrency, replaced: "EUX", replacement: "EUR"),
        FixCase(text: Harness.pricing("resolve price by maxi"), code: .invalidResolve, replaced: "maxi", replacement: "max"),
        // A parenthesized number gets its unit without the parentheses: `(5) EUR` would not parse.
        FixCase(text: Harness.pricing("guard g: price > (5) else block"), code: .invalidComparison, replaced: "(5)", replacement: "5 EUR"),
        FixCase(text: Harness.pricing("guard g: price > -((5)) else block"), code: .invalidComparison, replaced: "-((5))", replacement: "-5 EUR"),
        // A case is suggested as a literal that parses: its quote and backslash escaped.
        FixCase(text: Harness.pricing(#"control tier: one of "a\"b", "c\\d" = "a\"c""#), code: .unknownEnumCase,
                replaced: #""a\"c""#, replacement: #""a\"b""#),
        // Another language's operators and quotes are read as meant and fixed.
        FixCase(text: Harness.pricing("rule r { when stock = 1  set price = cost }"), code: .unexpectedToken, replaced: "=", replacement: "=="),
        FixCase(text: Harness.pricing("rule r { when stock => 1  set price = cost }"), code: .unexpectedToken, replaced: "=>", replacement: ">="),
        FixCase(text: Harness.pricing("rule r { when stock =< 1  set price = cost }"), code: .unexpectedToken, replaced: "=<", replacement: "<="),
        FixCase(text: Harness.pricing("rule r { when stock ≥ 1  set price = cost }"), code: .unexpectedCharacter, replaced: "≥", replacement: ">="),
        FixCase(text: Harness.pricing("rule r { when stock > 1  set price = cost × 2 }"), code: .unexpectedCharacter, replaced: "×", replacement: "*"),
        FixCase(text: Harness.pricing("rule r { when stock > 1  set price = cost * 110％ }"), code: .unexpectedCharacter, replaced: "％", replacement: "%"),
        FixCase(text: Harness.pricing("rule r { when stock > 1\u{00A0} set price = cost }"), code: .unexpectedCharacter, replaced: "\u{00A0}", replacement: " "),
        FixCase(text: Harness.pricing("guard g: price >= cost else clamp;"), code: .unexpectedCharacter, replaced: ";", replacement: ""),
        FixCase(text: Harness.pricing(#"control tier: one of "a", "b\\c" = “b\c”"#), code: .unexpectedCharacter, replaced: "“b\\c”", replacement: #""b\\c""#),
        FixCase(text: Harness.pricing("control tier: one of \"a\", \"b\" = 'b'"), code: .unexpectedCharacter, replaced: "'b'", replacement: "\"b\""),
        FixCase(text: Harness.pricing("control tier: oneof \"a\", \"b\" = \"a\""), code: .unexpectedToken, replaced: "oneof", replacement: "one of"),
        FixCase(text: Harness.pricing("control tier: one of \"a\" \"b\" = \"a\""), code: .unexpectedToken, replaced: "", replacement: ","),
        FixCase(text: Harness.pricing("rule r { when units > 1  set price = cost }", inputs: "units: integer"), code: .unknownType, replaced: "integer", replacement: "int"),
        // `??` binds more loosely than arithmetic: the parentheses it needs.
        FixCase(text: Harness.pricing("let offer = stock + 0 ?? 1  rule r { when offer > 1  set price = cost }".replacingOccurrences(of: "stock + 0 ?? 1", with: "cost + competitor_price ?? price").replacingOccurrences(of: "offer > 1", with: "offer > 1 EUR")),
                code: .unnarrowedOptional, replaced: "cost + competitor_price ?? price", replacement: "cost + (competitor_price ?? price)"),
        // A no-break space between digits is a thousands separator: `_` here.
        FixCase(text: Harness.pricing("guard g: price < 20\u{00A0}000 EUR else block"), code: .unexpectedCharacter, replaced: "\u{00A0}", replacement: "_"),
        // An apostrophe inside single-quoted text is part of it.
        FixCase(text: Harness.pricing(#"control tier: one of "don't", "b" = 'don't'"#), code: .unexpectedCharacter, replaced: "'don't'", replacement: #""don't""#),
        // A bidirectional control in a string is written as its escape, which shows it.
        FixCase(text: Harness.pricing("rule r \"cut \u{202E} now\" { when stock > 1  set price = cost }"), code: .unexpectedCharacter,
                replaced: "\u{202E}", replacement: "\\u{202E}"),
        // A duration unit spelt out, an amount glued to its code, C's `&&`.
        FixCase(text: Harness.pricing("guard g: changes(price, 1day) < 3 else block"), code: .malformedLiteral, replaced: "1day", replacement: "1d"),
        FixCase(text: Harness.pricing("guard g: price > 5EUR else block"), code: .malformedLiteral, replaced: "5EUR", replacement: "5 EUR"),
        // A duration in two units, as Go and inputs write it; one below a millisecond.
        FixCase(text: Harness.pricing("guard g: changes(price, 1h30m) < 3 else block"), code: .malformedLiteral, replaced: "1h30m", replacement: "90m"),
        FixCase(text: Harness.pricing("guard g: changes(price, 1m30s500ms) < 3 else block"), code: .malformedLiteral, replaced: "1m30s500ms", replacement: "90.5s"),
        FixCase(text: Harness.pricing("guard g: changes(price, 1_500us) < 3 else block"), code: .malformedLiteral, replaced: "1_500us", replacement: "1.5ms"),
        FixCase(text: Harness.pricing("rule r { when stock > 1&&stock < 9  set price = cost }"), code: .unexpectedCharacter, replaced: "&&", replacement: " and "),
        // A computed constant as a control's default: its value is the fix.
        FixCase(text: Harness.pricing("control boost: number = 2 + 3 * 0.5"), code: .invalidDefault, replaced: "2 + 3 * 0.5", replacement: "3.5"),
        FixCase(text: Harness.pricing("control share: percent = 10% * 2"), code: .invalidDefault, replaced: "10% * 2", replacement: "20%"),
        FixCase(text: Harness.pricing("control floor: money = 2 EUR + 3 EUR"), code: .invalidDefault, replaced: "2 EUR + 3 EUR", replacement: "5 EUR"),
    ]

    /// The fix-its, applied as a user would (all of a check's, then those the next check
    /// gives: an unknown currency hides its amounts' mismatch until it is fixed), give a
    /// policy that checks without errors.
    @Test(arguments: fixes)
    func appliedFixItChecks(_ fix: FixCase) throws {
        var text = fix.text
        for _ in 0..<3 {
            let fixIts = Harness.check(text).diagnostics.flatMap(\.fixIts)
            if fixIts.isEmpty { break }
            var bytes = Array(text.utf8)
            for fixIt in fixIts.sorted(by: { $0.span.start > $1.span.start }) {
                bytes.replaceSubrange(fixIt.span.start..<fixIt.span.end, with: Array(fixIt.replacement.utf8))
            }
            text = String(decoding: bytes, as: UTF8.self)
        }
        let fixed = Harness.check(text)
        #expect(!fixed.diagnostics.contains { $0.severity == .error }, "\(fixed.rendered)")
    }

    @Test(arguments: fixes)
    func fixItReplacesTheMistake(_ fix: FixCase) throws {
        let outcome = Harness.check(fix.text)
        #expect(outcome.codes == [fix.code], "\(outcome.rendered)")
        let fixIt = try #require(outcome.diagnostics.first?.fixIts.first)
        #expect(outcome.source.text(of: fixIt.span) == fix.replaced)
        #expect(fixIt.replacement == fix.replacement)
    }

    /// A mistake that has no certain fix gets help but no fix-it.
    @Test func uncertainFixesAreOnlyHelp() throws {
        let outcome = Harness.check(Harness.pricing("rule r { when stock > 1  set price = price + 10% }"))
        let diagnostic = try #require(outcome.diagnostics.first)
        #expect(diagnostic.help == "to raise a price by a percent write `price * 110%`")
        #expect(diagnostic.fixIts.isEmpty)
    }

    /// Mistakes whose fix is not certain: a quote without its other half (a `"` would open
    /// a string that never closes), `= >` (which operator?), `-o ?? 1` (which fallback?),
    /// and `stok + o ?? 1`, whose whole-expression fix would overlap the name's fix-it.
    @Test(arguments: [
        "rule r { when stock > 1  set price = cost }  control tier: one of \"a\", \"b\" = ‘a",
        "rule r { when price = > cost  set price = cost }",
        "let offer = -competitor_price ?? price  rule r { when offer < 0 EUR  set price = cost }",
        "let offer = cots + competitor_price ?? price  rule r { when offer < 0 EUR  set price = cost }",
        "let offer = cost + competitor_price ?? prise  rule r { when offer < 0 EUR  set price = cost }",
    ])
    func noFixItWhereTheFixIsNotCertain(_ items: String) throws {
        let outcome = Harness.check(Harness.pricing(items))
        #expect(!outcome.diagnostics.isEmpty)
        for diagnostic in outcome.diagnostics where diagnostic.code != .unknownName {
            #expect(diagnostic.fixIts.isEmpty, "\(outcome.rendered)")
        }
    }
}
