import Arbiter
import ArbiterSyntax

extension PolicyAnalysis {
    /// Loads, checks and compiles the files, and picks one policy: `name`, or the only one.
    ///
    /// Check errors are printed to standard error and end the command with status 1;
    /// a missing or ambiguous policy is "could not run" (status 2). `role` names the
    /// option in messages (`--compare`).
    static func compiledPolicy(_ paths: [String], named name: String?, color: ColorChoice, role: String = "--policy") throws -> CompiledPolicy {
        let output = OutputSink.current
        let analysis = try load(paths)
        if analysis.diagnostics.hasErrors {
            let renderer = DiagnosticRenderer(files: analysis.sources, color: color.enabled(for: output))
            for diagnostic in analysis.diagnostics where diagnostic.severity == .error { output.error(renderer.render(diagnostic) + "\n") }
            throw ExitStatus.failure
        }
        let compiled: [String: CompiledPolicy]
        do { compiled = try Engine.compile(analysis.sources) } catch { throw CouldNotRun(error.description) }
        let known = compiled.keys.sorted()
        if let name {
            guard let plan = compiled[name] else {
                throw CouldNotRun("\(role): no policy named `\(name)`; the files hold \(known.map { "`\($0)`" }.joined(separator: ", "))")
            }
            return plan
        }
        guard compiled.count == 1, let only = compiled.values.first else {
            throw CouldNotRun("the files hold \(compiled.count) policies; choose one with --policy (\(known.joined(separator: ", ")))")
        }
        return only
    }
}
