import ArbiterChecker
import ArbiterSyntax
import ArgumentParser
import Foundation

/// `arbiter check PATH…`: parse and type-check policy files.
struct CheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Parse and type-check policy files.",
        discussion: """
            Folders are searched recursively for *.policy files. Exit codes: 0 no errors \
            (warnings allowed unless --deny-warnings), 1 the policies have errors, 2 could not run.
            """
    )

    @ArgumentParser.Argument(help: "Policy files or folders.")
    var paths: [String]

    @Option(help: "Output format: human or json.")
    var format: DiagnosticFormat = .human

    @Option(help: "Colour: auto, always or never.")
    var color: ColorChoice = .auto

    @Flag(help: "Treat warnings as errors.")
    var denyWarnings = false

    func run() async throws {
        let output = OutputSink.current
        let analysis = try PolicyAnalysis.load(paths)
        let diagnostics = analysis.diagnostics
        let errors = diagnostics.filter { $0.severity == .error }.count
        // A file skipped in a folder (warned about as it was found) is a warning too: a
        // policy went unchecked, which --deny-warnings must not pass.
        let warnings = diagnostics.count - errors + analysis.skipped.count
        switch format {
        case .human:
            let renderer = DiagnosticRenderer(files: analysis.sources, color: color.enabled(for: output))
            for diagnostic in diagnostics { output.write(renderer.render(diagnostic) + "\n") }
            let policies = analysis.policyCount
            output.write("checked \(plural(policies, "policy", "policies")) in \(plural(analysis.sources.count, "file", "files")): "
                + "\(plural(errors, "error", "errors")), \(plural(warnings, "warning", "warnings"))\n")
        case .json:
            output.write(DiagnosticJSON.report(analysis: analysis, errors: errors, warnings: warnings) + "\n")
        }
        if errors == 0, denyWarnings, warnings > 0 {
            // The summary says "0 errors": say why the run fails all the same.
            output.error("error: --deny-warnings: \(plural(warnings, "warning", "warnings")) \(warnings == 1 ? "fails" : "fail") the check\n")
        }
        if errors > 0 || (denyWarnings && warnings > 0) { throw ExitStatus.failure }
    }
}

/// `--format human|json` for commands that print diagnostics.
enum DiagnosticFormat: String, ExpressibleByArgument, CaseIterable {
    case human, json
}

/// "1 error", "3 errors".
func plural(_ count: Int, _ singular: String, _ pluralForm: String) -> String {
    "\(count) \(count == 1 ? singular : pluralForm)"
}
