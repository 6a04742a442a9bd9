import ArbiterChecker
import ArbiterSyntax
import ArbiterTestSupport
import Foundation
import Testing

/// The example policies of `Policies/` check without any error or warning.
@Suite struct ExamplePolicyTests {
    static let examples = Golden.files(under: Golden.repositoryRoot.appending(path: "Policies"), extension: "policy")

    @Test(arguments: examples)
    func checksWithoutDiagnostics(_ url: URL) throws {
        let outcome = try Harness.check(file: url)
        #expect(outcome.diagnostics.isEmpty, "\(outcome.rendered)")
        #expect(outcome.result.policies.count == 1)
        #expect(outcome.result.policies.allSatisfy { !$0.hasErrors })
    }

    @Test func allFourExamplesAreChecked() {
        #expect(Self.examples.count == 4)
    }

    @Test func allExamplesTogetherHaveUniqueNames() throws {
        let parsed = try Self.examples.map { url in
            Parser.parse(SourceFile(path: Golden.relativePath(url), bytes: Array(try Data(contentsOf: url))))
        }
        let result = Checker.check(parsed)
        #expect(result.diagnostics.isEmpty)
        #expect(Set(result.policies.map(\.name)) == ["category_ranking", "garden_pricing", "search_ads", "storefront_autoscale"])
    }
}
