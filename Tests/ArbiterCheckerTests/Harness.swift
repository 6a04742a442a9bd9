import ArbiterChecker
import ArbiterSyntax
import ArbiterTestSupport
import Foundation

/// Parses and checks policy text in memory.
enum Harness {
    /// The parse and check of one file; `diagnostics` holds both, sorted.
    struct Outcome {
        var source: SourceFile
        var result: CheckResult
        var diagnostics: [Diagnostic] { result.diagnostics }
        var policy: CheckedPolicy { result.policies[0] }
        /// The diagnostics rendered as `arbiter check` shows them.
        var rendered: String { DiagnosticRenderer(files: [source], color: false).render(diagnostics) }
        /// The codes of the diagnostics, in order.
        var codes: [DiagnosticCode] { diagnostics.map(\.code) }

        /// The span of the first occurrence of `fragment` in the source.
        func span(of fragment: String, occurrence: Int = 1) -> Span {
            let text = String(decoding: source.bytes, as: UTF8.self)
            var searchStart = text.startIndex
            var found: Range<String.Index>?
            for _ in 0..<occurrence {
                found = text.range(of: fragment, range: searchStart..<text.endIndex)
                guard let found else { break }
                searchStart = found.upperBound
            }
            guard let found else { return Span(file: source.id, start: 0, end: 0) }
            let start = text.utf8.distance(from: text.startIndex, to: found.lowerBound)
            return Span(file: source.id, start: start, end: start + fragment.utf8.count)
        }
    }

    static func check(_ text: String, path: String = "test.policy") -> Outcome {
        let source = SourceFile(path: path, text: text)
        let parsed = Parser.parse(source)
        return Outcome(source: source, result: Checker.check([parsed]))
    }

    static func check(file url: URL) throws -> Outcome {
        let source = SourceFile(path: Golden.relativePath(url), bytes: Array(try Data(contentsOf: url)))
        return Outcome(source: source, result: Checker.check([Parser.parse(source)]))
    }

    /// A complete pricing policy around some items, with inputs `sku`, `cost`, `price`,
    /// `msrp`, `competitor_price?`, `stock`, `sales_7d` and the control `price`. Every
    /// input is read by a goal so that no "unused" warning appears.
    static func pricing(_ items: String, inputs extra: String = "", currency: String = "EUR") -> String {
        """
        policy shop {
          drives pricing
          key sku
          currency \(currency)
          input {
            sku: text
            cost: money
            price: money
            msrp: money
            competitor_price: money?
            stock: int
            sales_7d: int
        \(extra)
          }
          control price
          goal uses: cost <= msrp and stock >= sales_7d and (competitor_price ?? price) > 0 EUR
        \(items)
        }

        """
    }
}
