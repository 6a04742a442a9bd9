import ArbiterSyntax
import ArbiterTestSupport
import Foundation
import Testing

/// The example policies of `Policies/` parse without a diagnostic.
@Suite struct ExamplePolicyTests {
    static let examples = Golden.files(under: Golden.repositoryRoot.appending(path: "Policies"), extension: "policy")

    @Test(arguments: examples)
    func parsesWithoutDiagnostics(_ url: URL) throws {
        let source = SourceFile(path: Golden.relativePath(url), bytes: Array(try Data(contentsOf: url)))
        let result = Parser.parse(source)
        let rendered = DiagnosticRenderer(files: [source]).render(result.diagnostics)
        #expect(result.diagnostics.isEmpty, "\(rendered)")
        #expect(result.file.policies.count == 1)
    }

    @Test func examplesExist() {
        #expect(Self.examples.count == 4)
    }
}
