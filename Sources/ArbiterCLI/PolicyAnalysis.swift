import ArbiterChecker
import ArbiterSyntax

/// The policy files of a command line, parsed and checked, with every diagnostic.
///
/// A file with syntax errors is not type-checked: its tree has holes, and checking it
/// would only add noise to the syntax errors that explain it.
struct PolicyAnalysis {
    /// The files in command-line order.
    var sources: [SourceFile]
    /// The parsed files, in the same order.
    var parsed: [ParseResult]
    /// The result of checking the files without syntax errors.
    var checked: CheckResult
    /// Syntax and check diagnostics, sorted by file (command-line order), line, column.
    var diagnostics: [Diagnostic]
    /// Files in the folders searched that could not be opened by name, each warned about.
    var skipped: [String] = []

    /// How many policies the files hold.
    var policyCount: Int { parsed.reduce(0) { $0 + $1.file.policies.count } }

    /// Discovers, reads, parses and checks the named files and folders.
    static func load(_ paths: [String]) throws -> PolicyAnalysis {
        var skipped: [String] = []
        let files = try PolicySources.discover(paths, skipped: &skipped)
        if files.isEmpty { throw CouldNotRun("no .policy files found in \(paths.joined(separator: ", "))") }
        let sources = try files.map(PolicySources.load)
        let parsed = sources.map(Parser.parse)
        let clean = parsed.filter { !$0.diagnostics.hasErrors }.map(\.file)
        let checked = Checker.check(clean)
        let order = Dictionary(uniqueKeysWithValues: sources.enumerated().map { ($1.id, $0) })
        let all = parsed.flatMap(\.diagnostics) + checked.diagnostics
        let sorted = all.enumerated().sorted { left, right in
            let a = left.element.span, b = right.element.span
            let keyA = (order[a.file] ?? Int.max, a.start, left.offset)
            let keyB = (order[b.file] ?? Int.max, b.start, right.offset)
            return keyA < keyB
        }.map(\.element)
        return PolicyAnalysis(sources: sources, parsed: parsed, checked: checked, diagnostics: sorted, skipped: skipped)
    }
}
